/**
 * The strict sandbox's CloudTrail destination rule: for each refusal, moto alone accepts the same
 * CreateTrail/UpdateTrail, and the strict sandbox answers what AWS answers (error name, HTTP 400, JSON 1.1).
 */
import { describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, GetTrailCommand, UpdateTrailCommand, type CreateTrailCommandInput } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { useEmulator } from '../../helpers/emulator.js';

const em = useEmulator();
const ACCOUNT = '123456789012';
const BUCKET = 'trail-logs';
const TRAIL = 'audit';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${TRAIL}`;

function clients(endpoint: string, region = 'us-east-1') {
  const opts = { endpoint, region, credentials: em.rootCredentials };
  return { ct: new CloudTrailClient(opts), kms: new KMSClient(opts), s3: new S3Client({ ...opts, forcePathStyle: true }) };
}

/** The bucket policy CloudTrail's User Guide documents, scoped to `sourceArn`, with the usual TLS-only deny. */
function bucketPolicy(opts: { sourceArn?: string; writeResource?: string } = {}): string {
  const cond = { StringEquals: { 'aws:SourceArn': opts.sourceArn ?? TRAIL_ARN } };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`, Condition: cond },
      {
        Sid: 'Write',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: opts.writeResource ?? `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': opts.sourceArn ?? TRAIL_ARN } },
      },
      { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  });
}

function keyPolicy(opts: { encrypt?: boolean; decrypt?: boolean } = {}): string {
  const statements: unknown[] = [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }];
  const svc = { Service: 'cloudtrail.amazonaws.com' };
  if (opts.encrypt ?? true) {
    statements.push({
      Sid: 'Encrypt',
      Effect: 'Allow',
      Principal: svc,
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } },
    });
  }
  if (opts.decrypt) statements.push({ Sid: 'Decrypt', Effect: 'Allow', Principal: svc, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } } });
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function bucket(policy: string | undefined, opts: { region?: string; bucketKeyWith?: string } = {}): Promise<void> {
  const { s3 } = clients(em.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET, ...(opts.region ? { CreateBucketConfiguration: { LocationConstraint: opts.region as 'eu-west-1' } } : {}) }));
  if (policy) await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: policy }));
  if (opts.bucketKeyWith) {
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: BUCKET,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: opts.bucketKeyWith }, BucketKeyEnabled: true }] },
      }),
    );
  }
}

async function key(policy: string, region = 'us-east-1'): Promise<string> {
  const out = await clients(em.endpoint, region).kms.send(new CreateKeyCommand({ Policy: policy }));
  return out.KeyMetadata!.Arn!;
}

/** What the call answered: 'ok', or the error's name and HTTP status. */
async function outcome(send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
    return 'ok';
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return `${err.name} ${err.$metadata?.httpStatusCode ?? '?'}`;
  }
}

/** The strict sandbox first (it refuses, so nothing is made), then moto alone with the same call. */
async function strictThenMoto(input: CreateTrailCommandInput): Promise<{ strict: string; moto: string }> {
  const strict = await outcome(() => clients(em.endpoint).ct.send(new CreateTrailCommand(input)));
  const moto = await outcome(() => clients(em.motoEndpoint).ct.send(new CreateTrailCommand(input)));
  return { strict, moto };
}

describe('strict rule: CloudTrail CreateTrail/UpdateTrail check the bucket and key policies', () => {
  it('a bucket without a CloudTrail policy: moto accepts; strict answers InsufficientS3BucketPolicyException (400, JSON 1.1)', async () => {
    await bucket(undefined);
    expect(await strictThenMoto({ Name: TRAIL, S3BucketName: BUCKET })).toEqual({ strict: 'InsufficientS3BucketPolicyException 400', moto: 'ok' });
  });

  it('the refusal is AWS JSON 1.1: HTTP 400, __type and x-amzn-ErrorType, with the message AWS sends', async () => {
    await bucket(undefined);
    // Raw HTTP, as the SDK sends it (the overlay reads the signer from the Authorization header).
    const res = await fetch(`${em.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.CreateTrail',
        authorization: `AWS4-HMAC-SHA256 Credential=${em.rootCredentials.accessKeyId}/20250101/us-east-1/cloudtrail/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify({ Name: TRAIL, S3BucketName: BUCKET }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-errortype')).toBe('InsufficientS3BucketPolicyException');
    expect(await res.json()).toEqual({ __type: 'InsufficientS3BucketPolicyException', message: `Incorrect S3 bucket policy is detected for bucket: ${BUCKET}` });
  });

  it('a policy scoped to another trail (aws:SourceArn): refused', async () => {
    await bucket(bucketPolicy({ sourceArn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/other` }));
    expect(await strictThenMoto({ Name: TRAIL, S3BucketName: BUCKET })).toEqual({ strict: 'InsufficientS3BucketPolicyException 400', moto: 'ok' });
  });

  it('a write grant narrower than AWSLogs/<account>/*: refused', async () => {
    await bucket(bucketPolicy({ writeResource: `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/*` }));
    expect(await strictThenMoto({ Name: TRAIL, S3BucketName: BUCKET })).toEqual({ strict: 'InsufficientS3BucketPolicyException 400', moto: 'ok' });
  });

  it('a trail with a key prefix needs the grant under that prefix', async () => {
    await bucket(bucketPolicy());
    expect(await strictThenMoto({ Name: TRAIL, S3BucketName: BUCKET, S3KeyPrefix: 'org' })).toEqual({ strict: 'InsufficientS3BucketPolicyException 400', moto: 'ok' });
  });

  it('the documented bucket policy (with a TLS-only deny) passes, and so does an SSE-KMS trail whose key allows GenerateDataKey*', async () => {
    await bucket(bucketPolicy());
    const keyArn = await key(keyPolicy());
    const { ct } = clients(em.endpoint);
    expect(await outcome(() => ct.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: BUCKET, KmsKeyId: keyArn })))).toBe('ok');
  });

  it('a key policy without CloudTrail GenerateDataKey*: moto accepts; strict answers InsufficientEncryptionPolicyException', async () => {
    await bucket(bucketPolicy());
    const keyArn = await key(keyPolicy({ encrypt: false }));
    expect(await strictThenMoto({ Name: TRAIL, S3BucketName: BUCKET, KmsKeyId: keyArn })).toEqual({ strict: 'InsufficientEncryptionPolicyException 400', moto: 'ok' });
  });

  it('a bucket with an S3 Bucket Key needs kms:Decrypt for CloudTrail too; with it the trail is made', async () => {
    const keyArn = await key(keyPolicy());
    await bucket(bucketPolicy(), { bucketKeyWith: keyArn });
    expect(await strictThenMoto({ Name: TRAIL, S3BucketName: BUCKET, KmsKeyId: keyArn })).toEqual({ strict: 'InsufficientEncryptionPolicyException 400', moto: 'ok' });

    await fetch(`${em.endpoint}/moto-api/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
    const withDecrypt = await key(keyPolicy({ decrypt: true }));
    await bucket(bucketPolicy(), { bucketKeyWith: withDecrypt });
    expect(await outcome(() => clients(em.endpoint).ct.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: BUCKET, KmsKeyId: withDecrypt })))).toBe('ok');
  });

  it('a key in another region than the bucket: moto accepts; strict answers KmsKeyNotFoundException', async () => {
    await bucket(bucketPolicy());
    const westKey = await key(keyPolicy(), 'us-west-2');
    expect(await strictThenMoto({ Name: TRAIL, S3BucketName: BUCKET, KmsKeyId: westKey })).toEqual({ strict: 'KmsKeyNotFoundException 400', moto: 'ok' });
  });

  it('UpdateTrail adding a key the policy does not allow: moto accepts; strict refuses; the trail is unchanged', async () => {
    await bucket(bucketPolicy());
    const keyArn = await key(keyPolicy({ encrypt: false }));
    await clients(em.endpoint).ct.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: BUCKET }));
    const strict = await outcome(() => clients(em.endpoint).ct.send(new UpdateTrailCommand({ Name: TRAIL, KmsKeyId: keyArn })));
    expect((await clients(em.endpoint).ct.send(new GetTrailCommand({ Name: TRAIL }))).Trail?.KmsKeyId).toBeUndefined();
    const moto = await outcome(() => clients(em.motoEndpoint).ct.send(new UpdateTrailCommand({ Name: TRAIL, KmsKeyId: keyArn })));
    expect({ strict, moto }).toEqual({ strict: 'InsufficientEncryptionPolicyException 400', moto: 'ok' });
  });
});
