/**
 * The account shapes a sandbox can start as (`--sandbox=<shape>`, `startSandbox({ shape })`): what
 * exists in the account before aws-harden first looks, made in moto directly (as the console or the
 * organization would have made it), never through the overlay.
 *
 * - `fresh`: a new standalone account; the operator holds the root user's access key.
 * - `org-member`: a member of an AWS Organization whose management account runs an organization trail
 *   and has centralized root access on, so this account's root user has no credentials at all. The
 *   operator signs in as admins of member accounts do: the OrganizationAccountAccessRole, assumed from
 *   the management account (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html).
 *   The account is the organization's IAM delegated administrator, so it may read
 *   iam:ListOrganizationsFeatures (`iamDelegatedAdmin: false` makes it a plain member, which may not).
 * - `console-trail`: a standalone account with a multi-region trail made in the console: its bucket,
 *   the console's bucket policy, log-file validation, logging on; no KMS key.
 * - `aws-cn`: a new standalone account in the China partition (`arn:aws-cn:…`, region cn-north-1).
 * - `console-login`: a new standalone account whose owner never made a root access key: they signed in
 *   to the console as root and ran `aws login` (AWS CLI ≥ 2.32), and start from that short-lived
 *   session (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sign-in.html).
 */
import { S3Client, CreateBucketCommand, PutBucketPolicyCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { IAMClient, AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { OrganizationsClient, CreateOrganizationCommand, EnableAWSServiceAccessCommand } from '@aws-sdk/client-organizations';
import { administratorAccessArn } from '../aws/partition.js';
import type { OrganizationFacts } from './overlay/rules/organization.js';

import { SANDBOX_SHAPES, type SandboxShapeName } from '../args.js';

export { SANDBOX_SHAPES };
export type SandboxShape = SandboxShapeName;

export function isSandboxShape(value: string): value is SandboxShape {
  return (SANDBOX_SHAPES as readonly string[]).includes(value);
}

/** The partition and region of each shape. */
export function shapeLocation(shape: SandboxShape): { partition: string; region: string } {
  return shape === 'aws-cn' ? { partition: 'aws-cn', region: 'cn-north-1' } : { partition: 'aws', region: 'us-east-1' };
}

/** The organization's management account in the `org-member` shape (never the sandbox's own). */
export const SANDBOX_MANAGEMENT_ACCOUNT_ID = '999900000001';
/** The `org-member` account when none is given (moto's default account stays unused by it). */
export const SANDBOX_MEMBER_ACCOUNT_ID = '210987654321';
export const ORG_TRAIL_NAME = 'organization-trail';
export const CONSOLE_TRAIL_NAME = 'management-events';
export const ORG_ACCESS_ROLE = 'OrganizationAccountAccessRole';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What a shape made: the facts tests and the overlay's rules need. */
export interface ShapeFacts {
  organization?: OrganizationFacts & { trail: NonNullable<OrganizationFacts['trail']> };
  /** The console-made trail of `console-trail`. */
  consoleTrail?: { name: string; arn: string; bucket: string };
  /** `org-member`: the OrganizationAccountAccessRole session the operator starts with. */
  operatorCredentials?: TemporaryCredentials;
}

type Client = { middlewareStack: { add: (mw: never, opts: object) => void }; destroy(): void };

/** An SDK client for moto itself, acting as `accountId` (moto's x-moto-account-id header). */
function asAccount<C extends Client>(client: C, accountId: string): C {
  client.middlewareStack.add(
    ((next: (a: unknown) => Promise<unknown>) => (args: { request: { headers: Record<string, string> } }) => {
      args.request.headers['x-moto-account-id'] = accountId;
      return next(args);
    }) as never,
    { step: 'build', name: 'sandboxAccount' },
  );
  return client;
}

function config(motoEndpoint: string, region: string) {
  return { endpoint: motoEndpoint, region, credentials: { accessKeyId: 'AKIASANDBOXSHAPE0000', secretAccessKey: 'shape' }, forcePathStyle: true, maxAttempts: 1 };
}

/** The bucket policy the CloudTrail console writes for a trail (CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail"). */
function consoleBucketPolicy(partition: string, bucket: string, account: string, trailArn: string, orgId?: string): string {
  const prefix = `arn:${partition}:s3:::${bucket}/AWSLogs`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck20150319',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:${partition}:s3:::${bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite20150319',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: [`${prefix}/${account}/*`, ...(orgId ? [`${prefix}/${orgId}/*`] : [])],
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
    ],
  });
}

