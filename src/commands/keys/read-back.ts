/**
 * Reads a user's keys back after a change. When this run signs as that very user, the key it signs
 * with may be the one just deleted: AWS then no longer knows the signer, and the read is signed with
 * `fallback` (the user's other key, e.g. a rotation's new one), or reported as not possible.
 */
import type { AccessKeyInfo } from '../../aws/iam-identity.js';
import { listAccessKeys } from '../../aws/iam-identity.js';
import { isOperatorError } from '../../errors.js';
import type { KeysContext } from './context.js';

/** The user's keys, or undefined when the run's own key was the one deleted and no fallback was given. */
export async function keysAfterChange(k: KeysContext, user: string, userArn: string, fallback?: { accessKeyId: string; secretAccessKey: string }): Promise<AccessKeyInfo[] | undefined> {
  try {
    return await listAccessKeys(k.aws, user);
  } catch (e) {
    if (!(isOperatorError(e) && e.code === 'invalid-credentials' && k.callerArn === userArn)) throw e;
    if (!fallback) return undefined;
    const other = await k.aws.withCredentials(fallback);
    try {
      return await listAccessKeys(other, user);
    } finally {
      other.destroy();
    }
  }
}
