/**
 * A locked Secret Service collection: each case runs in its own private keyring session (so locking it
 * does not disturb other tests), where the "login" collection is locked over D-Bus first.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChild } from './run-child.js';

const WITH_KEYRING = fileURLToPath(new URL('../../scripts/with-keyring.sh', import.meta.url));
const LOCK =
  'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null';

/** The child runs in a fresh keyring whose login collection holds `store` (a secret-tool command), then is locked. */
function inLockedKeyring(store = 'true'): string[] {
  return ['bash', WITH_KEYRING, 'bash', '-c', `${store} && ${LOCK} && exec "$@"`, 'locked'];
}

describe('locked keychain', () => {
  it('storing into a locked collection: a clear message naming how to unlock, nothing stored', async () => {
    const r = await runChild(['keychain-set', '123456789012/admin/access-key'], process.env, inLockedKeyring());
    expect(r.error?.message).toMatch(/^Could not store "123456789012\/admin\/access-key" in the OS keychain: the OS keychain is locked or has no "login" collection \(.*\)\.$/);
    expect(r.error?.remedy).toMatch(/Unlock the keyring/);
    expect(r.error?.remedy).toMatch(/gnome-keyring-daemon --unlock/);
  });

  it('reading an entry from a locked collection: the same message, not "no entry"', async () => {
    const store = 'printf secret | secret-tool store --label=x service aws-harden username 123456789012/admin/access-key';
    const r = await runChild(['keychain-get', '123456789012/admin/access-key'], process.env, inLockedKeyring(store));
    expect(r.value).toBeUndefined();
    expect(r.error?.message).toMatch(/^Could not read "123456789012\/admin\/access-key" from the OS keychain: the OS keychain is locked/);
  });

  it('a keytar-era entry in a locked collection: the locked message too, not "no entry"', async () => {
    const store = 'printf secret | secret-tool store --label=x service aws-harden account 123456789012/admin/access-key';
    const r = await runChild(['keychain-get', '123456789012/admin/access-key'], process.env, inLockedKeyring(store));
    expect(r.value).toBeUndefined();
    expect(r.error?.message).toMatch(/^Could not read "123456789012\/admin\/access-key" from the OS keychain: the OS keychain is locked .*earlier aws-harden/);
    expect(r.error?.remedy).toMatch(/Unlock the keyring/);
  });
});
