/** Reading the state the cloudtrail step decides on: the key, the log bucket, the trail, and any other trail that already covers the account. */
import { describeTrails, findTrail, getEventSelectors, isLogging, type EventSelectors, type TrailInfo } from '../../aws/cloudtrail.js';
import { describeKey, listAliases } from '../../aws/kms.js';
import {
  aclGrantsOthers,
  bucketOwner,
  getBucketPolicy,
  getBucketRegion,
  getEncryption,
  getObjectOwnership,
  getPublicAccessBlock,
  getVersioning,
  type BucketEncryption,
  type PublicAccessBlock,
} from '../../aws/s3.js';
import { answerOf } from '../answers.js';
import { DEFAULT_KEY_ALIAS, keyBehindAlias, validateAlias, type KeyFacts } from '../kms-key/index.js';
import { parsePolicy, type PolicyDocument } from '../policies/index.js';
import type { StepContext } from '../types.js';
import { findCoverage, type Coverage } from './coverage.js';
import { DEFAULT_TRAIL_NAME, defaultBucketName, suggestBucketName, validateBucketName, validateTrailName, type TrailNames } from './names.js';

export type BucketFacts =
  | { owner: 'missing' }
  | { owner: 'foreign' }
  | {
      owner: 'ours';
      /** Where the bucket lives: the trail's key must be in the same region. */
      region: string;
      publicAccessBlock: PublicAccessBlock | undefined;
      /** undefined: no ownership controls (ACLs enabled, the pre-2023 default). */
      ownership: string | undefined;
      aclGrantsOthers: boolean;
      versioning: string | undefined;
      encryption: BucketEncryption | undefined;
      policy: PolicyDocument | undefined;
    };

export interface TrailFacts extends TrailInfo {
  logging: boolean;
  selectors: EventSelectors;
}

export interface TrailInspection {
  names: TrailNames;
  key: KeyFacts | undefined;
  bucket: BucketFacts;
  trail: TrailFacts | undefined;
  /** A free-looking alternative when the bucket name belongs to another account. */
  suggestion?: string;
  /** When `trail` does not exist: another trail (the organization's, or one made elsewhere) that already logs the account. */
  coverage?: Coverage;
}

export async function inspectBucket(ctx: StepContext, bucket: string): Promise<BucketFacts> {
  const owner = await bucketOwner(ctx.aws, bucket);
  if (owner !== 'ours') return { owner };
  const aws = ctx.aws;
  const [region, publicAccessBlock, ownership, versioning, encryption, policy] = await Promise.all([
    getBucketRegion(aws, bucket),
    getPublicAccessBlock(aws, bucket),
    getObjectOwnership(aws, bucket),
    getVersioning(aws, bucket),
    getEncryption(aws, bucket),
    getBucketPolicy(aws, bucket),
  ]);
  // With ACLs disabled (BucketOwnerEnforced) the ACL grants nothing; only read it otherwise.
  const others = ownership === 'BucketOwnerEnforced' ? false : await aclGrantsOthers(aws, bucket);
  return { owner, region, publicAccessBlock, ownership, aclGrantsOthers: others, versioning, encryption, policy: parsePolicy(policy) };
}

/** The trail's status and selectors. A trail whose home is another region is only fully read (and changed) from there. */
export async function trailFacts(ctx: StepContext, info: TrailInfo): Promise<TrailFacts> {
  if (info.homeRegion !== ctx.region) return { ...info, logging: false, selectors: { basic: [], advanced: [] } };
  const [logging, selectors] = await Promise.all([isLogging(ctx.aws, info.name), getEventSelectors(ctx.aws, info.name)]);
  return { ...info, logging, selectors };
}

export async function inspectTrail(ctx: StepContext, names: TrailNames, all?: readonly TrailInfo[]): Promise<TrailInspection> {
  const trails = all ?? (await describeTrails(ctx.aws, ctx.region));
  const found = await findTrail(ctx.aws, names.trail, ctx.region, trails);
  const [key, bucket, trail] = await Promise.all([keyBehindAlias(ctx, names.keyAlias), inspectBucket(ctx, names.bucket), found ? trailFacts(ctx, found) : undefined]);
  const coverage = trail ? undefined : await findCoverage(ctx, trails, names.trail);
  return {
    names,
    key,
    bucket,
    trail,
    ...(bucket.owner === 'foreign' ? { suggestion: suggestBucketName(names.bucket) } : {}),
    ...(coverage ? { coverage } : {}),
  };
}

/**
 * The names `check` looks at: the operator's earlier answers (--config, then the journal, through
 * answerOf; the key alias may also come from the kms-key step's answer). Without them, AWS is
 * asked: the default trail, and its bucket and key when it already has ones of ours (so a re-run finds
 * them even without a journal); else the defaults.
 */
export async function checkNames(ctx: StepContext, all: readonly TrailInfo[]): Promise<TrailNames> {
  const trail = answerOf(ctx, 'cloudtrail', 'trail', validateTrailName) ?? DEFAULT_TRAIL_NAME;
  const found = await findTrail(ctx.aws, trail, ctx.region, all);
  let bucket = answerOf(ctx, 'cloudtrail', 'bucket', validateBucketName);
  if (bucket === undefined) {
    bucket = defaultBucketName(ctx.identity.account, ctx.region);
    if (found?.bucket && found.bucket !== bucket && (await bucketOwner(ctx.aws, found.bucket)) === 'ours') bucket = found.bucket;
  }
  let keyAlias = answerOf(ctx, 'cloudtrail', 'keyAlias', validateAlias) ?? answerOf(ctx, 'kms-key', 'alias', validateAlias);
  if (keyAlias === undefined) {
    keyAlias = DEFAULT_KEY_ALIAS;
    const keyId = found?.kmsKeyId?.split(':key/').pop();
    if (keyId && found?.kmsKeyId?.includes(':key/')) {
      const alias = (await listAliases(ctx.aws)).find((a) => a.targetKeyId === keyId && !a.name.startsWith('alias/aws/'));
      if (alias && alias.name !== keyAlias && !(await describeKey(ctx.aws, keyAlias))) keyAlias = alias.name;
    }
  }
  return { trail, bucket, keyAlias };
}
