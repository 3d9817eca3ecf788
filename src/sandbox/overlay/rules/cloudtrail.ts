/**
 * CloudTrail `CreateTrail` / `UpdateTrail` check the destination the way AWS does; moto only checks
 * that the bucket exists (moto/cloudtrail/models.py `Trail.check_bucket_exists`).
 *
 * - The bucket policy must let `cloudtrail.amazonaws.com` call `s3:GetBucketAcl` on the bucket and
 *   `s3:PutObject` on `<bucket>/[prefix/]AWSLogs/<account>/*`, with any `aws:SourceArn` condition
 *   naming this trail; otherwise `InsufficientS3BucketPolicyException`
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
 * - With `KmsKeyId`: the key must exist and be in the bucket's region, otherwise
 *   `KmsKeyNotFoundException` ("thrown when the KMS key does not exist, when the S3 bucket and the KMS
 *   key are not in the same Region", https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html#API_CreateTrail_Errors);
 *   the key policy must let the service call `kms:GenerateDataKey*`, and `kms:Decrypt` too when the
 *   bucket's default encryption uses an S3 Bucket Key, otherwise `InsufficientEncryptionPolicyException`
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
 *
 * The messages are the ones AWS sends for the two policy errors (as operators quote them, e.g.
 * hashicorp/terraform#6388, trussworks/terraform-aws-cloudtrail#186); AWS documents no text for the
 * region mismatch, so that message is ours. UpdateTrail is checked when it names a bucket, prefix or
 * key; the parts it leaves out are read from the trail as it is.
 */
