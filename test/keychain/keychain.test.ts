/**
 * The keychain module against a real Secret Service (gnome-keyring in a private D-Bus session: run
 * with scripts/with-keyring.sh), and without one (a child process whose D-Bus address leads nowhere).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessKeyEntry, consolePasswordEntry, keychainError, openKeychain, parseAccessKey } from '../../src/keychain/index.js';
import { credentialProcess } from '../../src/keychain/credential-process.js';
import { envWithout, runChild } from './run-child.js';

describe('keychain (real Secret Service)', () => {
  it('stores, reads and deletes under service aws-harden in the Secret Service (service + username), readable by secret-tool', async () => {
    const kc = openKeychain();
    const entry = consolePasswordEntry('123456789012', `u-${randomUUID()}`);
    expect(await kc.get(entry)).toBeUndefined();
    await kc.set(entry, 'pa$$ word');
    expect(await kc.get(entry)).toBe('pa$$ word');
    const lookup = spawnSync('secret-tool', ['lookup', 'service', 'aws-harden', 'username', entry], { encoding: 'utf8' });
    expect(lookup.stdout).toBe('pa$$ word');
    expect(await kc.delete(entry)).toBe(true);
    expect(await kc.get(entry)).toBeUndefined();
    expect(await kc.delete(entry)).toBe(false);
  });

  it('names entries by account and user', () => {
    expect(accessKeyEntry('123456789012', 'admin')).toBe('123456789012/admin/access-key');
    expect(consolePasswordEntry('123456789012', 'admin')).toBe('123456789012/admin/console-password');
    expect(parseAccessKey('{"AccessKeyId":"AKIA1","SecretAccessKey":"s"}')).toEqual({ AccessKeyId: 'AKIA1', SecretAccessKey: 's' });
    expect(parseAccessKey('garbage')).toBeUndefined();
    expect(parseAccessKey(undefined)).toBeUndefined();
  });

  it('credential-process prints the stored key in the credential_process format', async () => {
    const kc = openKeychain();
    const user = `cp-${randomUUID().slice(0, 8)}`;
    await kc.set(accessKeyEntry('123456789012', user), JSON.stringify({ AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: 'sekret/value' }));
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    expect(await credentialProcess('123456789012', user, io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ Version: 1, AccessKeyId: 'AKIAEXAMPLE', SecretAccessKey: 'sekret/value' });
    expect(err).toEqual([]);
    await kc.delete(accessKeyEntry('123456789012', user));
    out.length = 0;
    expect(await credentialProcess('123456789012', user, io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(/^aws-harden credential-process: no access key for user "cp-.*" of account 123456789012 in the OS keychain.*\n$/);
    expect(err.join('').split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('keychain unavailable', () => {
  it('no D-Bus session and no X11: a clear message with a remedy', async () => {
    const r = await runChild(['keychain-set', 'x/y/access-key'], envWithout(['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY']));
    // Pinned to the Secret Service: never a silent fallback to the kernel keyring (which forgets at logout).
    expect(r.error?.message).toMatch(/^Could not store "x\/y\/access-key" in the OS keychain: no OS keychain \(Secret Service\) is reachable \(.*DBUS_SESSION_BUS_ADDRESS.*\)\.$/);
    expect(r.error?.remedy).toMatch(/dbus-run-session/);
    expect(r.error?.remedy).toMatch(/--keychain file/);
  });

  it('a D-Bus address that leads nowhere: the same kind of message', async () => {
    const r = await runChild(['keychain-set', 'x/y/access-key'], envWithout(['DISPLAY'], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }));
    expect(r.error?.message).toMatch(/no OS keychain \(Secret Service\) is reachable/);
  });

  it('maps a locked or missing login collection to its own message', () => {
    const e = keychainError(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”'), 'store "a/b/access-key" in the OS keychain');
    expect(e.message).toMatch(/the OS keychain is locked or has no "login" collection/);
    expect(e.remedy).toMatch(/Unlock the keyring/);
  });
});
