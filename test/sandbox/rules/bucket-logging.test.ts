/**
 * The strict sandbox's access-logging target rule: a BucketOwnerEnforced target bucket that grants the
 * log-delivery group through its ACL only is accepted by moto alone and refused by the strict sandbox
 * (InvalidTargetBucketForLogging, HTTP 400), as on AWS; a bucket policy for the logging service is accepted by both.
 */
import { describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetBucketLoggingCommand, PutBucketAclCommand, PutBucketLoggingCommand, PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { useEmulator } from '../../helpers/emulator.js';
import { refusal } from '../../helpers/refusal.js';

const em = useEmulator();
const LOG_DELIVERY = 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"';

function s3(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', credentials: em.rootCredentials, forcePathStyle: true });
}

/** A source bucket and a target that grants the log-delivery group through its ACL, then had ACLs disabled. */
async function aclOnlyTarget(client: S3Client): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: 'source' }));
  await client.send(new CreateBucketCommand({ Bucket: 'target', ObjectOwnership: 'ObjectWriter' }));
  await client.send(new PutBucketAclCommand({ Bucket: 'target', GrantWrite: LOG_DELIVERY, GrantReadACP: LOG_DELIVERY }));
  await client.send(new PutBucketOwnershipControlsCommand({ Bucket: 'target', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
}

const logging = new PutBucketLoggingCommand({ Bucket: 'source', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'target', TargetPrefix: 'source/' } } });

describe('PutBucketLogging into a BucketOwnerEnforced target', () => {
  it('moto alone accepts an ACL-only grant', async () => {
    const moto = s3(em.motoEndpoint);
    await aclOnlyTarget(moto);
    await moto.send(logging);
    expect((await moto.send(new GetBucketLoggingCommand({ Bucket: 'source' }))).LoggingEnabled?.TargetBucket).toBe('target');
  });

  it('the strict sandbox refuses it as AWS does, and accepts it once the bucket policy grants the logging service', async () => {
    const strict = s3(em.endpoint);
    await aclOnlyTarget(strict);
    const r = await refusal(strict.send(logging));
    expect(r).toMatchObject({ name: 'InvalidTargetBucketForLogging', status: 400 });
    expect(r.message).toMatch(/using a bucket policy/);
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::target/source/*' }],
    };
    await strict.send(new PutBucketPolicyCommand({ Bucket: 'target', Policy: JSON.stringify(policy) }));
    await strict.send(logging);
    expect((await strict.send(new GetBucketLoggingCommand({ Bucket: 'source' }))).LoggingEnabled?.TargetBucket).toBe('target');
  });
});
