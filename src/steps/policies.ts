/**
 * Pure builders for the two resource policies the logging steps write: the KMS key policy and the
 * trail bucket's policy. Both are *merged* into what is there: statements aws-harden does not own are
 * kept (never lock the account out, never drop someone's grant), statements it owns are recognised by
 * Sid and rewritten. A policy is "done" when merging changes nothing (a fixed point), so re-running a
 * finished step proposes no write.
 *
 * Statement texts follow AWS's documentation:
 * - key: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * - bucket: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: string;
  Id?: string;
  Statement: PolicyStatement[];
}

/** Who and where: the account, its partition (`aws`, `aws-cn`, …) and the trail's home region. */
export interface PolicyScope {
  partition: string;
  account: string;
}

const POLICY_VERSION = '2012-10-17';

/**
 * The trail name the cloudtrail step proposes. The kms-key step scopes the key's CloudTrail statement
 * to this trail before the trail exists; the cloudtrail step adds its own ARN if the operator picks
 * another name.
 */
export const DEFAULT_TRAIL_NAME = 'aws-harden';
const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';

/** The partition of an ARN (`arn:aws:iam::…` → `aws`). */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

export function trailArn(scope: PolicyScope, region: string, name: string): string {
  return `arn:${scope.partition}:cloudtrail:${region}:${scope.account}:trail/${name}`;
}

/** Parses a policy document; undefined for no policy or for text that is not a policy. */
export function parsePolicy(text: string | undefined): PolicyDocument | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const doc = JSON.parse(text) as { Version?: unknown; Id?: unknown; Statement?: unknown };
    if (typeof doc !== 'object' || doc === null) return undefined;
    // A single statement may be written as an object instead of a one-element list.
    const raw = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
    return {
      Version: typeof doc.Version === 'string' ? doc.Version : POLICY_VERSION,
      ...(typeof doc.Id === 'string' ? { Id: doc.Id } : {}),
      Statement: raw.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null),
    };
  } catch {
    return undefined;
  }
}

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** One value or a sorted list: how a policy reads best when there is a single value. */
function oneOrMany(values: readonly string[]): string | string[] {
  return values.length === 1 ? (values[0] as string) : [...values];
}

/**
 * A canonical form for comparing policy JSON: object keys sorted, single strings and one-element
 * lists alike, lists sorted. AWS may hand back a policy with either spelling.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.length === 1 ? items[0] : items.map((i) => JSON.stringify(i)).sort().map((i) => JSON.parse(i) as unknown);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function samePolicy(a: PolicyDocument | undefined, b: PolicyDocument | undefined): boolean {
  if (!a || !b) return a === b;
  const norm = (d: PolicyDocument) => JSON.stringify(canonical({ Version: d.Version, Statement: d.Statement }));
  return norm(a) === norm(b);
}

export function policyText(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

function principalValues(p: unknown, kind: 'AWS' | 'Service'): string[] {
  if (p === '*') return kind === 'AWS' ? ['*'] : [];
  if (p && typeof p === 'object') return asList((p as Record<string, unknown>)[kind]);
  return [];
}

function sourceArnsOf(s: PolicyStatement | undefined): string[] {
  return asList(s?.Condition?.StringEquals?.['aws:SourceArn']);
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

// ---------------------------------------------------------------- key policy

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

// ---------------------------------------------------------------- bucket policy

export const BUCKET_SIDS = {
  aclCheck: 'AWSCloudTrailAclCheck20150319',
  write: 'AWSCloudTrailWrite20150319',
  tls: 'DenyInsecureTransport',
} as const;
const OWN_BUCKET_SIDS = new Set<string>(Object.values(BUCKET_SIDS));

export interface BucketScope extends PolicyScope {
  bucket: string;
  /** The trail's S3 key prefix, if it has one ("" for none). */
  keyPrefix: string;
}

function bucketArn(scope: BucketScope): string {
  return `arn:${scope.partition}:s3:::${scope.bucket}`;
}

/** Where CloudTrail writes: `<prefix>/AWSLogs/<account>/…`. */
export function logObjectsArn(scope: BucketScope): string {
  const prefix = scope.keyPrefix ? `${scope.keyPrefix.replace(/\/+$/, '')}/` : '';
  return `${bucketArn(scope)}/${prefix}AWSLogs/${scope.account}/*`;
}

/**
 * Condition keys whose fixed value makes an Allow for `*` non-public in S3's eyes ("The meaning of
 * public", https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status).
 * Such grants (an organization, a VPC endpoint, an account) are someone's access, and are kept.
 */
