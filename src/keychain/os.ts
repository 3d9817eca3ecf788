/**
 * The OS keychain through @napi-rs/keyring (prebuilt binaries inside its npm packages, no libsecret at
 * build or run time): macOS Keychain, Windows Credential Manager, and on Linux the Secret Service, pinned
 * with `linux.store: 'secret-service'`. Unpinned, the library falls back without a word to the kernel
 * keyring (keyutils), which forgets everything at logout or reboot: a stored access key would vanish.
 * Pinned, an unreachable Secret Service is an error we can explain.
 *
 * Entries written by the keytar versions are found on first read, copied to the new entry and removed
 * from the old place (legacy.ts says how, per OS).
 */
import { ExitCode, OperatorError } from '../errors.js';
import { keychainError } from './errors.js';
import { legacyStore } from './legacy.js';
import type { Keychain } from './index.js';
import { roundTrip } from './probe.js';

type NapiKeyring = typeof import('@napi-rs/keyring');

/** Every entry is pinned to the Secret Service on Linux; the option is ignored on other OSes. */
const PINNED = { linux: { store: 'secret-service' as const } };

let libPromise: Promise<NapiKeyring> | undefined;

/** @napi-rs/keyring, loaded once on first use. A missing native package is an operator error. */
function loadLib(): Promise<NapiKeyring> {
  libPromise ??= import('@napi-rs/keyring').then(
    (m) => (m as { default?: NapiKeyring }).default ?? m,
    (e: unknown) => {
      libPromise = undefined;
      throw new OperatorError(
        'usage',
        `The keychain library (@napi-rs/keyring) could not be loaded: ${e instanceof Error ? e.message : String(e)}.`,
        `Reinstall aws-harden (npm ci); npm must install the optional package for this platform (${process.platform}-${process.arch}), so do not use --omit=optional.`,
        ExitCode.Usage,
        { cause: e },
      );
    },
  );
  return libPromise;
}

const legacy = legacyStore(loadLib);

async function entryOf(service: string, entry: string) {
  const { AsyncEntry } = await loadLib();
  return new AsyncEntry(service, entry, PINNED);
}

/** The OS keychain, under `service`. Nothing is loaded until the first call. */
export function osKeychain(service: string): Keychain {
  const keychain: Keychain = {
    backend: 'os',
    probe: () => roundTrip(keychain),
    async get(entry) {
      try {
        const e = await entryOf(service, entry);
        const value = await e.getPassword();
        if (value !== null && value !== undefined) return value;
        const old = await legacy.get(service, entry);
        if (old === undefined) return undefined;
        // First read of a keytar-era entry: store it under the new attributes, check it reads back, and
        // only then remove the old item, so a failure at any point leaves the secret somewhere.
        await e.setPassword(old);
        if ((await e.getPassword()) === old) await legacy.delete(service, entry).catch(() => false);
        return old;
      } catch (e) {
        throw keychainError(e, `read "${entry}" from the OS keychain`);
      }
    },
    async set(entry, secret) {
      try {
        await (await entryOf(service, entry)).setPassword(secret);
      } catch (e) {
        throw keychainError(e, `store "${entry}" in the OS keychain`);
      }
    },
    async delete(entry) {
      try {
        const removed = await (await entryOf(service, entry)).deleteCredential();
        const removedOld = await legacy.delete(service, entry);
        return removed || removedOld;
      } catch (e) {
        throw keychainError(e, `delete "${entry}" from the OS keychain`);
      }
    },
  };
  return keychain;
}

/**
 * Whether a Secret Service answers (Linux): one lookup of an entry that does not exist. Undefined when it
 * answers (or on other OSes); else the failure, for the wizard to offer the file keychain instead.
 */
export async function osKeychainFailure(service: string): Promise<unknown> {
  if (process.platform !== 'linux') return undefined;
  try {
    await (await entryOf(service, '.probe')).getPassword();
    return undefined;
  } catch (e) {
    return e;
  }
}
