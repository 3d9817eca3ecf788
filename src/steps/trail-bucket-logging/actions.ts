/**
 * The calls that take the inspected state to done, in order: the log bucket, locked down, then access
 * logging of the trail's bucket into it. Plan and apply both come from `actionsFor`.
 */
import type { S3Action } from '../../aws/actions/index.js';
import { allPublicAccessBlocked } from '../cloudtrail/actions.js';
import type { BucketFacts } from '../cloudtrail/inspect.js';
import { scopeOf } from '../kms-key/index.js';
import { policyText, proposeAccessLogPolicy, samePolicy, type PolicyDocument } from '../policies/index.js';
import type { StepContext } from '../types.js';
import { logPrefix, type LoggingInspection } from './inspect.js';

type OurBucket = Extract<BucketFacts, { owner: 'ours' }>;

/** Where the log bucket must be: the trail bucket's region (S3 refuses a target in another one: CrossLocationLoggingProhibitted). */
export function regionOf(ctx: StepContext, ins: LoggingInspection): string {
  return ins.sourceBucket.owner === 'ours' ? ins.sourceBucket.region : ctx.region;
}

export function wantedPolicy(ctx: StepContext, ins: LoggingInspection, current: PolicyDocument | undefined): PolicyDocument {
  return proposeAccessLogPolicy(current, { ...scopeOf(ctx), target: ins.target, source: ins.source, prefix: logPrefix(ins.source) });
}

/**
 * Server access log delivery writes with SSE-S3 only: "default bucket encryption on the destination
 * bucket … only if you use SSE-S3" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
 */
export function encryptedForLogs(b: OurBucket): boolean {
  return b.encryption?.algorithm === 'AES256';
}

function newBucket(region: string): OurBucket {
  return { owner: 'ours', region, publicAccessBlock: undefined, ownership: 'BucketOwnerEnforced', aclGrantsOthers: false, versioning: undefined, encryption: undefined, policy: undefined };
}

/** The bucket the trail bucket already logs into, when it is not the log bucket this step looks at. */
export function elsewhere(ins: LoggingInspection): string | undefined {
  const logging = ins.sourceBucket.owner === 'ours' ? ins.sourceBucket.logging : undefined;
  return logging && logging.targetBucket !== ins.target ? logging.targetBucket : undefined;
}

export function actionsFor(ctx: StepContext, ins: LoggingInspection): S3Action[] {
  const Bucket = ins.target;
  if (ins.targetBucket.owner === 'foreign' || ins.sourceBucket.owner === 'foreign') return [];
  // Logging already set up elsewhere (an operator's own log bucket) is the operator's choice: kept.
  if (elsewhere(ins)) return [];
  const region = regionOf(ctx, ins);
  // A bucket in another region than the run's is made (and changed) there.
  const where = region === ctx.region ? {} : { region };
  const actions: S3Action[] = [];
  let bucket = ins.targetBucket;
  if (bucket.owner === 'missing') {
    actions.push({
      service: 's3',
      op: 'CreateBucket',
      input: { Bucket, ObjectOwnership: 'BucketOwnerEnforced', ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region } }) },
      ...where,
      note: `in ${region}, the trail bucket's region (S3 logs only into the same region); ACLs disabled from the start`,
    });
    bucket = newBucket(region);
  }
  if (bucket.region !== region) return actions;
  if (bucket.aclGrantsOthers && bucket.ownership !== 'BucketOwnerEnforced') {
    actions.push({ service: 's3', op: 'PutBucketAcl', input: { Bucket, ACL: 'private' }, ...where, note: 'the bucket ACL grants access to others; S3 refuses to disable ACLs until it is private' });
  }
  if (bucket.ownership !== 'BucketOwnerEnforced') {
    actions.push({
      service: 's3',
      op: 'PutBucketOwnershipControls',
      input: { Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } },
      ...where,
      note: 'disables ACLs: the bucket policy alone says who writes',
    });
  }
  if (!allPublicAccessBlocked(bucket.publicAccessBlock)) {
    actions.push({
      service: 's3',
      op: 'PutPublicAccessBlock',
      input: { Bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      ...where,
      note: 'all four Block Public Access settings',
    });
  }
  if (bucket.versioning !== 'Enabled') {
    actions.push({ service: 's3', op: 'PutBucketVersioning', input: { Bucket, VersioningConfiguration: { Status: 'Enabled' } }, ...where, note: 'an overwritten or deleted log stays recoverable' });
  }
  if (!encryptedForLogs(bucket)) {
    actions.push({
      service: 's3',
      op: 'PutBucketEncryption',
      input: { Bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } },
      ...where,
      note: 'SSE-S3: the only default encryption S3 access log delivery writes with',
    });
  }
  const wanted = wantedPolicy(ctx, ins, bucket.policy);
  if (!samePolicy(bucket.policy, wanted)) {
    actions.push({
      service: 's3',
      op: 'PutBucketPolicy',
      input: { Bucket, Policy: policyText(wanted) },
      ...where,
      note: `only S3 log delivery, for ${ins.source} of this account, may write; plain-HTTP access denied`,
    });
  }
  const logging = ins.sourceBucket.owner === 'ours' ? ins.sourceBucket.logging : undefined;
  if (logging?.targetBucket !== Bucket || logging.targetPrefix !== logPrefix(ins.source)) {
    actions.push({
      service: 's3',
      op: 'PutBucketLogging',
      input: { Bucket: ins.source, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: Bucket, TargetPrefix: logPrefix(ins.source) } } },
      ...where,
      note: 'every request to the trail bucket is logged',
    });
  }
  return actions;
}
