/** The names the cloudtrail step works with (trail, bucket, key alias), their rules and defaults. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_KEY_ALIAS } from '../kms-key/index.js';
import { DEFAULT_TRAIL_NAME } from '../policies/index.js';
import type { Answers, StepContext } from '../types.js';

export { DEFAULT_TRAIL_NAME };
export const TRAIL_TAG = { Key: 'created-by', Value: 'aws-harden' } as const;

export function defaultBucketName(account: string, region: string): string {
  return `aws-harden-trail-${account}-${region}`;
}

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** S3's general-purpose bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function validateBucketName(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 3 || v.length > 63) return `A bucket name is 3 to 63 characters long (this one has ${v.length}).`;
  if (!/^[a-z0-9.-]+$/.test(v)) return 'Only lowercase letters, digits, hyphens (-) and dots (.) are allowed.';
  if (!/^[a-z0-9]/.test(v) || !/[a-z0-9]$/.test(v)) return 'A bucket name starts and ends with a lowercase letter or a digit.';
  if (v.includes('..')) return 'Two dots in a row are not allowed.';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return 'A bucket name must not look like an IP address.';
  const prefix = RESERVED_PREFIXES.find((p) => v.startsWith(p));
  if (prefix) return `Names starting with "${prefix}" are reserved by S3.`;
  const suffix = RESERVED_SUFFIXES.find((s) => v.endsWith(s));
  if (suffix) return `Names ending in "${suffix}" are reserved by S3.`;
  return undefined;
}

/** CloudTrail's trail naming rules (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html). */
export function validateTrailName(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 3 || v.length > 128) return `A trail name is 3 to 128 characters long (this one has ${v.length}).`;
  if (!/^[A-Za-z0-9._-]+$/.test(v)) return 'Only letters, digits, periods (.), underscores (_) and hyphens (-) are allowed.';
  if (!/^[A-Za-z0-9]/.test(v) || !/[A-Za-z0-9]$/.test(v)) return 'A trail name starts and ends with a letter or a digit.';
  if (/[._-]{2}/.test(v)) return 'Periods, underscores and hyphens may not be next to each other (e.g. "my-_trail").';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return 'A trail name must not look like an IP address.';
  return undefined;
}

export interface TrailNames {
  trail: string;
  bucket: string;
  keyAlias: string;
}

export function defaultNames(ctx: StepContext): TrailNames {
  return { trail: DEFAULT_TRAIL_NAME, bucket: defaultBucketName(ctx.identity.account, ctx.region), keyAlias: DEFAULT_KEY_ALIAS };
}

export function namesOf(answers: Answers, fallback: TrailNames): TrailNames {
  return {
    trail: (answers.trail ?? fallback.trail).trim(),
    bucket: (answers.bucket ?? fallback.bucket).trim(),
    keyAlias: (answers.keyAlias ?? fallback.keyAlias).trim(),
  };
}

export function sameNames(a: TrailNames, b: TrailNames): boolean {
  return a.trail === b.trail && a.bucket === b.bucket && a.keyAlias === b.keyAlias;
}

/** Stands for the key's ARN in plans made before the kms-key step has made the key. */
export function keyPlaceholder(alias: string): string {
  return `<KeyArn of ${alias}>`;
}

export function suggestBucketName(name: string): string {
  const suffix = randomBytes(4).toString('hex').slice(0, 6);
  return `${name.slice(0, 63 - suffix.length - 1).replace(/[.-]+$/, '')}-${suffix}`;
}
