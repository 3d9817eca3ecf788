/**
 * The passphrase prompt on a real terminal (node-pty): asked on /dev/tty, never on stdout (which the AWS
 * CLI reads from credential-process), nothing echoed; and the offer of the file keychain where no Secret
 * Service answers. Needs `npm run build` (it runs dist/cli.js).
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from 'node-pty';
import { describe, expect, it } from 'vitest';
import { fileKeychain, PASSPHRASE_ENV } from '../../src/keychain/index.js';
import { CLI } from '../helpers/cli.js';
import { CHILD } from './run-child.js';

const PASS = 'correct horse battery';
const KEY = { AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'kc-tty-'));
  const path = join(dir, 'keychain.enc');
  const env: Record<string, string> = { ...(process.env as Record<string, string>), AWS_HARDEN_KEYCHAIN_FILE: path, LANG: 'C.UTF-8' };
  delete env[PASSPHRASE_ENV];
  return { dir, path, env };
}

/** A command in a pseudo-terminal; `screen` is everything written to the terminal (not to redirected stdout). */
function inPty(command: string, env: Record<string, string>) {
  const p = pty.spawn('bash', ['-c', command], { name: 'xterm', cols: 200, rows: 30, env });
  let screen = '';
  p.onData((d) => (screen += d));
  const exited = new Promise<number>((resolve) => p.onExit((e) => resolve(e.exitCode)));
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 30_000;
    while (!screen.includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; terminal: ${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { write: (t: string) => p.write(t), screen: () => screen, waitFor, exited };
}

describe('file keychain on a terminal', () => {
  it('credential-process --keychain file asks for the passphrase on the terminal; stdout holds only the credentials', async () => {
    const { dir, path, env } = setup();
    await fileKeychain('aws-harden', { path, env: { [PASSPHRASE_ENV]: PASS } }).set('123456789012/admin/access-key', JSON.stringify(KEY));
    const out = join(dir, 'stdout');
    const t = inPty(`'${process.execPath}' '${CLI}' credential-process --account 123456789012 --user admin --keychain file > '${out}'`, env);
    await t.waitFor(`Passphrase of the aws-harden keychain file ${path}: `);
    t.write(`${PASS}\r`);
    expect(await t.exited).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ Version: 1, ...KEY });
    expect(readFileSync(out, 'utf8')).not.toContain('Passphrase');
    expect(t.screen()).not.toContain(PASS); // not echoed
    expect(t.screen()).not.toContain(KEY.SecretAccessKey);
  });

  it('a wrong passphrase typed at credential-process: one line on stderr, exit 1, the file byte-identical', async () => {
    const { dir, path, env } = setup();
    await fileKeychain('aws-harden', { path, env: { [PASSPHRASE_ENV]: PASS } }).set('123456789012/admin/access-key', JSON.stringify(KEY));
    const before = readFileSync(path);
    const out = join(dir, 'stdout');
    const t = inPty(`'${process.execPath}' '${CLI}' credential-process --account 123456789012 --user admin --keychain file > '${out}'`, env);
    await t.waitFor('Passphrase of the aws-harden keychain file');
    t.write('wrong passphrase\r');
    expect(await t.exited).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('');
    expect(t.screen()).toMatch(/aws-harden credential-process: Wrong passphrase for the keychain file .*keychain\.enc: it does not decrypt it\. The file was not changed\. Run again/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('no Secret Service: the interactive run offers the encrypted file, asks a new passphrase twice, and stores there', async () => {
    const { path, env } = setup();
    env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/bus';
    delete env.DISPLAY;
    const t = inPty(`'${process.execPath}' --import tsx '${CHILD}' choose 123456789012/admin/console-password 'Pa55word!'`, env);
    await t.waitFor('No OS keychain (Secret Service) is reachable here');
    await t.waitFor('Use the encrypted file? [y/N] ');
    expect(t.screen()).toContain(path);
    t.write('y\r');
    await t.waitFor('New passphrase for the aws-harden keychain file');
    t.write(`${PASS}\r`);
    await t.waitFor('The same passphrase again: ');
    t.write(`${PASS}\r`);
    expect(await t.exited).toBe(0);
    expect(t.screen()).toContain('{"ok":true,"backend":"file"}');
    expect(t.screen()).not.toContain(PASS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await fileKeychain('aws-harden', { path, env: { [PASSPHRASE_ENV]: PASS } }).get('123456789012/admin/console-password')).toBe('Pa55word!');
  });

  it('no Secret Service, offer declined: the OS keychain stays, and its error names --keychain file', async () => {
    const { path, env } = setup();
    env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/bus';
    const t = inPty(`'${process.execPath}' --import tsx '${CHILD}' choose 123456789012/admin/console-password x`, env);
    await t.waitFor('Use the encrypted file? [y/N] ');
    t.write('\r');
    await t.exited;
    expect(t.screen()).toMatch(/"error":\{"message":"Could not store .* no OS keychain \(Secret Service\) is reachable/);
    expect(t.screen()).toContain('--keychain file');
    expect(() => statSync(path)).toThrow();
  });
});
