/** STS, seen through the one call aws-harden needs. */
import type { Aws } from './context.js';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  /** True when the caller is the account's root user (ARN `arn:aws:iam::<acct>:root`). */
  isRoot: boolean;
}

export function isRootArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn);
}

export async function getCallerIdentity(aws: Aws): Promise<CallerIdentity> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const out = await (await aws.client('sts')).send(new GetCallerIdentityCommand({}));
  const arn = out.Arn ?? '';
  return { account: out.Account ?? '', arn, userId: out.UserId ?? '', isRoot: isRootArn(arn) };
}
