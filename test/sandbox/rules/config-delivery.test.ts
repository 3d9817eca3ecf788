/** AWS Config delivery channels: moto takes any bucket name; the strict sandbox checks the bucket and its policy as AWS does. */
import { ConfigServiceClient, PutConfigurationRecorderCommand, PutDeliveryChannelCommand } from '@aws-sdk/client-config-service';
import { CreateServiceLinkedRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';

const sb = useEmulator();

function config(endpoint: string): ConfigServiceClient {
  return new ConfigServiceClient({ endpoint, region: 'us-east-1', credentials: sb.rootCredentials, maxAttempts: 1 });
}

async function recorderWithServiceLinkedRole(endpoint: string): Promise<void> {
  const role = await new IAMClient({ endpoint: sb.endpoint, region: 'us-east-1', credentials: sb.rootCredentials }).send(
    new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }),
  );
  await config(endpoint).send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN: role.Role?.Arn, recordingGroup: { allSupported: true } } }));
}

/** The Developer Guide's policy (s3-bucket-policy.html). */
function documented(bucket: string): string {
  const config = { Service: 'config.amazonaws.com' };
  const cond = { StringEquals: { 'AWS:SourceAccount': sb.accountId } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: cond },
      { Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}`, Condition: cond },
      {
        Effect: 'Allow',
        Principal: config,
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/${sb.accountId}/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'AWS:SourceAccount': sb.accountId } },
      },
    ],
  });
}

async function errorName(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'succeeded',
    (e: unknown) => (e as { name: string }).name,
  );
}

describe('config delivery channel', () => {
  it('moto alone accepts a channel to a bucket that does not exist', async () => {
    await recorderWithServiceLinkedRole(sb.motoEndpoint);
    expect(await errorName(config(sb.motoEndpoint).send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'no-such-bucket-here' } })))).toBe('succeeded');
  });

  it('refuses a missing bucket (NoSuchBucketException) and one whose policy does not let AWS Config write (InsufficientDeliveryPolicyException); accepts the documented policy', async () => {
    await recorderWithServiceLinkedRole(sb.endpoint);
    const strict = config(sb.endpoint);
    const put = () => strict.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'config-logs' } }));
    expect(await errorName(put())).toBe('NoSuchBucketException');
    const s3 = new S3Client({ endpoint: sb.endpoint, region: 'us-east-1', credentials: sb.rootCredentials, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'config-logs' }));
    expect(await errorName(put())).toBe('InsufficientDeliveryPolicyException');
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'config-logs', Policy: documented('config-logs').replace('/Config/*', '/Other/*') }));
    expect(await errorName(put())).toBe('InsufficientDeliveryPolicyException');
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'config-logs', Policy: documented('config-logs') }));
    expect(await errorName(put())).toBe('succeeded');
  });
});
