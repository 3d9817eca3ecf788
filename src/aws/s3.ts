/**
 * S3, seen through the calls the trail bucket needs. "Not configured" comes back as `undefined`, and
 * a bucket is `missing`, `ours` or `foreign` — never an exception for those expected answers.
 */
import type {
  CreateBucketCommandInput,
  PutBucketAclCommandInput,
  PutBucketEncryptionCommandInput,
  PutBucketLoggingCommandInput,
  PutBucketOwnershipControlsCommandInput,
  PutBucketPolicyCommandInput,
  PutBucketVersioningCommandInput,
  PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3';
import { isOperatorError } from '../errors.js';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

/** The HTTP status behind an SDK error (kept as the OperatorError's cause by the AWS layer). */
function httpStatus(e: unknown): number | undefined {
  const meta = (x: unknown) => (x as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return meta(e) ?? meta((e as { cause?: unknown } | undefined)?.cause);
}

/**
 * Who has the bucket name. Bucket names are global: `ours` when this account's ListBuckets has it;
 * otherwise HeadBucket tells `missing` (404) from `foreign` (it exists: AWS answers 403 for another
 * account's bucket; the emulator answers 200, as it allows cross-account access by default —
 * moto/s3/models.py `get_bucket`, MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS). Deciding by ListBuckets first is
 * right on both.
 *
 * A bucket this run made (CreateBucket answered 200, or BucketAlreadyOwnedByYou) is ours without
 * asking: S3 answers BucketAlreadyExists to anyone else, so a success is AWS's word on the owner
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html#API_CreateBucket_Errors).
 * Its existence and settings are still read back by the reads that follow (region, policy, …).
 */
export async function bucketOwner(aws: Aws, bucket: string): Promise<'ours' | 'foreign' | 'missing'> {
  if (aws.propagation.fresh('bucket', bucket)) return 'ours';
  const { ListBucketsCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const s3 = await aws.client('s3');
  let token: string | undefined;
  do {
    const page = await s3.send(new ListBucketsCommand({ Prefix: bucket, ...(token ? { ContinuationToken: token } : {}) }));
    if ((page.Buckets ?? []).some((b) => b.Name === bucket)) return 'ours';
    token = page.ContinuationToken;
  } while (token);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return 'foreign';
  } catch (e) {
    if (isAwsError(e, 'NotFound', 'NoSuchBucket') || httpStatus(e) === 404) return 'missing';
    if ((isOperatorError(e) && e.code === 'access-denied') || httpStatus(e) === 403 || httpStatus(e) === 301) return 'foreign';
    throw e;
  }
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export async function getPublicAccessBlock(aws: Aws, bucket: string): Promise<PublicAccessBlock | undefined> {
  const { GetPublicAccessBlockCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await (await aws.client('s3')).send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    const c = out.PublicAccessBlockConfiguration ?? {};
    return {
      blockPublicAcls: c.BlockPublicAcls === true,
      ignorePublicAcls: c.IgnorePublicAcls === true,
      blockPublicPolicy: c.BlockPublicPolicy === true,
      restrictPublicBuckets: c.RestrictPublicBuckets === true,
    };
  } catch (e) {
    if (isAwsError(e, 'NoSuchPublicAccessBlockConfiguration')) return undefined;
    throw e;
  }
}

/** The bucket's ObjectOwnership; undefined when no ownership controls are set (ACLs enabled). */
export async function getObjectOwnership(aws: Aws, bucket: string): Promise<string | undefined> {
  const { GetBucketOwnershipControlsCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await (await aws.client('s3')).send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    return out.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  } catch (e) {
    if (isAwsError(e, 'OwnershipControlsNotFoundError')) return undefined;
    throw e;
  }
}

/** True when the bucket ACL grants anything to anyone but the bucket owner. */
export async function aclGrantsOthers(aws: Aws, bucket: string): Promise<boolean> {
  const { GetBucketAclCommand } = await import('@aws-sdk/client-s3');
  const out = await (await aws.client('s3')).send(new GetBucketAclCommand({ Bucket: bucket }));
  const owner = out.Owner?.ID;
  return (out.Grants ?? []).some((g) => g.Grantee?.Type !== 'CanonicalUser' || g.Grantee.ID !== owner);
}

/** `Enabled`, `Suspended`, or undefined for a bucket that never had versioning. */
export async function getVersioning(aws: Aws, bucket: string): Promise<string | undefined> {
  const { GetBucketVersioningCommand } = await import('@aws-sdk/client-s3');
  const out = await (await aws.client('s3')).send(new GetBucketVersioningCommand({ Bucket: bucket }));
  return out.Status;
}

export interface BucketEncryption {
  algorithm: string;
  kmsKeyId: string | undefined;
  bucketKey: boolean;
}

/**
 * The default encryption. Real AWS encrypts every bucket with SSE-S3 since January 2023 and answers
 * so; the emulator answers ServerSideEncryptionConfigurationNotFoundError for a bucket never
 * configured (moto/s3/responses.py `get_bucket_encryption`). Both mean "not SSE-KMS": undefined.
 */
export async function getEncryption(aws: Aws, bucket: string): Promise<BucketEncryption | undefined> {
  const { GetBucketEncryptionCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await (await aws.client('s3')).send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
    const byDefault = rule?.ApplyServerSideEncryptionByDefault;
    if (!byDefault?.SSEAlgorithm) return undefined;
    return { algorithm: byDefault.SSEAlgorithm, kmsKeyId: byDefault.KMSMasterKeyID, bucketKey: rule?.BucketKeyEnabled === true };
  } catch (e) {
    if (isAwsError(e, 'ServerSideEncryptionConfigurationNotFoundError')) return undefined;
    throw e;
  }
}

export async function getBucketPolicy(aws: Aws, bucket: string): Promise<string | undefined> {
  const { GetBucketPolicyCommand } = await import('@aws-sdk/client-s3');
  try {
    const out = await (await aws.client('s3')).send(new GetBucketPolicyCommand({ Bucket: bucket }));
    return out.Policy;
  } catch (e) {
    if (isAwsError(e, 'NoSuchBucketPolicy')) return undefined;
    throw e;
  }
}

/**
 * The bucket's region. GetBucketLocation answers an empty constraint for us-east-1 and `EU` for the
 * oldest eu-west-1 buckets (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html).
 */
export async function getBucketRegion(aws: Aws, bucket: string): Promise<string> {
  const { GetBucketLocationCommand } = await import('@aws-sdk/client-s3');
  const out = await (await aws.client('s3')).send(new GetBucketLocationCommand({ Bucket: bucket }));
  const c = out.LocationConstraint as string | undefined;
  if (!c) return 'us-east-1';
  return c === 'EU' ? 'eu-west-1' : c;
}

/** Creates the bucket. Returns false when the name is taken by another account. */
export async function createBucket(aws: Aws, input: CreateBucketCommandInput): Promise<boolean> {
  const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
  try {
    // A lost answer: the bucket is ours now if this call made it.
    return await sendOnce(
      async () => (await (await aws.client('s3')).send(new CreateBucketCommand(input)), true),
      async () => ((await bucketOwner(aws, input.Bucket ?? '')) === 'ours' ? true : undefined),
    );
  } catch (e) {
    if (isAwsError(e, 'BucketAlreadyExists')) return false;
    // Ours already (a concurrent or interrupted run): fine, the rest of the plan converges it.
    if (isAwsError(e, 'BucketAlreadyOwnedByYou')) return true;
    throw e;
  }
}

export async function putBucketAcl(aws: Aws, input: PutBucketAclCommandInput): Promise<void> {
  const { PutBucketAclCommand } = await import('@aws-sdk/client-s3');
  await (await aws.client('s3')).send(new PutBucketAclCommand(input));
}

export async function putOwnershipControls(aws: Aws, input: PutBucketOwnershipControlsCommandInput): Promise<void> {
  const { PutBucketOwnershipControlsCommand } = await import('@aws-sdk/client-s3');
  await (await aws.client('s3')).send(new PutBucketOwnershipControlsCommand(input));
}

export async function putPublicAccessBlock(aws: Aws, input: PutPublicAccessBlockCommandInput): Promise<void> {
  const { PutPublicAccessBlockCommand } = await import('@aws-sdk/client-s3');
  await (await aws.client('s3')).send(new PutPublicAccessBlockCommand(input));
}

export async function putVersioning(aws: Aws, input: PutBucketVersioningCommandInput): Promise<void> {
  const { PutBucketVersioningCommand } = await import('@aws-sdk/client-s3');
  await (await aws.client('s3')).send(new PutBucketVersioningCommand(input));
}

export async function putEncryption(aws: Aws, input: PutBucketEncryptionCommandInput): Promise<void> {
  const { PutBucketEncryptionCommand } = await import('@aws-sdk/client-s3');
  await (await aws.client('s3')).send(new PutBucketEncryptionCommand(input));
}

export async function putBucketPolicy(aws: Aws, input: PutBucketPolicyCommandInput): Promise<void> {
  const { PutBucketPolicyCommand } = await import('@aws-sdk/client-s3');
  await (await aws.client('s3')).send(new PutBucketPolicyCommand(input));
}

/** Where a bucket's server access logs go; undefined when logging is off. */
export interface BucketLogging {
  targetBucket: string;
  targetPrefix: string;
}

export async function getBucketLogging(aws: Aws, bucket: string): Promise<BucketLogging | undefined> {
  const { GetBucketLoggingCommand } = await import('@aws-sdk/client-s3');
  const out = await (await aws.client('s3')).send(new GetBucketLoggingCommand({ Bucket: bucket }));
  const l = out.LoggingEnabled;
  return l?.TargetBucket ? { targetBucket: l.TargetBucket, targetPrefix: l.TargetPrefix ?? '' } : undefined;
}

/** Sets a state (the whole logging configuration): sending it twice is sending it once. */
export async function putBucketLogging(aws: Aws, input: PutBucketLoggingCommandInput): Promise<void> {
  const { PutBucketLoggingCommand } = await import('@aws-sdk/client-s3');
  await (await aws.client('s3')).send(new PutBucketLoggingCommand(input));
}
