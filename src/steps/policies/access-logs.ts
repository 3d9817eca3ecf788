/**
 * The access-log bucket's policy: only the S3 logging service may put objects, under the source
 * bucket's prefix, and only for the trail bucket of this account (aws:SourceArn, aws:SourceAccount);
 * plain-HTTP access is denied; public Allows for anyone go. ACLs are disabled on the bucket
 * (BucketOwnerEnforced), so the policy, not the log-delivery group's ACL grant, is what lets the
 * logs in. https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
import { isPublicAllow } from './bucket.js';
import { POLICY_VERSION, canonical, type PolicyDocument, type PolicyScope, type PolicyStatement } from './document.js';

export const S3_LOGGING_SERVICE = 'logging.s3.amazonaws.com';

export const ACCESS_LOG_SIDS = {
  write: 'S3ServerAccessLogsPolicy',
  tls: 'DenyInsecureTransport',
} as const;
const OWN_SIDS = new Set<string>(Object.values(ACCESS_LOG_SIDS));

export interface AccessLogScope extends PolicyScope {
  /** The bucket the logs go to. */
  target: string;
  /** The key prefix the logs are written under (e.g. `<source>/`). */
  prefix: string;
  /** The bucket whose access is logged. */
  source: string;
}

export function accessLogStatements(scope: AccessLogScope): PolicyStatement[] {
  const arn = `arn:${scope.partition}:s3:::${scope.target}`;
  return [
    {
      Sid: ACCESS_LOG_SIDS.write,
      Effect: 'Allow',
      Principal: { Service: S3_LOGGING_SERVICE },
      Action: ['s3:PutObject'],
      Resource: `${arn}/${scope.prefix}*`,
      Condition: {
        ArnLike: { 'aws:SourceArn': `arn:${scope.partition}:s3:::${scope.source}` },
        StringEquals: { 'aws:SourceAccount': scope.account },
      },
    },
    {
      Sid: ACCESS_LOG_SIDS.tls,
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}

/** The policy wanted: the two statements above, every other statement kept except public Allows for anyone. */
export function proposeAccessLogPolicy(current: PolicyDocument | undefined, scope: AccessLogScope): PolicyDocument {
  const others = (current?.Statement ?? []).filter((s) => !OWN_SIDS.has(s.Sid ?? '') && !isPublicAllow(s));
  return { Version: POLICY_VERSION, ...(current?.Id ? { Id: current.Id } : {}), Statement: [...others, ...accessLogStatements(scope)] };
}

/** What the current policy lacks or has too much of, as short phrases. */
export function accessLogPolicyGaps(current: PolicyDocument | undefined, proposed: PolicyDocument): string[] {
  if (!current) return ['no bucket policy'];
  const gaps: string[] = [];
  const publicSids = current.Statement.filter(isPublicAllow).map((s) => s.Sid ?? '(no Sid)');
  if (publicSids.length) gaps.push(`public Allow for everyone: ${publicSids.join(', ')}`);
  for (const sid of Object.values(ACCESS_LOG_SIDS)) {
    const have = current.Statement.find((s) => s.Sid === sid);
    const want = proposed.Statement.find((s) => s.Sid === sid);
    if (!have) gaps.push(`missing ${sid}`);
    else if (JSON.stringify(canonical(have)) !== JSON.stringify(canonical(want))) gaps.push(`${sid} differs`);
  }
  return gaps;
}
