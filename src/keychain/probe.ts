/**
 * Can the keychain take a secret right now? Writes a test entry, reads it back and deletes it, so a
 * missing, locked or refusing keychain is found before the first change that will need to store one
 * (an IAM user, an access key) — not after it, with a secret nobody holds.
 */
import { randomUUID } from 'node:crypto';
import { OperatorError } from '../errors.js';
import { keychainError } from './errors.js';
import type { Keychain } from './index.js';

export async function roundTrip(keychain: Pick<Keychain, 'get' | 'set' | 'delete'>): Promise<void> {
  const entry = `probe/${randomUUID()}`;
  let written = false;
  try {
    await keychain.set(entry, entry);
    written = true;
    // A locked collection can answer a read with "no entry" rather than an error: compare.
    if ((await keychain.get(entry)) !== entry) throw keychainError(new Error('the entry just written could not be read back (locked?)'), 'store a test entry in the keychain');
    await keychain.delete(entry);
    written = false;
  } catch (e) {
    // Said as what it is: a test entry, not the random name it was stored under.
    if (e instanceof OperatorError) throw new OperatorError(e.code, e.message.replace(`"${entry}"`, 'a test entry'), e.remedy, e.exitCode, { cause: e.cause ?? e });
    throw e;
  } finally {
    if (written) await keychain.delete(entry).catch(() => false);
  }
}
