/** What the trail-bucket-logging step reads: the trail's bucket (whose access is logged), its logging, and the log bucket. */
import { describeTrails } from '../../aws/cloudtrail.js';
import { bucketOwner, getBucketLogging, getBucketRegion, type BucketLogging } from '../../aws/s3.js';
import { checkNames, inspectBucket, type BucketFacts } from '../cloudtrail/inspect.js';
import { suggestBucketName } from '../cloudtrail/names.js';
import type { StepContext } from '../types.js';

export const LOG_BUCKET_SUFFIX = '-access-logs';

/** `<trail bucket>-access-logs`, the trail bucket's name shortened so the whole stays within S3's 63 characters. */
export function defaultLogBucketName(source: string): string {
  return `${source.slice(0, 63 - LOG_BUCKET_SUFFIX.length).replace(/[.-]+$/, '')}${LOG_BUCKET_SUFFIX}`;
}

/** Where the logs of `source` go in the log bucket: one folder per source bucket. */
export function logPrefix(source: string): string {
  return `${source}/`;
}

export type SourceFacts = { owner: 'missing' } | { owner: 'foreign' } | { owner: 'ours'; region: string; logging: BucketLogging | undefined };

export interface LoggingInspection {
  /** The trail's bucket. */
  source: string;
  sourceBucket: SourceFacts;
  /** The bucket the access logs go to. */
  target: string;
  targetBucket: BucketFacts;
  /** A free-looking alternative when the log bucket's name belongs to another account. */
  suggestion?: string;
}

async function inspectSource(ctx: StepContext, source: string): Promise<SourceFacts> {
  const owner = await bucketOwner(ctx.aws, source);
  if (owner !== 'ours') return { owner };
  const [region, logging] = await Promise.all([getBucketRegion(ctx.aws, source), getBucketLogging(ctx.aws, source)]);
  return { owner, region, logging };
}

/** The trail's bucket, as the cloudtrail step names it (its answer, the trail's own bucket, or its default). */
export async function trailBucket(ctx: StepContext): Promise<string> {
  return (await checkNames(ctx, await describeTrails(ctx.aws, ctx.region))).bucket;
}

export async function inspectLogging(ctx: StepContext, source: string, target: string): Promise<LoggingInspection> {
  const [sourceBucket, targetBucket] = await Promise.all([inspectSource(ctx, source), inspectBucket(ctx, target)]);
  return { source, sourceBucket, target, targetBucket, ...(targetBucket.owner === 'foreign' ? { suggestion: suggestBucketName(target) } : {}) };
}
