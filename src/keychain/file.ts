/**
 * A keychain in one encrypted file, for machines without a desktop keyring (servers, SSH, containers,
 * CI), as aws-vault's file backend. Only node:crypto: the key comes from the passphrase through scrypt
 * (N = 2^17, r = 8, p = 1: OWASP's parameters, https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt),
 * the entries are one AES-256-GCM ciphertext whose tag also covers the header. The file is mode 0600
 * in a 0700 directory and replaced atomically (temp file, fsync, rename); a passphrase that does not
 * decrypt it is refused before anything is written, so the file is never overwritten by mistake.
 *
 * The passphrase is asked on the terminal (tty.ts) when the file is first used, or taken from
 * AWS_HARDEN_KEYCHAIN_PASSPHRASE (for CI, like AWS_VAULT_FILE_PASSPHRASE).
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExitCode, OperatorError } from '../errors.js';
import type { Keychain } from './index.js';
import { roundTrip } from './probe.js';
import { askTerminal } from './tty.js';

export const PASSPHRASE_ENV = 'AWS_HARDEN_KEYCHAIN_PASSPHRASE';
export const FILE_ENV = 'AWS_HARDEN_KEYCHAIN_FILE';

const FORMAT = 'aws-harden-keychain';
const KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;

/** The file: $AWS_HARDEN_KEYCHAIN_FILE, else $XDG_DATA_HOME/aws-harden/keychain.enc (~/.local/share/…). */
export function defaultKeychainFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env[FILE_ENV]) return env[FILE_ENV];
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'aws-harden', 'keychain.enc');
}

interface Header {
  format: typeof FORMAT;
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
}
interface FileData extends Header {
  iv: string;
  tag: string;
  data: string;
}
/** service → entry → secret */
type Entries = Record<string, Record<string, string>>;

export interface FileKeychain extends Keychain {
  readonly path: string;
  /** Asks for the passphrase now (and checks it against the file), instead of on first use. */
  unlock(): Promise<void>;
}

function damaged(path: string, why: string, cause?: unknown): OperatorError {
  return new OperatorError(
    'usage',
    `The keychain file ${path} is not one aws-harden can read (${why}). It was left as it is.`,
    `Restore it from a backup, or move it away to start a new one (the secrets in it are then lost), or point ${FILE_ENV} at the right file.`,
    ExitCode.Usage,
    { cause },
  );
}

function wrongPassphrase(path: string, fromEnv: boolean): OperatorError {
  return new OperatorError(
    'usage',
    `Wrong passphrase for the keychain file ${path}: it does not decrypt it. The file was not changed.`,
    `Run again and type the passphrase chosen when the file was created${fromEnv ? ` (it came from ${PASSPHRASE_ENV}: correct that)` : ''}. Without it the secrets in the file cannot be recovered.`,
    ExitCode.Usage,
  );
}

