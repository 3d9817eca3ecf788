/**
 * The proof the MFA guard waits for: a session of the admin user made with their MFA device
 * (sts:GetSessionToken, cached in the keychain by `aws-harden credential-process --mfa-serial`, which
 * the admin profile runs) that AWS accepts as that user right now. The guard is attached only once
 * one exists, and with it: whoever attaches it has just shown that the admins can still get in.
 */
import type { Aws } from '../../aws/context.js';
import { isOperatorError } from '../../errors.js';
import { parseSession, sessionEntry, type StoredSession } from '../../keychain/mfa-session.js';
import { getCallerIdentity } from '../../aws/sts.js';
import { isUserArn, keychainOf } from '../identity.js';
import type { StepContext } from '../types.js';

/** A session is worth proving only with this much of it left: the attach and the read-back follow. */
const MIN_LEFT_MS = 2 * 60_000;

/** The AWS layer signed with a session (same endpoint, region, dry-run, retries); the caller destroys it. */
export function withSession(aws: Aws, s: StoredSession): Promise<Aws> {
  return aws.withCredentials({ accessKeyId: s.AccessKeyId, secretAccessKey: s.SecretAccessKey, sessionToken: s.SessionToken });
}

/**
 * The cached MFA session of `user` (made with device `serial`, when given), when STS accepts it as that
 * user; else undefined.
 */
export async function provenSession(ctx: StepContext, user: string, serial?: string): Promise<StoredSession | undefined> {
  const session = parseSession(await keychainOf(ctx).get(sessionEntry(ctx.identity.account, user)));
  if (!session || (serial !== undefined && session.SerialNumber !== serial) || Date.parse(session.Expiration) - Date.now() < MIN_LEFT_MS) return undefined;
  const aws = await withSession(ctx.aws, session);
  try {
    const who = await getCallerIdentity(aws);
    return isUserArn(who.arn, ctx.identity.account, user) ? session : undefined;
  } catch (e) {
    // Expired early, or revoked: not a proof. Anything else (no network) is the operator's to see.
    if (isOperatorError(e) && e.code === 'invalid-credentials') return undefined;
    throw e;
  } finally {
    aws.destroy();
  }
}
