/**
 * S3 `PutBucketLogging` into a target bucket whose Object Ownership is BucketOwnerEnforced: ACLs are
 * disabled there, so the log-delivery group's ACL grant no longer lets logs in, and only the bucket
 * policy can ("If the destination bucket uses the Bucket owner enforced setting for Object Ownership,
 * … you must use a bucket policy to grant access to the logging service principal",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html). moto 5.2.1
 * accepts either the policy or the ACL grant whatever the ownership (moto/s3/models.py
 * `FakeBucket.set_logging`), so a BucketOwnerEnforced target that grants through its ACL only passes
 * there; AWS answers InvalidTargetBucketForLogging, with the message moto uses for a target without
 * either grant. moto already refuses a target in another region (CrossLocationLoggingProhibitted) or
 * that does not exist.
 */
import { s3Error, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

const LOGGING_SERVICE = 'logging.s3.amazonaws.com';
const NO_PERMISSION =
  'You must either provide the necessary permissions to the logging service using a bucket policy or give the log-delivery group WRITE and READ_ACP permissions to the target bucket';

function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`).exec(xml)?.[1];
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** IAM's `*` and `?` wildcards, as in a policy's Resource. */
function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

/** True when some Allow statement lets the logging service put an object under `prefix` in `bucket`. */
export function policyLetsLogsIn(policyText: string | undefined, bucket: string, prefix: string): boolean {
  if (!policyText) return false;
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policyText) as { Statement?: unknown };
  } catch {
    return false;
  }
  const key = `${prefix}example-log-object`;
  return list(doc.Statement).some((raw) => {
    const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const principal = (typeof s.Principal === 'object' && s.Principal !== null ? s.Principal : {}) as Record<string, unknown>;
    const actions = list(s.Action).map(String);
    return (
      s.Effect === 'Allow' &&
      list(principal.Service).includes(LOGGING_SERVICE) &&
      actions.some((a) => ['s3:putobject', 's3:*', '*'].includes(a.toLowerCase())) &&
      list(s.Resource).some((r) => globMatches(String(r), `arn:aws:s3:::${bucket}/${key}`) || globMatches(String(r).replace(/^arn:[^:]+:/, 'arn:aws:'), `arn:aws:s3:::${bucket}/${key}`))
    );
  });
}

export class BucketLoggingRule implements Rule {
  readonly name = 'bucket-logging-target';
  readonly services = ['s3'] as const;

  constructor(private readonly ctx: RuleContext) {}

  private async read(bucket: string, sub: string): Promise<string | undefined> {
    const res = await fetch(`${this.ctx.motoEndpoint}/${encodeURIComponent(bucket)}?${sub}`, {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXOVERLAY00/20200101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0`,
        'x-moto-account-id': this.ctx.accountId,
      },
    });
    const text = await res.text();
    return res.status === 200 ? text : undefined;
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.action !== 'PUT ?logging') return undefined;
    const body = req.body.toString('utf8');
    const target = xmlValue(body, 'TargetBucket');
    if (!target) return undefined;
    const prefix = xmlValue(body, 'TargetPrefix') ?? '';
    const ownership = await this.read(target, 'ownershipControls');
    if (!ownership || xmlValue(ownership, 'ObjectOwnership') !== 'BucketOwnerEnforced') return undefined;
    if (policyLetsLogsIn(await this.read(target, 'policy'), target, prefix)) return undefined;
    return s3Error(400, 'InvalidTargetBucketForLogging', NO_PERMISSION);
  }
}
