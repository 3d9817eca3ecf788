/**
 * `--keychain os|file`: parsed for the wizard and for credential-process, and carried into the
 * credential_process line the access-key step writes, so the AWS CLI reads the same keychain.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { parseCli, USAGE, UsageError } from '../../src/args.js';
import { credentialProcessCommand } from '../../src/steps/access-key/index.js';

describe('--keychain', () => {
  it('is parsed for the wizard, audit and credential-process', () => {
    expect(parseCli(['--keychain', 'file'])).toMatchObject({ command: 'wizard', keychain: 'file' });
    expect(parseCli(['audit', '--keychain', 'os'])).toMatchObject({ command: 'audit', keychain: 'os' });
    expect(parseCli([])).not.toHaveProperty('keychain');
    expect(parseCli(['credential-process', '--account', '123456789012', '--user', 'admin', '--keychain', 'file'])).toEqual({
      command: 'credential-process',
      account: '123456789012',
      user: 'admin',
      keychain: 'file',
    });
  });

  it('refuses a keychain aws-harden does not have, naming the choices', () => {
    expect(() => parseCli(['--keychain', 'kwallet'])).toThrow(UsageError);
    expect(() => parseCli(['--keychain', 'kwallet'])).toThrow('--keychain "kwallet" is not a keychain aws-harden has; choose one of: os, file.');
    expect(() => parseCli(['credential-process', '--account', '123456789012', '--user', 'a', '--keychain', 'x'])).toThrow('credential-process: --keychain "x" is not a keychain');
  });

  it('is in --help', () => {
    expect(USAGE).toMatch(/--keychain KIND {4}where secrets are kept: os \(default/);
  });

  it('the credential_process line says --keychain file when the secrets are in the file', () => {
    expect(credentialProcessCommand('123456789012', 'admin', 'file')).toMatch(/ credential-process --account 123456789012 --user admin --keychain file$/);
    expect(credentialProcessCommand('123456789012', 'admin', 'os')).toMatch(/ credential-process --account 123456789012 --user admin$/);
    expect(credentialProcessCommand('123456789012', 'admin')).toMatch(/ --user admin$/);
  });
});

describe('--keychain file in a whole run (no D-Bus at all)', () => {
  it('plan --sandbox --keychain file: the profile it would write reads the file keychain', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kc-plan-')), 'keychain.enc');
    const env = cleanEnv({ AWS_HARDEN_KEYCHAIN_FILE: path, AWS_HARDEN_KEYCHAIN_PASSPHRASE: 'plan passphrase' });
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const r = await runCli(['plan', '--sandbox', '--keychain', 'file', '--json'], env, 120_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"credential_process": "[^"]* credential-process --account \d{12} --user admin --keychain file"/);
    expect(() => statSync(path)).toThrow(); // a dry run writes no secret, so no file either
  }, 130_000);
});
