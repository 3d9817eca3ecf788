/**
 * The KMS key policy: the account keeps full use of its key, and CloudTrail may encrypt with it (and
 * decrypt through the S3 Bucket Key), scoped to the account's trails.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
import { CLOUDTRAIL_SERVICE, POLICY_VERSION, asList, canonical, oneOrMany, principalValues, sourceArnsOf, union, type PolicyDocument, type PolicyScope, type PolicyStatement } from './document.js';

export const KEY_SIDS = {
  root: 'Enable IAM User Permissions',
  encrypt: 'Allow CloudTrail to encrypt logs',
  describe: 'Allow CloudTrail to describe key',
  decrypt: 'Allow principals in the account to decrypt log files',
  bucketKey: 'Allow CloudTrail to decrypt with the S3 Bucket Key',
} as const;
const OWN_KEY_SIDS = new Set<string>([KEY_SIDS.encrypt, KEY_SIDS.describe, KEY_SIDS.decrypt, KEY_SIDS.bucketKey]);

export function rootKeyStatement(scope: PolicyScope): PolicyStatement {
  return {
    Sid: KEY_SIDS.root,
    Effect: 'Allow',
    Principal: { AWS: `arn:${scope.partition}:iam::${scope.account}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}

/**
 * True when some statement gives the account (and so IAM policies in it) full use of the key — the
 * statement that keeps the account from being locked out of its own key.
 */
export function keepsAccountAccess(doc: PolicyDocument | undefined, scope: PolicyScope): boolean {
  const root = `arn:${scope.partition}:iam::${scope.account}:root`;
  return (doc?.Statement ?? []).some(
    (s) =>
      s.Effect === 'Allow' &&
      s.Condition === undefined &&
      principalValues(s.Principal, 'AWS').some((p) => p === root || p === scope.account) &&
      asList(s.Action).some((a) => a === 'kms:*' || a === '*') &&
      asList(s.Resource).includes('*'),
  );
}

/** The trail ARNs the key's CloudTrail statement is scoped to today (aws:SourceArn). */
export function keyPolicyTrailArns(doc: PolicyDocument | undefined): string[] {
  return sourceArnsOf(doc?.Statement.find((s) => s.Sid === KEY_SIDS.encrypt));
}

export function cloudTrailKeyStatements(scope: PolicyScope, trailArns: readonly string[]): PolicyStatement[] {
  const anyTrailOfAccount = `arn:${scope.partition}:cloudtrail:*:${scope.account}:trail/*`;
  return [
    {
      Sid: KEY_SIDS.encrypt,
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': anyTrailOfAccount },
      },
    },
    {
      Sid: KEY_SIDS.describe,
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) } },
    },
    {
      Sid: KEY_SIDS.decrypt,
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': scope.account },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': anyTrailOfAccount },
      },
    },
    // The trail bucket uses an S3 Bucket Key (fewer KMS calls); CloudTrail then needs kms:Decrypt to
    // create or update an SSE-KMS trail ("Granting decrypt permissions for trails" in the page above).
    // Scoped to the trails, like the encrypt statement.
    {
      Sid: KEY_SIDS.bucketKey,
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) } },
    },
  ];
}

/**
 * The key policy aws-harden wants: every statement it does not own kept as is, the account's own
 * statement added if none keeps the account's access, and the CloudTrail statements scoped to the
 * trails already named there plus `trailArns`.
 */
export function proposeKeyPolicy(current: PolicyDocument | undefined, scope: PolicyScope, trailArns: readonly string[]): PolicyDocument {
  const others = (current?.Statement ?? []).filter((s) => !OWN_KEY_SIDS.has(s.Sid ?? ''));
  const withRoot = keepsAccountAccess({ Version: POLICY_VERSION, Statement: others }, scope) ? others : [rootKeyStatement(scope), ...others];
  const arns = union(keyPolicyTrailArns(current), trailArns);
  return {
    Version: POLICY_VERSION,
    Id: current?.Id ?? 'aws-harden-key-policy',
    Statement: [...withRoot, ...cloudTrailKeyStatements(scope, arns)],
  };
}

/** What the current key policy lacks compared with the proposal, as short phrases. */
export function keyPolicyGaps(current: PolicyDocument | undefined, proposed: PolicyDocument, scope: PolicyScope): string[] {
  const gaps: string[] = [];
  if (!keepsAccountAccess(current, scope)) gaps.push("no statement keeps the account's own access");
  for (const sid of [KEY_SIDS.encrypt, KEY_SIDS.describe, KEY_SIDS.decrypt, KEY_SIDS.bucketKey]) {
    const have = current?.Statement.find((s) => s.Sid === sid);
    const want = proposed.Statement.find((s) => s.Sid === sid);
    if (!have) gaps.push(`missing "${sid}"`);
    else if (JSON.stringify(canonical(have)) !== JSON.stringify(canonical(want))) gaps.push(`"${sid}" differs`);
  }
  return gaps;
}