import { jsonError, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';
import { policyAllows } from './cloudtrail-policy.js';

const SERVICE = 'cloudtrail.amazonaws.com';

/** The partition a region belongs to (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html). */
function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** S3's GetBucketLocation answer as a region: empty is us-east-1, `EU` the old name of eu-west-1. */
function bucketRegion(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

interface Answer {
  status: number;
  text: string;
}

/** moto, asked directly as the sandbox's account (moto routes by the credential scope and does not check signatures). */
class MotoReader {
  constructor(private readonly ctx: RuleContext) {}

  private headers(service: string, region: string): Record<string, string> {
    return {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXOVERLAY00/20200101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      'x-moto-account-id': this.ctx.accountId,
    };
  }

  private async call(url: string, init: RequestInit): Promise<Answer> {
    const res = await fetch(url, init);
    return { status: res.status, text: await res.text() };
  }

  async json(service: 'kms' | 'cloudtrail', region: string, target: string, body: unknown): Promise<{ ok: boolean; value: Record<string, unknown> }> {
    const a = await this.call(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: { ...this.headers(service, region), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body: JSON.stringify(body),
    });
    let value: Record<string, unknown> = {};
    try {
      value = JSON.parse(a.text) as Record<string, unknown>;
    } catch {
      // moto answers some errors as XML (MACHINE-NOTES): not ok, no value.
    }
    return { ok: a.status === 200, value };
  }

  /** One S3 bucket sub-resource (`policy`, `encryption`, `location`), or undefined when S3 answers an error. */
  async s3(bucket: string, sub: string): Promise<string | undefined> {
    const a = await this.call(`${this.ctx.motoEndpoint}/${encodeURIComponent(bucket)}?${sub}`, { method: 'GET', headers: this.headers('s3', 'us-east-1') });
    return a.status === 200 ? a.text : undefined;
  }
}

function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`).exec(xml)?.[1];
}

interface Destination {
  trailArn: string;
  region: string;
  bucket: string;
  prefix: string;
  kmsKeyId: string | undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export class CloudTrailDestinationRule implements Rule {
  readonly name = 'cloudtrail-destination';
  readonly services = ['cloudtrail'] as const;
  private readonly moto: MotoReader;

  constructor(private readonly ctx: RuleContext) {
    this.moto = new MotoReader(ctx);
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.action !== 'CreateTrail' && req.action !== 'UpdateTrail') return undefined;
    const dest = await this.destination(req);
    if (!dest) return undefined;
    return (await this.checkBucket(dest)) ?? (await this.checkKey(dest));
  }

  /** What the trail will write to; undefined when there is nothing for this rule to check (moto answers). */
  private async destination(req: OverlayRequest): Promise<Destination | undefined> {
    const j = req.json;
    const name = str(j.Name);
    if (!name) return undefined;
    const account = this.ctx.accountId;
    if (req.action === 'CreateTrail') {
      const bucket = str(j.S3BucketName);
      if (!bucket) return undefined;
      const trailArn = `arn:${partitionOfRegion(req.region)}:cloudtrail:${req.region}:${account}:trail/${name}`;
      return { trailArn, region: req.region, bucket, prefix: str(j.S3KeyPrefix) ?? '', kmsKeyId: str(j.KmsKeyId) || undefined };
    }
    if (j.S3BucketName === undefined && j.S3KeyPrefix === undefined && j.KmsKeyId === undefined) return undefined;
    const got = await this.moto.json('cloudtrail', req.region, 'CloudTrail_20131101.GetTrail', { Name: name });
    const trail = got.value.Trail as Record<string, unknown> | undefined;
    // An unknown trail: moto's own TrailNotFoundException is the right answer.
    if (!got.ok || !trail) return undefined;
    const trailArn = str(trail.TrailARN) ?? '';
    const region = str(trail.HomeRegion) ?? req.region;
    const bucket = str(j.S3BucketName) ?? str(trail.S3BucketName) ?? '';
    const prefix = str(j.S3KeyPrefix) ?? str(trail.S3KeyPrefix) ?? '';
    // An empty KmsKeyId turns encryption off.
    const kmsKeyId = j.KmsKeyId !== undefined ? str(j.KmsKeyId) || undefined : str(trail.KmsKeyId) || undefined;
    return { trailArn, region, bucket, prefix, kmsKeyId };
  }

  private context(dest: Destination, extra: Record<string, string> = {}): Record<string, string> {
    return { 'aws:sourcearn': dest.trailArn, 'aws:sourceaccount': this.ctx.accountId, 'aws:securetransport': 'true', ...extra };
  }

  private async checkBucket(dest: Destination): Promise<Reply | undefined> {
    const location = await this.moto.s3(dest.bucket, 'location');
    // No such bucket: moto answers S3BucketDoesNotExistException itself.
    if (location === undefined) return undefined;
    const policy = await this.moto.s3(dest.bucket, 'policy');
    const partition = dest.trailArn.split(':')[1] ?? 'aws';
    const bucketArn = `arn:${partition}:s3:::${dest.bucket}`;
    const prefix = dest.prefix ? `${dest.prefix.replace(/\/+$/, '')}/` : '';
    const acl = policyAllows(policy, { service: SERVICE, action: 's3:GetBucketAcl', resource: bucketArn, context: this.context(dest) });
    // The literal `AWSLogs/<account>/*` must be covered: a policy for a narrower path is not enough.
    const write = policyAllows(policy, {
      service: SERVICE,
      action: 's3:PutObject',
      resource: `${bucketArn}/${prefix}AWSLogs/${this.ctx.accountId}/*`,
      context: this.context(dest, { 's3:x-amz-acl': 'bucket-owner-full-control' }),
    });
    if (acl && write) return undefined;
    return jsonError('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${dest.bucket}`);
  }

  private async checkKey(dest: Destination): Promise<Reply | undefined> {
    if (!dest.kmsKeyId) return undefined;
    const keyRegion = dest.kmsKeyId.startsWith('arn:') ? (dest.kmsKeyId.split(':')[3] ?? dest.region) : dest.region;
    const described = await this.moto.json('kms', keyRegion, 'TrentService.DescribeKey', { KeyId: dest.kmsKeyId });
    const meta = described.value.KeyMetadata as Record<string, unknown> | undefined;
    const keyArn = str(meta?.Arn);
    if (!described.ok || !keyArn) return jsonError('KmsKeyNotFoundException', `KMS key ${dest.kmsKeyId} not found.`);

    const location = (await this.moto.s3(dest.bucket, 'location')) ?? '';
    const inBucketRegion = bucketRegion(xmlValue(location, 'LocationConstraint'));
    const actualKeyRegion = keyArn.split(':')[3] ?? '';
    if (actualKeyRegion !== inBucketRegion) {
      return jsonError('KmsKeyNotFoundException', `KMS key ${keyArn} is in ${actualKeyRegion}, but the S3 bucket ${dest.bucket} is in ${inBucketRegion}: they must be in the same Region.`);
    }

    const policyAnswer = await this.moto.json('kms', actualKeyRegion, 'TrentService.GetKeyPolicy', { KeyId: keyArn, PolicyName: 'default' });
    const policy = str(policyAnswer.value.Policy);
    const bucketArn = `arn:${dest.trailArn.split(':')[1] ?? 'aws'}:s3:::${dest.bucket}`;
    const encrypt = policyAllows(policy, {
      service: SERVICE,
      action: 'kms:GenerateDataKey',
      resource: keyArn,
      context: this.context(dest, { 'kms:encryptioncontext:aws:cloudtrail:arn': dest.trailArn }),
    });
    // With an S3 Bucket Key, S3 derives a bucket-level data key and CloudTrail needs to decrypt it.
    const decrypt =
      !(await this.usesBucketKey(dest.bucket)) ||
      policyAllows(policy, {
        service: SERVICE,
        action: 'kms:Decrypt',
        resource: keyArn,
        context: this.context(dest, { 'kms:encryptioncontext:aws:s3:arn': bucketArn }),
      });
    if (encrypt && decrypt) return undefined;
    return jsonError('InsufficientEncryptionPolicyException', `Insufficient permissions to access S3 bucket ${dest.bucket} or KMS key ${keyArn}.`);
  }

  private async usesBucketKey(bucket: string): Promise<boolean> {
    const xml = await this.moto.s3(bucket, 'encryption');
    return xml !== undefined && xmlValue(xml, 'SSEAlgorithm') === 'aws:kms' && xmlValue(xml, 'BucketKeyEnabled') === 'true';
  }
}