/** Bucket, console bucket policy, multi-region trail with validation and all management events, logging. */
async function makeTrail(motoEndpoint: string, account: string, partition: string, region: string, opts: { name: string; bucket: string; organization?: string }): Promise<string> {
  const s3 = asAccount(new S3Client(config(motoEndpoint, region)), account);
  const ct = asAccount(new CloudTrailClient(config(motoEndpoint, region)), account);
  try {
    const arn = `arn:${partition}:cloudtrail:${region}:${account}:trail/${opts.name}`;
    await s3.send(new CreateBucketCommand({ Bucket: opts.bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: opts.bucket, Policy: consoleBucketPolicy(partition, opts.bucket, account, arn, opts.organization) }));
    await ct.send(
      new CreateTrailCommand({
        Name: opts.name,
        S3BucketName: opts.bucket,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        IsOrganizationTrail: opts.organization !== undefined,
      }),
    );
    await ct.send(new PutEventSelectorsCommand({ TrailName: opts.name, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] }));
    await ct.send(new StartLoggingCommand({ Name: opts.name }));
    return arn;
  } finally {
    s3.destroy();
    ct.destroy();
  }
}

export interface SeedOptions {
  shape: SandboxShape;
  motoEndpoint: string;
  accountId: string;
  /** `org-member` only: false makes the account a plain member (not the IAM delegated administrator). */
  iamDelegatedAdmin?: boolean;
}

/** Makes the shape in an empty moto (at start, and again after each `/moto-api/reset`). */
export async function seedShape(opts: SeedOptions): Promise<ShapeFacts> {
  const { shape, motoEndpoint, accountId } = opts;
  const { partition, region } = shapeLocation(shape);
  if (shape === 'console-trail') {
    const bucket = `aws-cloudtrail-logs-${accountId}-0a1b2c3d`;
    const arn = await makeTrail(motoEndpoint, accountId, partition, region, { name: CONSOLE_TRAIL_NAME, bucket });
    return { consoleTrail: { name: CONSOLE_TRAIL_NAME, arn, bucket } };
  }
  if (shape !== 'org-member') return {};

  const management = SANDBOX_MANAGEMENT_ACCOUNT_ID;
  const orgs = asAccount(new OrganizationsClient(config(motoEndpoint, region)), management);
  const iam = asAccount(new IAMClient(config(motoEndpoint, region)), accountId);
  const sts = asAccount(new STSClient(config(motoEndpoint, region)), management);
  try {
    const org = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    // Trusted access for CloudTrail (the organization trail). moto 5.2.1 does not know iam.amazonaws.com
    // as a trusted service (moto/organizations/models.py TRUSTED_SERVICES): IAM's trusted access and
    // centralized root access are facts of the overlay's OrganizationRule instead.
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    const arn = await makeTrail(motoEndpoint, management, partition, region, {
      name: ORG_TRAIL_NAME,
      bucket: `aws-harden-org-trail-${management}`,
      organization: org.Organization?.Id ?? '',
    });
    // What Organizations makes in an account it creates: an admin role the management account may assume.
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${management}:root` }, Action: 'sts:AssumeRole' }] };
    await iam.send(new CreateRoleCommand({ RoleName: ORG_ACCESS_ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: ORG_ACCESS_ROLE, PolicyArn: administratorAccessArn(partition) }));
    const session = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:${partition}:iam::${accountId}:role/${ORG_ACCESS_ROLE}`, RoleSessionName: 'aws-harden', DurationSeconds: 43_200 }));
    const c = session.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('moto did not answer AssumeRole with credentials');
    return {
      organization: {
        managementAccountId: management,
        iamDelegatedAdmin: opts.iamDelegatedAdmin ?? true,
        centralizedRootAccess: true,
        trail: { name: ORG_TRAIL_NAME, arn, homeRegion: region },
      },
      operatorCredentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) },
    };
  } finally {
    orgs.destroy();
    iam.destroy();
    sts.destroy();
  }
}
