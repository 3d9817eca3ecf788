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
import { sessionBusPath } from '../../src/keychain/dbus.js';
import { dirname } from 'node:path';
import { runChild } from './run-child.js';

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

  it('needs no libsecret at run time: found and moved by a process whose PATH has no secret-tool', async () => {
    const entry = consolePasswordEntry('123456789012', `kt-${randomUUID().slice(0, 8)}`);
    keytarStore(entry, 'no libsecret');
    const r = await runChild(['keychain-get', entry], { ...process.env, PATH: dirname(process.execPath) });
    expect(r).toEqual({ ok: true, value: 'no libsecret' });
    expect(lookup('account', entry)).toBeUndefined();
    expect(await openKeychain().delete(entry)).toBe(true);
  });

  it('delete also removes a keytar-written entry that was never read', async () => {
    const entry = consolePasswordEntry('123456789012', `kt-${randomUUID().slice(0, 8)}`);
    keytarStore(entry, 'never read');
    expect(await openKeychain().delete(entry)).toBe(true);
    expect(lookup('account', entry)).toBeUndefined();
    expect(lookup('username', entry)).toBeUndefined();
  });

  it('a long, non-ASCII keytar-era secret comes back byte for byte (the D-Bus reader, not libsecret)', async () => {
    const entry = consolePasswordEntry('123456789012', `kt-${randomUUID().slice(0, 8)}`);
    const secret = `Ünïcödé ✓ ${'x'.repeat(700)} 秘密`;
    keytarStore(entry, secret);
    const kc = openKeychain();
    expect(await kc.get(entry)).toBe(secret);
    expect(lookup('username', entry)).toBe(secret);
    expect(await kc.delete(entry)).toBe(true);
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

describe('the session bus address', () => {
  it('takes unix:path and unix:abstract (escaped), and refuses what it cannot use', () => {
    expect(sessionBusPath('unix:path=/run/user/1000/bus')).toBe('/run/user/1000/bus');
    expect(sessionBusPath('unix:abstract=/tmp/dbus-AbC%2c1,guid=0123')).toBe('\0/tmp/dbus-AbC,1');
    expect(sessionBusPath('tcp:host=localhost,port=1;unix:path=/tmp/b')).toBe('/tmp/b');
    expect(() => sessionBusPath(undefined)).toThrow(/no usable D-Bus session bus address/);
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
