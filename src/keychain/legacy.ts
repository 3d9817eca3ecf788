/**
 * Entries written by aws-harden while it used keytar (up to commit 94fe0bb), which @napi-rs/keyring does not find by
 * itself, per OS:
 *
 * - Linux (Secret Service): keytar stores attributes `service` + `account` (libsecret schema
 *   org.freedesktop.Secret.Generic); @napi-rs/keyring 2.x stores `service` + `username` and only ever
 *   searches by those. The old items are read and removed over D-Bus by our own small client
 *   (secret-service.ts), so that no libsecret is needed here either.
 * - macOS (Keychain): both store a generic password with kSecAttrService = service and
 *   kSecAttrAccount = account, so @napi-rs/keyring reads keytar's items as they are: nothing to do.
 * - Windows (Credential Manager): keytar's target name is `service/account` with the password as UTF-8
 *   bytes; @napi-rs/keyring's is `account.service` with UTF-16. `findCredentialsAsync(service, target)`
 *   enumerates exactly keytar's target and decodes the blob as UTF-16, which gives back the UTF-8 bytes
 *   two by two (an odd-length blob cannot be decoded: then the old entry is reported, never guessed).
 *
 * Only Linux is tested here; macOS and Windows follow the two libraries' sources (README says so).
 */
import { ExitCode, OperatorError } from '../errors.js';
import { deleteItems, readItem } from './secret-service.js';

export interface LegacyStore {
  /** The keytar-era secret, or undefined (also when it cannot be looked up on this machine). */
  get(service: string, entry: string): Promise<string | undefined>;
  /** Removes the keytar-era entry; true when one was removed. */
  delete(service: string, entry: string): Promise<boolean>;
}

/** Linux: keytar's items, straight from the Secret Service over D-Bus (secret-service.ts). */
const linux: LegacyStore = {
  async get(service, entry) {
    return (await readItem({ service, account: entry }))?.toString('utf8');
  },
  async delete(service, entry) {
    return (await deleteItems({ service, account: entry })) > 0;
  },
};

/** Turns a UTF-16 decoding of a UTF-8 blob back into the UTF-8 text (little-endian code units). */
export function utf8FromUtf16Misread(s: string): string {
  const bytes = Buffer.alloc(s.length * 2);
  for (let i = 0; i < s.length; i++) bytes.writeUInt16LE(s.charCodeAt(i), i * 2);
  return bytes.toString('utf8');
}

interface NapiKeyring {
  findCredentialsAsync(service: string, target?: string | null): Promise<Array<{ account: string; password: string }>>;
  AsyncEntry: { withTarget(target: string, service: string, username: string): { deleteCredential(): Promise<boolean> } };
}

function windows(lib: () => Promise<NapiKeyring>): LegacyStore {
  const target = (service: string, entry: string) => `${service}/${entry}`;
  return {
    async get(service, entry) {
      let found;
      try {
        found = await (await lib()).findCredentialsAsync(service, target(service, entry));
      } catch (e) {
        if (/utf16/i.test(e instanceof Error ? e.message : String(e))) {
          throw new OperatorError(
            'usage',
            `The Windows Credential Manager holds "${target(service, entry)}", written by an older aws-harden (keytar), and this version cannot decode it.`,
            "Open Credential Manager → Windows Credentials, copy that entry's secret, then remove the entry and run the earlier aws-harden version once, or re-create the secret with aws-harden.",
            ExitCode.Usage,
            { cause: e },
          );
        }
        throw e;
      }
      const hit = found.find((c) => c.account === entry);
      return hit ? utf8FromUtf16Misread(hit.password) : undefined;
    },
    async delete(service, entry) {
      if ((await this.get(service, entry)) === undefined) return false;
      // withTarget first writes an empty placeholder under that target (keyring-node's Windows code), then
      // we delete it: the value was read above, and is only deleted once stored under the new name.
      return (await lib()).AsyncEntry.withTarget(target(service, entry), service, entry).deleteCredential();
    },
  };
}

const none: LegacyStore = { get: () => Promise.resolve(undefined), delete: () => Promise.resolve(false) };

/** The keytar-era store of this OS. */
export function legacyStore(lib: () => Promise<NapiKeyring>, platform: NodeJS.Platform = process.platform): LegacyStore {
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') return linux;
  if (platform === 'win32') return windows(lib);
  return none;
}
