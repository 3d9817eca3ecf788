/**
 * Entries written by aws-harden's keytar versions (≤ 0.1.0), which @napi-rs/keyring does not find by
 * itself, per OS:
 *
 * - Linux (Secret Service): keytar stores attributes `service` + `account` (libsecret schema
 *   org.freedesktop.Secret.Generic); @napi-rs/keyring 2.x stores `service` + `username` and only ever
 *   searches by those. The old items are read and removed with libsecret's `secret-tool` (package
 *   libsecret-tools), which speaks the Secret Service protocol for us. Without it the old entries stay
 *   where they are, untouched, and are not found (README, "Upgrading from keytar").
 * - macOS (Keychain): both store a generic password with kSecAttrService = service and
 *   kSecAttrAccount = account, so @napi-rs/keyring reads keytar's items as they are: nothing to do.
 * - Windows (Credential Manager): keytar's target name is `service/account` with the password as UTF-8
 *   bytes; @napi-rs/keyring's is `account.service` with UTF-16. `findCredentialsAsync(service, target)`
 *   enumerates exactly keytar's target and decodes the blob as UTF-16, which gives back the UTF-8 bytes
 *   two by two (an odd-length blob cannot be decoded: then the old entry is reported, never guessed).
 *
 * Only Linux is tested here; macOS and Windows follow the two libraries' sources (README says so).
 */
import { execFile } from 'node:child_process';
import { ExitCode, OperatorError } from '../errors.js';

export interface LegacyStore {
  /** The keytar-era secret, or undefined (also when it cannot be looked up on this machine). */
  get(service: string, entry: string): Promise<string | undefined>;
  /** Removes the keytar-era entry; true when one was removed. */
  delete(service: string, entry: string): Promise<boolean>;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs secret-tool; a machine without it has no way to reach keytar's items (undefined). */
function secretTool(args: string[]): Promise<Run | undefined> {
  return new Promise((resolve) => {
    execFile('secret-tool', args, { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve(undefined);
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

/** Linux: keytar's items through `secret-tool`. */
const linux: LegacyStore = {
  async get(service, entry) {
    const r = await secretTool(['lookup', 'service', service, 'account', entry]);
    if (!r || r.code === 0) return r?.stdout;
    // lookup says nothing, with exit 1, both for "no such item" and "item in a locked collection";
    // search tells them apart (it names a locked item, and reads nothing).
    const s = await secretTool(['search', 'service', service, 'account', entry]);
    if (s && /locked/i.test(s.stderr)) throw new Error(`an entry written by an earlier aws-harden is in a locked collection (secret-tool: ${s.stderr.trim()})`);
    return undefined;
  },
  async delete(service, entry) {
    if ((await this.get(service, entry)) === undefined) return false;
    const r = await secretTool(['clear', 'service', service, 'account', entry]);
    return r?.code === 0;
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
          throw new OperatorError('usage', `The Windows Credential Manager holds "${target(service, entry)}", written by an older aws-harden (keytar), and this version cannot decode it.`,
            'Open Credential Manager → Windows Credentials, copy that entry\'s secret, then remove the entry and run the earlier aws-harden version once, or re-create the secret with aws-harden.', ExitCode.Usage, { cause: e });
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
