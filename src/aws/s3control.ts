/**
 * S3 Control, seen through the calls aws-harden makes: the account-level S3 Block Public Access
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html). Both name the
 * account (AccountId, sent as `x-amz-account-id` and, on AWS, as the host's first label). "None set"
 * (NoSuchPublicAccessBlockConfiguration) comes back as `undefined`.
 */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';

/** The four settings, as AWS spells them. */
export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export const PUBLIC_ACCESS_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export async function accountPublicAccessBlock(aws: Aws, accountId: string): Promise<PublicAccessBlock | undefined> {
  const { GetPublicAccessBlockCommand } = await import('@aws-sdk/client-s3-control');
  try {
    const out = await (await aws.client('s3control')).send(new GetPublicAccessBlockCommand({ AccountId: accountId }));
    const c = out.PublicAccessBlockConfiguration;
    if (!c) return undefined;
    return {
      BlockPublicAcls: c.BlockPublicAcls === true,
      IgnorePublicAcls: c.IgnorePublicAcls === true,
      BlockPublicPolicy: c.BlockPublicPolicy === true,
      RestrictPublicBuckets: c.RestrictPublicBuckets === true,
    };
  } catch (e) {
    if (isAwsError(e, 'NoSuchPublicAccessBlockConfiguration')) return undefined;
    throw e;
  }
}

/** Sets all four (replacing what was there): sending it twice is sending it once (retry.ts RESENDABLE). */
export async function putAccountPublicAccessBlock(aws: Aws, accountId: string, config: PublicAccessBlock): Promise<void> {
  const { PutPublicAccessBlockCommand } = await import('@aws-sdk/client-s3-control');
  await (await aws.client('s3control')).send(new PutPublicAccessBlockCommand({ AccountId: accountId, PublicAccessBlockConfiguration: { ...config } }));
}
