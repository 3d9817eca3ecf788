/**
 * The trail bucket's policy: CloudTrail may check the ACL and write the account's logs, plain-HTTP
 * access is denied, and public Allows for anyone go.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
import { CLOUDTRAIL_SERVICE, POLICY_VERSION, asList, canonical, oneOrMany, principalValues, sourceArnsOf, union, type PolicyDocument, type PolicyScope, type PolicyStatement } from './document.js';

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
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:userid',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
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
