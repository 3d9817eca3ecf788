/**
 * AWS Config's `PutDeliveryChannel` checks the bucket the way AWS does; moto 5.2.1 only checks that a
 * name is given (moto/config/models.py `put_delivery_channel`: "We are going to assume that the bucket
 * exists"). Per the API reference (https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html#API_PutDeliveryChannel_Errors):
 * - NoSuchBucketException, "The specified Amazon S3 bucket does not exist.";
 * - InsufficientDeliveryPolicyException, "Your Amazon S3 bucket policy does not allow AWS Config to
 *   write to it.": with the service-linked role, the bucket policy must let `config.amazonaws.com`
 *   call `s3:GetBucketAcl` on the bucket and `s3:PutObject` on `<bucket>/[prefix/]AWSLogs/<account>/Config/*`
 *   with the `bucket-owner-full-control` ACL (https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html).
 *   A recorder with a role of its own writes with that role's permissions; the rule leaves it to moto.
 * Errors are in the JSON 1.1 shape.
 */
import { jsonError, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';
import { policyAllows } from './cloudtrail-policy.js';

const SERVICE = 'config.amazonaws.com';

export class ConfigDeliveryRule implements Rule {
  readonly name = 'config-delivery';
  readonly services = ['config'] as const;

  constructor(private readonly ctx: RuleContext) {}

  private auth(service: string, region: string): Record<string, string> {
    // moto routes by the credential scope's service and does not check the signature.
    return { authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXOVERLAY00/20200101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`, 'x-moto-account-id': this.ctx.accountId };
  }

  /** The region's recorder role, as moto holds it. */
  private async recorderRole(region: string): Promise<string | undefined> {
    const res = await fetch(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: { ...this.auth('config', region), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'StarlingDoveService.DescribeConfigurationRecorders' },
      body: '{}',
    });
    const out = (await res.json().catch(() => ({}))) as { ConfigurationRecorders?: Array<{ roleARN?: string }> };
    return out.ConfigurationRecorders?.[0]?.roleARN;
  }

  private async s3(bucket: string, sub: string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${this.ctx.motoEndpoint}/${encodeURIComponent(bucket)}?${sub}`, { headers: this.auth('s3', 'us-east-1') });
    return { status: res.status, text: await res.text() };
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.action !== 'PutDeliveryChannel') return undefined;
    const channel = (req.json.DeliveryChannel ?? {}) as Record<string, unknown>;
    const bucket = typeof channel.s3BucketName === 'string' ? channel.s3BucketName : '';
    if (bucket === '') return undefined;
    if ((await this.s3(bucket, 'location')).status === 404) return jsonError('NoSuchBucketException', 'The specified Amazon S3 bucket does not exist.');
    const role = await this.recorderRole(req.region);
    if (!role?.includes(`:role/aws-service-role/${SERVICE}/`)) return undefined;
    const policy = await this.s3(bucket, 'policy');
    const prefix = typeof channel.s3KeyPrefix === 'string' && channel.s3KeyPrefix !== '' ? `${channel.s3KeyPrefix}/` : '';
    const partition = role.split(':')[1] ?? 'aws';
    const context = { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:sourceaccount': this.ctx.accountId, 'aws:securetransport': 'true' };
    const text = policy.status === 200 ? policy.text : undefined;
    const acl = policyAllows(text, { service: SERVICE, action: 's3:GetBucketAcl', resource: `arn:${partition}:s3:::${bucket}`, context });
    const put = policyAllows(text, {
      service: SERVICE,
      action: 's3:PutObject',
      resource: `arn:${partition}:s3:::${bucket}/${prefix}AWSLogs/${this.ctx.accountId}/Config/ConfigWritabilityCheckFile`,
      context,
    });
    return acl && put ? undefined : jsonError('InsufficientDeliveryPolicyException', 'Your Amazon S3 bucket policy does not allow AWS Config to write to it.');
  }
}