const FIXING_KEYS = new Set([
  'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceowner', 'aws:sourceaccount', 'aws:userid',
  'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn',
  's3:x-amz-server-side-encryption-aws-kms-key-id', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
]);
/** Operators that pin a key to the listed values (negated and wildcard-free forms only). */
const FIXING_OPERATORS = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|ArnEquals|StringLike|ArnLike)$/;

/** A CIDR narrow enough that S3 does not call it public (a /0-style range is anyone). */
function narrowCidr(cidr: string): boolean {
  const [addr, bits] = cidr.split('/');
  const n = bits === undefined ? (addr?.includes(':') ? 128 : 32) : Number(bits);
  return Number.isFinite(n) && n >= (addr?.includes(':') ? 32 : 8);
}

/** True when a condition pins the request to fixed, non-wildcard values S3 counts as non-public. */
function fixesRequester(condition: PolicyStatement['Condition']): boolean {
  return Object.entries(condition ?? {}).some(([op, block]) =>
    Object.entries(block).some(([key, values]) => {
      const vals = asList(values);
      if (vals.length === 0) return false;
      if (op === 'IpAddress' && key.toLowerCase() === 'aws:sourceip') return vals.every(narrowCidr);
      return FIXING_OPERATORS.test(op) && FIXING_KEYS.has(key.toLowerCase()) && vals.every((v) => !/[*?]/.test(v));
    }),
  );
}

/** An Allow for anyone (`*`) not pinned by a fixing condition: what makes a bucket policy public. */
export function isPublicAllow(s: PolicyStatement): boolean {
  return s.Effect === 'Allow' && (s.Principal === '*' || principalValues(s.Principal, 'AWS').includes('*')) && !fixesRequester(s.Condition);
}

export function cloudTrailBucketStatements(scope: BucketScope, trailArns: readonly string[]): PolicyStatement[] {
  const arn = bucketArn(scope);
  return [
    {
      Sid: BUCKET_SIDS.aclCheck,
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: 's3:GetBucketAcl',
      Resource: arn,
      Condition: { StringEquals: { 'aws:SourceArn': oneOrMany(trailArns) } },
    },
    {
      Sid: BUCKET_SIDS.write,
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL_SERVICE },
      Action: 's3:PutObject',
      Resource: logObjectsArn(scope),
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': oneOrMany(trailArns) } },
    },
    {
      Sid: BUCKET_SIDS.tls,
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}

/**
 * The bucket policy aws-harden wants: CloudTrail's two statements (scoped to the trails already named
 * there plus `trailArns`) and the deny of plain-HTTP access; other statements kept, except public
 * Allows for anyone, which are what make a log bucket public (and which Block Public Access would
 * refuse anyway). An Allow for `*` pinned to an organization, a VPC endpoint or an account is not
 * public to S3, and is kept.
 */
export function proposeBucketPolicy(current: PolicyDocument | undefined, scope: BucketScope, trailArns: readonly string[]): PolicyDocument {
  const statements = current?.Statement ?? [];
  const others = statements.filter((s) => !OWN_BUCKET_SIDS.has(s.Sid ?? '') && !isPublicAllow(s));
  const known = statements.filter((s) => s.Sid === BUCKET_SIDS.aclCheck || s.Sid === BUCKET_SIDS.write).flatMap(sourceArnsOf);
  return {
    Version: POLICY_VERSION,
    ...(current?.Id ? { Id: current.Id } : {}),
    Statement: [...others, ...cloudTrailBucketStatements(scope, union(known, trailArns))],
  };
}

/** What the current bucket policy lacks or has too much of, as short phrases. */
export function bucketPolicyGaps(current: PolicyDocument | undefined, proposed: PolicyDocument): string[] {
  if (!current) return ['no bucket policy'];
  const gaps: string[] = [];
  const publicSids = current.Statement.filter(isPublicAllow).map((s) => s.Sid ?? '(no Sid)');
  if (publicSids.length) gaps.push(`public Allow for everyone: ${publicSids.join(', ')}`);
  for (const sid of Object.values(BUCKET_SIDS)) {
    const have = current.Statement.find((s) => s.Sid === sid);
    const want = proposed.Statement.find((s) => s.Sid === sid);
    if (!have) gaps.push(`missing ${sid}`);
    else if (JSON.stringify(canonical(have)) !== JSON.stringify(canonical(want))) gaps.push(`${sid} differs`);
  }
  return gaps;
}
