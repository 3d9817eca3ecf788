/**
 * Entries written by the keytar versions of aws-harden (Secret Service attributes service + account,
 * written here with secret-tool exactly as keytar wrote them) are found by the @napi-rs/keyring version
 * (service + username), moved on first read, and removed by delete. Run with scripts/with-keyring.sh.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessKeyEntry, consolePasswordEntry, openKeychain } from '../../src/keychain/index.js';
import { credentialProcess } from '../../src/keychain/credential-process.js';
import { utf8FromUtf16Misread } from '../../src/keychain/legacy.js';

function keytarStore(entry: string, secret: string): void {
  const r = spawnSync('secret-tool', ['store', '--label', `aws-harden/${entry}`, 'service', 'aws-harden', 'account', entry], { input: secret, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}
function lookup(attr: 'account' | 'username', entry: string): string | undefined {
  const r = spawnSync('secret-tool', ['lookup', 'service', 'aws-harden', attr, entry], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

describe('keytar-era entries (real Secret Service)', () => {
  it('a keytar-written entry is found, moved to the new attributes on first read, and the old item removed', async () => {
    const entry = consolePasswordEntry('123456789012', `kt-${randomUUID().slice(0, 8)}`);
    keytarStore(entry, 'old pa$$word');
    expect(lookup('username', entry)).toBeUndefined();
    const kc = openKeychain();
    expect(await kc.get(entry)).toBe('old pa$$word');
    expect(lookup('username', entry)).toBe('old pa$$word');
    expect(lookup('account', entry)).toBeUndefined();
    expect(await kc.get(entry)).toBe('old pa$$word');
    expect(await kc.delete(entry)).toBe(true);
    expect(await kc.get(entry)).toBeUndefined();
  });

  it('credential-process serves a keytar-written access key', async () => {
    const user = `kt-${randomUUID().slice(0, 8)}`;
    const entry = accessKeyEntry('123456789012', user);
    keytarStore(entry, JSON.stringify({ AccessKeyId: 'AKIAKEYTAR', SecretAccessKey: 'written/by+keytar' }));
    const out: string[] = [];
    const err: string[] = [];
    expect(await credentialProcess('123456789012', user, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) })).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ Version: 1, AccessKeyId: 'AKIAKEYTAR', SecretAccessKey: 'written/by+keytar' });
    expect(err).toEqual([]);
    await openKeychain().delete(entry);
  });

  it('delete also removes a keytar-written entry that was never read', async () => {
    const entry = consolePasswordEntry('123456789012', `kt-${randomUUID().slice(0, 8)}`);
    keytarStore(entry, 'never read');
    expect(await openKeychain().delete(entry)).toBe(true);
    expect(lookup('account', entry)).toBeUndefined();
    expect(lookup('username', entry)).toBeUndefined();
  });

  it('a new entry wins over a keytar-era one of the same name', async () => {
    const entry = consolePasswordEntry('123456789012', `kt-${randomUUID().slice(0, 8)}`);
    keytarStore(entry, 'stale');
    const kc = openKeychain();
    await kc.set(entry, 'fresh');
    expect(await kc.get(entry)).toBe('fresh');
    expect(await kc.delete(entry)).toBe(true);
    expect(lookup('account', entry)).toBeUndefined();
  });
});

describe('keytar-era entries on Windows (decoding only; the Credential Manager is not here)', () => {
  it('recovers UTF-8 text that was read as UTF-16 little-endian', () => {
    const text = '{"AccessKeyId":"AKIA1","SecretAccessKey":"ab/cd+EF"}'; // even length, as the library needs
    const misread = Buffer.from(text, 'utf8').toString('utf16le');
    expect(misread).not.toBe(text);
    expect(utf8FromUtf16Misread(misread)).toBe(text);
  });
});
