/**
 * The only code that touches the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux), through keytar. Everything aws-harden keeps secret lives here and nowhere else:
 * the admin user's console password and access key. keytar is a native module, so it is loaded on first
 * use: the wizard's start-up, `--help` and `audit` runs that never need it do not pay for it.
 *
 * Failures become OperatorErrors with a remedy; the two a Linux operator meets most (no D-Bus session,
 * a locked or missing "login" collection) get their own messages.
 */
import { randomUUID } from 'node:crypto';
import { ExitCode, OperatorError } from '../errors.js';

/** keytar's `service` attribute for every entry aws-harden writes. */
export const KEYCHAIN_SERVICE = 'aws-harden';

/** Entry name of a user's access key (JSON `{AccessKeyId, SecretAccessKey}`). */
export function accessKeyEntry(accountId: string, userName: string): string {
  return `${accountId}/${userName}/access-key`;
}

/** Entry name of a user's console password. */
export function consolePasswordEntry(accountId: string, userName: string): string {
  return `${accountId}/${userName}/console-password`;
}

/**
 * What steps see of the keychain: three calls, no keytar types. Steps get it from StepContext and never
 * import keytar themselves.
 */
export interface Keychain {
  /** The secret, or undefined when there is no entry. */
  get(entry: string): Promise<string | undefined>;
  set(entry: string, secret: string): Promise<void>;
  /** True when an entry was removed. */
  delete(entry: string): Promise<boolean>;
  /**
   * Writes, reads back and deletes a test entry: throws the operator error a real write would meet (no
   * keychain reachable, locked). Run before the first change that will need to store a secret.
   */
  probe(): Promise<void>;
}

/** An access key as stored in the keychain. */
export interface StoredAccessKey {
  AccessKeyId: string;
  SecretAccessKey: string;
}

/** Parses an access-key entry; undefined when it is not one (never throws, never echoes the text). */
export function parseAccessKey(text: string | undefined): StoredAccessKey | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<StoredAccessKey>;
    if (typeof v.AccessKeyId === 'string' && typeof v.SecretAccessKey === 'string' && v.AccessKeyId && v.SecretAccessKey) {
      return { AccessKeyId: v.AccessKeyId, SecretAccessKey: v.SecretAccessKey };
    }
  } catch {
    // not JSON: treated as no usable entry
  }
  return undefined;
}

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

const UNAVAILABLE = /autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect|org\.freedesktop\.DBus\.Error\.(ServiceUnknown|NoReply|Spawn)|Secret Service|No such interface|connection is closed|dbus/i;
const LOCKED = /Object does not exist at path|collection\/login|locked|Cannot create an item in a locked collection|prompt dismissed|was dismissed|No unlocked/i;

const UNAVAILABLE_REMEDY =
  'Run aws-harden in a desktop session with a keyring (GNOME Keyring, KWallet, macOS Keychain). Over SSH or in a container, start one first: ' +
  '`dbus-run-session -- bash`, then `gnome-keyring-daemon --unlock --components=secrets` (type a keyring password, then Ctrl-D), then run aws-harden in that shell.';
const LOCKED_REMEDY =
  'Unlock the keyring (sign in to the desktop session, or open Passwords and Keys / Seahorse and unlock "Login"), or create a "login" keyring there; ' +
  'in a shell session: `printf PASSWORD | gnome-keyring-daemon --unlock --components=secrets`. Then run again.';

/** Maps a keytar failure to an operator error. `what` says what aws-harden was doing, e.g. "store the console password". */
export function keychainError(e: unknown, what: string): OperatorError {
  if (e instanceof OperatorError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (LOCKED.test(detail)) {
    return new OperatorError('usage', `Could not ${what}: the OS keychain is locked or has no "login" collection (${detail}).`, LOCKED_REMEDY, ExitCode.Usage, { cause: e });
  }
  if (UNAVAILABLE.test(detail)) {
    return new OperatorError('usage', `Could not ${what}: no OS keychain (Secret Service) is reachable (${detail}).`, UNAVAILABLE_REMEDY, ExitCode.Usage, { cause: e });
  }
  return new OperatorError('usage', `Could not ${what}: the OS keychain refused (${detail}).`,
    'Check that the keyring is running and unlocked, then run again.', ExitCode.Usage, { cause: e });
}

let keytarPromise: Promise<Keytar> | undefined;

/** keytar, loaded once on first use. A missing or unbuildable native module is an operator error. */
function loadKeytar(): Promise<Keytar> {
  keytarPromise ??= import('keytar').then(
    (m) => ((m as { default?: Keytar }).default ?? (m as unknown as Keytar)),
    (e: unknown) => {
      keytarPromise = undefined;
      throw new OperatorError('usage', `The keychain library (keytar) could not be loaded: ${e instanceof Error ? e.message : String(e)}.`,
        'Reinstall aws-harden (npm ci). On Linux keytar needs libsecret (Debian/Ubuntu: apt-get install libsecret-1-0).', ExitCode.Usage, { cause: e });
    },
  );
  return keytarPromise;
}

/** The OS keychain, under `service` (default `aws-harden`). Nothing is loaded until the first call. */
export function openKeychain(service: string = KEYCHAIN_SERVICE): Keychain {
  return {
    async get(entry) {
      const kt = await loadKeytar();
      try {
        return (await kt.getPassword(service, entry)) ?? undefined;
      } catch (e) {
        throw keychainError(e, `read "${entry}" from the OS keychain`);
      }
    },
    async set(entry, secret) {
      const kt = await loadKeytar();
      try {
        await kt.setPassword(service, entry, secret);
      } catch (e) {
        throw keychainError(e, `store "${entry}" in the OS keychain`);
      }
    },
    async delete(entry) {
      const kt = await loadKeytar();
      try {
        return await kt.deletePassword(service, entry);
      } catch (e) {
        throw keychainError(e, `delete "${entry}" from the OS keychain`);
      }
    },
    async probe() {
      const kt = await loadKeytar();
      const entry = `probe/${randomUUID()}`;
      const what = 'store a test entry in the OS keychain';
      let written = false;
      try {
        await kt.setPassword(service, entry, entry);
        written = true;
        // A locked collection can answer reads with "no entry" rather than an error: compare.
        const back = await kt.getPassword(service, entry);
        if (back !== entry) throw new Error('the entry just written could not be read back (locked?)');
        await kt.deletePassword(service, entry);
        written = false;
      } catch (e) {
        throw keychainError(e, what);
      } finally {
        if (written) await kt.deletePassword(service, entry).catch(() => false);
      }
    },
  };
}
