/**
 * The keychain record of a rotation in progress (entry `<account>/<user>/access-key-pending`). It makes
 * `keys rotate` crash-safe:
 * - `creating`, written before CreateAccessKey: the keys the user had. A key that appears beside them
 *   and whose secret is in no entry was made by the interrupted call, and nobody can ever use it.
 * - `created`, written the moment CreateAccessKey answers: the new key and its secret. The secret never
 *   lives only in memory, and a re-run finishes the rotation from "prove".
 * Both name the key being replaced. The record goes once the old key is deleted in IAM.
 */
import { parseAccessKey } from '../../keychain/index.js';

export type Pending = { phase: 'creating'; replaces: string; before: string[] } | { phase: 'created'; AccessKeyId: string; SecretAccessKey: string; replaces: string };

/** The record, or undefined when there is none or it is not one (never throws, never echoes the text). */
export function parsePending(text: string | undefined): Pending | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as { phase?: unknown; replaces?: unknown; before?: unknown };
    if (typeof v.replaces !== 'string' || v.replaces === '') return undefined;
    if (v.phase === 'creating' && Array.isArray(v.before) && v.before.every((id) => typeof id === 'string')) {
      return { phase: 'creating', replaces: v.replaces, before: v.before };
    }
    const key = parseAccessKey(text);
    if (v.phase === 'created' && key) return { phase: 'created', ...key, replaces: v.replaces };
  } catch {
    // not a record: treated as none
  }
  return undefined;
}
