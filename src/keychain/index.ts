/**
 * The only code that touches the OS keychain (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux; os.ts, through @napi-rs/keyring) or its stand-in for machines without one, an
 * encrypted file (file.ts, `--keychain file`). Everything aws-harden keeps secret lives here and nowhere
 * else: the admin user's console password and access key. The native library is loaded on first use:
 * the wizard's start-up, `--help` and `audit` runs that never need it do not pay for it.
 *
 * Failures become OperatorErrors with a remedy (errors.ts).
 */
import { fileKeychain } from './file.js';
import { osKeychain } from './os.js';

export { keychainError } from './errors.js';
export { defaultKeychainFile, fileKeychain, FILE_ENV, PASSPHRASE_ENV, type FileKeychain } from './file.js';

/** The keychain `service` of every entry aws-harden writes. */
export const KEYCHAIN_SERVICE = 'aws-harden';

/** Entry name of a user's access key (JSON `{AccessKeyId, SecretAccessKey}`). */
export function accessKeyEntry(accountId: string, userName: string): string {
  return `${accountId}/${userName}/access-key`;
}

/**
 * Entry name of the new access key of a rotation in progress (`aws-harden keys rotate`): written the
 * moment CreateAccessKey answers, so an interrupted rotation never loses the secret
 * (src/commands/keys/pending.ts).
 */
export function pendingAccessKeyEntry(accountId: string, userName: string): string {
  return `${accountId}/${userName}/access-key-pending`;
}

/** Entry name of a user's console password. */
export function consolePasswordEntry(accountId: string, userName: string): string {
  return `${accountId}/${userName}/console-password`;
}

/**
 * What steps see of the keychain: three calls, no library types. Steps get it from StepContext and never
 * import the keychain library themselves.
 */
export interface Keychain {
  /** Where the secrets are: the OS keychain, or the encrypted file (`--keychain file`). */
  readonly backend?: KeychainBackend;
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

/** `--keychain`: the OS keychain (default) or an encrypted file. */
export type KeychainBackend = 'os' | 'file';

/**
 * The keychain under `service` (default `aws-harden`): the OS keychain, or with `backend: 'file'` the
 * encrypted file (its passphrase is asked on first use). Nothing is loaded until the first call.
 */
export function openKeychain(service: string = KEYCHAIN_SERVICE, backend: KeychainBackend = 'os', env: NodeJS.ProcessEnv = process.env): Keychain {
  return backend === 'file' ? fileKeychain(service, { env }) : osKeychain(service);
}
