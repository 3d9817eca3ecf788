/**
 * Every IAM user's access keys, with what aws-harden knows of each: age, last use, whether the
 * keychain holds its secret (or holds it as a rotation's pending key) and which profiles read it.
 * Read-only: IAM List/Get calls and keychain reads.
 */
import { accessKeyLastUse, listUsers, type KeyLastUse } from '../../aws/iam.js';
import { listAccessKeys } from '../../aws/iam-identity.js';
import { describeError } from '../../errors.js';
import { accessKeyEntry, parseAccessKey, pendingAccessKeyEntry } from '../../keychain/index.js';
import { ageInDays, hasSeveralActive, isTooOld } from './age.js';
import type { KeysContext } from './context.js';
import { parsePending } from './pending.js';
import { profilesReading } from './profiles.js';

/** `yes`: the user's access-key entry names this key; `pending`: a rotation's new key; `unknown`: the keychain could not be read. */
export type InKeychain = 'yes' | 'pending' | 'no' | 'unknown';

export interface KeyRow {
  id: string;
  status: 'Active' | 'Inactive';
  created?: Date;
  ageDays?: number;
  lastUsed: KeyLastUse;
  keychain: InKeychain;
  /** Profiles that read it: aws-harden's profiles for the user, when the keychain holds this key. */
  profiles: string[];
  /** CIS 1.13. */
  tooOld: boolean;
}

export interface UserRow {
  name: string;
  arn: string;
  keys: KeyRow[];
  /** CIS 1.12. */
  severalActive: boolean;
}

export interface Inventory {
  users: UserRow[];
  /** Why the keychain could not be read, when it could not (the keys are then listed without it). */
  keychainProblem?: string;
}

/** The key ids the keychain holds for a user: its access-key entry and a rotation's pending key. */
export async function heldIds(k: KeysContext, user: string): Promise<{ held?: string; pending?: string }> {
  const held = parseAccessKey(await k.keychain.get(accessKeyEntry(k.account, user)))?.AccessKeyId;
  const p = parsePending(await k.keychain.get(pendingAccessKeyEntry(k.account, user)));
  const pending = p?.phase === 'created' ? p.AccessKeyId : undefined;
  return { ...(held ? { held } : {}), ...(pending ? { pending } : {}) };
}

export async function inventory(k: KeysContext): Promise<Inventory> {
  const now = (k.now ?? (() => new Date()))();
  let keychainProblem: string | undefined;
  const users: UserRow[] = [];
  for (const u of await listUsers(k.aws)) {
    const keys = await listAccessKeys(k.aws, u.name);
    let ids: { held?: string; pending?: string } | undefined;
    if (keys.length > 0 && keychainProblem === undefined) {
      try {
        ids = await heldIds(k, u.name);
      } catch (e) {
        // A locked or absent keychain does not hide IAM's keys: they are listed, marked unknown.
        keychainProblem = describeError(e).message;
      }
    }
    const profiles = ids?.held || ids?.pending ? profilesReading(k.env, k.account, u.name) : [];
    const rows: KeyRow[] = [];
    for (const key of keys) {
      const ageDays = ageInDays(key.created, now);
      const keychain: InKeychain = !ids ? 'unknown' : key.id === ids.held ? 'yes' : key.id === ids.pending ? 'pending' : 'no';
      rows.push({
        id: key.id,
        status: key.status,
        ...(key.created ? { created: key.created } : {}),
        ...(ageDays !== undefined ? { ageDays } : {}),
        lastUsed: await accessKeyLastUse(k.aws, key.id),
        keychain,
        profiles: keychain === 'yes' ? profiles : [],
        tooOld: key.status === 'Active' && isTooOld(ageDays),
      });
    }
    users.push({ name: u.name, arn: u.arn, keys: rows, severalActive: hasSeveralActive(keys) });
  }
  return { users, ...(keychainProblem !== undefined ? { keychainProblem } : {}) };
}
