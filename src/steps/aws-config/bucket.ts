/**
 * The bucket AWS Config delivers to from every region: `aws-harden-config-<account>-<home region>`,
 * in the run's region, private (ACLs disabled, all four Block Public Access settings), with the bucket
 * policy AWS Config's Developer Guide gives for delivery under the service-linked role, scoped by
 * `AWS:SourceAccount` (https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html),
 * and plain-HTTP access denied. S3 encrypts new objects with SSE-S3 by default.
 */
import type { S3Action } from '../../aws/actions/index.js';
import type { Aws } from '../../aws/context.js';
import { bucketOwner, getBucketPolicy, getPublicAccessBlock } from '../../aws/s3.js';
import type { StepContext } from '../types.js';

export interface BucketState {
  name: string;
  owner: 'ours' | 'foreign' | 'missing';
  private: boolean;
  policy: string | undefined;
}

export function configBucketName(ctx: StepContext): string {
  return `aws-harden-config-${ctx.identity.account}-${ctx.region}`;
}

export async function readBucket(aws: Aws, name: string): Promise<BucketState> {
  const owner = await bucketOwner(aws, name);
  if (owner !== 'ours') return { name, owner, private: false, policy: undefined };
  const pab = await getPublicAccessBlock(aws, name);
  const allBlocked = pab !== undefined && pab.blockPublicAcls && pab.ignorePublicAcls && pab.blockPublicPolicy && pab.restrictPublicBuckets;
  return { name, owner, private: allBlocked, policy: await getBucketPolicy(aws, name) };
}

export function bucketPolicy(ctx: StepContext, bucket: string): Record<string, unknown> {
  const partition = ctx.identity.arn.split(':')[1] ?? 'aws';
  const arn = `arn:${partition}:s3:::${bucket}`;
  const account = ctx.identity.account;
  const fromThisAccount = { StringEquals: { 'AWS:SourceAccount': account } };
  const config = { Service: 'config.amazonaws.com' };
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSConfigBucketPermissionsCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: arn, Condition: fromThisAccount },
      { Sid: 'AWSConfigBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: arn, Condition: fromThisAccount },
      {
        Sid: 'AWSConfigBucketDelivery',
        Effect: 'Allow',
        Principal: config,
        Action: 's3:PutObject',
        Resource: `${arn}/AWSLogs/${account}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'AWS:SourceAccount': account } },
      },
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  };
}

function samePolicy(current: string | undefined, wanted: Record<string, unknown>): boolean {
  if (current === undefined) return false;
  try {
    return JSON.stringify(JSON.parse(current)) === JSON.stringify(wanted);
  } catch {
    return false;
  }
}

/** The bucket's changes, in order (its policy before any delivery channel names it: AWS checks it then). */
export function bucketActions(ctx: StepContext, b: BucketState): S3Action[] {
  if (b.owner === 'foreign') return [];
  const Bucket = b.name;
  const actions: S3Action[] = [];
  if (b.owner === 'missing') {
    actions.push({
      service: 's3',
      op: 'CreateBucket',
      input: { Bucket, ObjectOwnership: 'BucketOwnerEnforced', ...(ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region } }) },
      note: 'ACLs disabled from the start',
    });
  }
  if (!b.private) {
    actions.push({
      service: 's3',
      op: 'PutPublicAccessBlock',
      input: { Bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      note: 'all four Block Public Access settings',
    });
  }
  const wanted = bucketPolicy(ctx, Bucket);
  if (!samePolicy(b.policy, wanted)) {
    actions.push({ service: 's3', op: 'PutBucketPolicy', input: { Bucket, Policy: JSON.stringify(wanted) }, note: 'only AWS Config, for this account, may write; plain-HTTP access denied' });
  }
  return actions;
}
