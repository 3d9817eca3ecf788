/**
 * Answers a read need not be sent for: what a user or group this run made was born without. IAM's
 * CreateUser makes a user with no access keys and no MFA device, and CreateGroup a group with no
 * inline policy (they come only from CreateAccessKey, EnableMFADevice, PutGroupPolicy:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_create.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_create.html). So while this run has begun
 * no change that may add one (read-families.ts: `access-keys`, `mfa`, `group-policy`), a later step's
 * check knows the answer without asking: "none".
 *
 * Only a check is answered this way. Any change of the family, begun even if its answer was lost,
 * ends it, so a step's verification after its change reads AWS. Only this run's own Create* counts:
 * a user a resumed run found "already exists" may have anything. And, as for the read cache, a
 * person's pause (which forgets every answer) ends it: the console may have changed the account.
 */
import type { Aws } from './context.js';

/** True when `name` was made by this run's own Create* and nothing of `family` changed since. */
export function bornWithout(aws: Aws, kind: 'user' | 'group', name: string, family: 'access-keys' | 'mfa' | 'group-policy'): boolean {
  const at = aws.propagation.bornAt(kind, name);
  return at !== undefined && aws.reads.unchangedSince(family, at);
}
