/**
 * The encrypted-file keychain (--keychain file): what lands on disk, a wrong passphrase, a damaged file.
 * The passphrase comes from AWS_HARDEN_KEYCHAIN_PASSPHRASE here; file-tty.test.ts types it on a terminal.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKeychain, PASSPHRASE_ENV } from '../../src/keychain/index.js';
import { runChild } from './run-child.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PASS = 'correct horse battery';
const ENTRY = '123456789012/admin/access-key';

function tmpFile(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kc-file-'));
  return { dir, path: join(dir, 'aws-harden', 'keychain.enc') };
}
const open = (path: string, pass = PASS) => fileKeychain('aws-harden', { path, env: { [PASSPHRASE_ENV]: pass } });
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('file keychain', () => {
  it('stores, reads and deletes; the file is 0600 in a 0700 directory and holds no secret, entry name or passphrase in plain text', async () => {
    const { path } = tmpFile();
    const kc = open(path);
    expect(kc.backend).toBe('file');
    expect(await kc.get(ENTRY)).toBeUndefined();
    const value = JSON.stringify({ AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: SECRET });
    await kc.set(ENTRY, value);
    await kc.set('123456789012/admin/console-password', 'Console-Pa55word!');
    expect(await kc.get(ENTRY)).toBe(value);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    const raw = readFileSync(path);
    const text = raw.toString('latin1');
    for (const needle of [SECRET, 'AKIAEXAMPLE', 'Console-Pa55word!', ENTRY, 'admin', PASS]) {
      for (const form of [needle, Buffer.from(needle).toString('base64'), Buffer.from(needle).toString('hex')]) {
        expect(text.includes(form), `${needle} (${form}) in the file`).toBe(false);
      }
    }
    expect(JSON.parse(raw.toString('utf8'))).toMatchObject({ format: 'aws-harden-keychain', version: 1, cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 131072, r: 8, p: 1 } });
    expect(readdirSync(join(path, '..'))).toEqual(['keychain.enc']); // no temp file left behind
    // Another process (a new instance) with the same passphrase reads it; delete removes only that entry.
    const again = open(path);
    expect(await again.get(ENTRY)).toBe(value);
    expect(await again.delete(ENTRY)).toBe(true);
    expect(await again.delete(ENTRY)).toBe(false);
    expect(await again.get('123456789012/admin/console-password')).toBe('Console-Pa55word!');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a wrong passphrase: a clear error on read, write and delete, and the file stays byte-identical', async () => {
    const { path } = tmpFile();
    await open(path).set(ENTRY, SECRET);
    const before = { sha: sha(path), mtime: statSync(path).mtimeMs };
    const wrong = open(path, 'not the passphrase');
    const message = /^Wrong passphrase for the keychain file .*keychain\.enc: it does not decrypt it\. The file was not changed\.$/;
    await expect(wrong.get(ENTRY)).rejects.toThrow(message);
    await expect(wrong.set(ENTRY, 'overwrite')).rejects.toThrow(message);
    await expect(wrong.delete(ENTRY)).rejects.toThrow(message);
    await expect(wrong.unlock()).rejects.toMatchObject({ remedy: expect.stringMatching(/passphrase chosen when the file was created.*AWS_HARDEN_KEYCHAIN_PASSPHRASE/) });
    expect(sha(path)).toBe(before.sha);
    expect(statSync(path).mtimeMs).toBe(before.mtime);
    expect(await open(path).get(ENTRY)).toBe(SECRET);
  });

  it('a damaged or foreign file is refused and left as it is', async () => {
    const { path, dir } = tmpFile();
    const other = join(dir, 'other.enc');
    writeFileSync(other, '{"format":"something-else"}\n', { mode: 0o600 });
    const kc = open(other);
    await expect(kc.set(ENTRY, SECRET)).rejects.toThrow(/^The keychain file .*other\.enc is not one aws-harden can read \(not the aws-harden-keychain v1 format\)\. It was left as it is\.$/);
    expect(readFileSync(other, 'utf8')).toBe('{"format":"something-else"}\n');
    await open(path).set(ENTRY, SECRET);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, 40), { mode: 0o600 });
    await expect(open(path).get(ENTRY)).rejects.toThrow(/is not one aws-harden can read \(not JSON\)/);
    expect(readFileSync(path, 'utf8')).toBe(text.slice(0, 40));
  });

  it('a new file refuses a passphrase shorter than 8 characters and writes nothing', async () => {
    const { path } = tmpFile();
    await expect(open(path, 'short').set(ENTRY, SECRET)).rejects.toThrow(/at least 8 characters.*Nothing was written/);
    expect(() => statSync(path)).toThrow();
  });

  it('no terminal for the passphrase prompt (and no AWS_HARDEN_KEYCHAIN_PASSPHRASE): a clear message naming both ways out, nothing written', async () => {
    const { path } = tmpFile();
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_HARDEN_KEYCHAIN_FILE: path };
    delete env[PASSPHRASE_ENV];
    // setsid: the child has no controlling terminal, so /dev/tty cannot be opened.
    const r = await runChild(['file-set', ENTRY, SECRET], env, ['setsid', '-w']);
    expect(r.error?.message).toMatch(/^No terminal to ask for the passphrase of the keychain file .*keychain\.enc on \(\/dev\/tty: ENXIO\)\.$/);
    expect(r.error?.remedy).toMatch(/Run aws-harden from a terminal, or set AWS_HARDEN_KEYCHAIN_PASSPHRASE/);
    expect(r.error?.exitCode).toBe(2);
    expect(() => statSync(path)).toThrow();
  });
});
