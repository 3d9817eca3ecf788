/** Shared bits of the kms-key / cloudtrail / budget integration tests. */
import { S3Client } from '@aws-sdk/client-s3';
import type { Sandbox } from '../../src/sandbox/index.js';
import { describeRecorded, isMutatingRecorded, recordedRequests } from '../helpers/emulator.js';

/** Empties the emulator-side recordings (moto's and the overlay's) without resetting the account. */
export async function resetRecording(sb: Sandbox): Promise<void> {
  for (const url of [`${sb.motoEndpoint}/moto-api/recorder/reset-recording`, `${sb.endpoint}/sandbox/recorder/reset-recording`]) {
    const res = await fetch(url, { method: 'POST' });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`POST ${url} → HTTP ${res.status}`);
  }
}

/** The mutating requests the emulator received since the last reset, as `service:operation`. */
export async function mutations(sb: Sandbox): Promise<string[]> {
  return (await recordedRequests(sb)).filter(isMutatingRecorded).map(describeRecorded);
}

/**
 * An S3 client that acts as *another* AWS account: moto picks the account from the
 * `x-moto-account-id` header (moto/core/responses.py `get_current_account`). Talks to moto directly.
 */
export function otherAccountS3(sb: Sandbox, account: string): S3Client {
  const s3 = new S3Client({ endpoint: sb.motoEndpoint, region: sb.region, credentials: { accessKeyId: 'AKIAOTHERACCOUNT0000', secretAccessKey: 'x'.repeat(40) }, forcePathStyle: true });
  s3.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'otherAccount' },
  );
  return s3;
}

/**
 * The bucket policy CloudTrail's User Guide documents for a trail
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html):
 * what the console writes when it makes a trail, so a "made outside aws-harden" trail can exist on the strict sandbox.
 */
export function documentedBucketPolicy(bucket: string, account: string, trailArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/${account}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
    ],
  });
}