function readHeader(path: string): FileData | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OperatorError(
      'usage',
      `Could not read the keychain file ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
      'Check its owner and permissions (it should be yours, mode 0600), then run again.',
      ExitCode.Usage,
      { cause: e },
    );
  }
  let v: Partial<FileData>;
  try {
    v = JSON.parse(text) as Partial<FileData>;
  } catch (e) {
    throw damaged(path, 'not JSON', e);
  }
  const k = v.kdf;
  if (
    v.format !== FORMAT ||
    v.version !== 1 ||
    v.cipher !== 'aes-256-gcm' ||
    !k ||
    k.name !== 'scrypt' ||
    typeof k.salt !== 'string' ||
    ![k.N, k.r, k.p].every((n) => Number.isInteger(n) && n > 0) ||
    typeof v.iv !== 'string' ||
    typeof v.tag !== 'string' ||
    typeof v.data !== 'string'
  ) {
    throw damaged(path, `not the ${FORMAT} v1 format`);
  }
  return v as FileData;
}

const aad = (h: Header) => Buffer.from(JSON.stringify({ format: h.format, version: h.version, kdf: h.kdf, cipher: h.cipher }));

function deriveKey(passphrase: string, kdf: Header['kdf']): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Decrypts; undefined when the key is wrong (or the file was tampered with: GCM cannot tell the two apart). */
function decrypt(file: FileData, key: Buffer): Entries | undefined {
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    d.setAAD(aad(file));
    d.setAuthTag(Buffer.from(file.tag, 'base64'));
    const plain = Buffer.concat([d.update(Buffer.from(file.data, 'base64')), d.final()]);
    return JSON.parse(plain.toString('utf8')) as Entries;
  } catch {
    return undefined;
  }
}

/** Writes the whole file: temp file (0600, exclusive) → fsync → rename over → fsync the directory. */
function writeAtomically(path: string, text: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // directories cannot be fsynced on every OS (Windows); the rename is still atomic
  }
}

/** The encrypted-file keychain at `path`, under `service`. Asks for the passphrase on first use. */
export function fileKeychain(service: string, opts: { path?: string; env?: NodeJS.ProcessEnv } = {}): FileKeychain {
  const env = opts.env ?? process.env;
  const path = opts.path ?? defaultKeychainFile(env);
  let passphrase: string | undefined;
  const keys = new Map<string, Buffer>(); // salt → key, so each process runs scrypt once

  const noTtyRemedy = `Run aws-harden from a terminal, or set ${PASSPHRASE_ENV} in its environment (for CI; anything that can read the environment can then read the passphrase).`;
  const ask = (prompt: string) => askTerminal(prompt, { what: `the passphrase of the keychain file ${path}`, remedy: noTtyRemedy, echo: false });

  async function keyFor(kdf: Header['kdf'], pass: string): Promise<Buffer> {
    const known = keys.get(kdf.salt);
    if (known) return known;
    const key = await deriveKey(pass, kdf);
    keys.set(kdf.salt, key);
    return key;
  }

  async function unlock(): Promise<void> {
    if (passphrase !== undefined) return;
    const file = readHeader(path);
    const given = env[PASSPHRASE_ENV];
    if (file) {
      const pass = given ?? (await ask(`Passphrase of the aws-harden keychain file ${path}: `));
      const key = await deriveKey(pass, file.kdf);
      if (!decrypt(file, key)) throw wrongPassphrase(path, given !== undefined);
      keys.set(file.kdf.salt, key);
      passphrase = pass;
      return;
    }
    let pass = given;
    if (pass === undefined) {
      pass = await ask(`New passphrase for the aws-harden keychain file ${path} (at least 8 characters; it cannot be recovered): `);
      if (pass.length >= 8 && (await ask('The same passphrase again: ')) !== pass) {
        throw new OperatorError('usage', 'The two passphrases differ. Nothing was written.', 'Run again and type the same passphrase twice.', ExitCode.Usage);
      }
    }
    if (pass.length < 8) {
      throw new OperatorError(
        'usage',
        `The keychain file's passphrase must have at least 8 characters (it protects AWS credentials). Nothing was written.`,
        'Run again with a longer passphrase.',
        ExitCode.Usage,
      );
    }
    passphrase = pass;
  }

  /** The file's entries and header (undefined header: no file yet). Refuses a wrong passphrase. */
  async function load(): Promise<{ file?: FileData; entries: Entries }> {
    await unlock();
    const file = readHeader(path);
    if (!file) return { entries: {} };
    const entries = decrypt(file, await keyFor(file.kdf, passphrase ?? ''));
    if (!entries) throw wrongPassphrase(path, env[PASSPHRASE_ENV] !== undefined); // re-encrypted meanwhile by a run with another passphrase
    return { file, entries };
  }

  async function save(previous: FileData | undefined, entries: Entries): Promise<void> {
    const kdf = previous?.kdf ?? { ...KDF, salt: randomBytes(16).toString('base64') };
    const header: Header = { format: FORMAT, version: 1, kdf, cipher: 'aes-256-gcm' };
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', await keyFor(kdf, passphrase ?? ''), iv);
    c.setAAD(aad(header));
    const data = Buffer.concat([c.update(JSON.stringify(entries), 'utf8'), c.final()]);
    const out: FileData = { ...header, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
    writeAtomically(path, `${JSON.stringify(out, null, 2)}\n`);
  }

  const keychain: FileKeychain = {
    backend: 'file',
    path,
    unlock,
    probe: () => roundTrip(keychain),
    async get(entry) {
      return (await load()).entries[service]?.[entry];
    },
    async set(entry, secret) {
      const { file, entries } = await load();
      entries[service] = { ...entries[service], [entry]: secret };
      await save(file, entries);
    },
    async delete(entry) {
      const { file, entries } = await load();
      if (entries[service]?.[entry] === undefined) return false;
      delete entries[service][entry];
      await save(file, entries);
      return true;
    },
  };
  return keychain;
}
