/**
 * The narrow KMS / S3 / CloudTrail / Budgets APIs against the emulator: "not found" and "not
 * configured" come back as values, bucket ownership is told apart, and every operation they call is
 * in the read/mutate table (an unlisted one would be refused in dry-run).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { describeBudget } from '../../src/aws/budgets.js';
import { findTrail } from '../../src/aws/cloudtrail.js';
import { describeKey } from '../../src/aws/kms.js';
import { classify, isKnownOperation } from '../../src/aws/operations.js';
import { bucketOwner, createBucket, getBucketPolicy, getEncryption, getObjectOwnership, getPublicAccessBlock, getVersioning } from '../../src/aws/s3.js';
import { emulatorAws } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { mutations, otherAccountS3, resetRecording } from '../steps/logging-helpers.js';

describe('the operations table', () => {
  it('lists, with the right kind, every command the narrow service APIs send', () => {
    const files = { kms: 'src/aws/kms.ts', s3: 'src/aws/s3.ts', cloudtrail: 'src/aws/cloudtrail.ts', budgets: 'src/aws/budgets.ts' } as const;
    let seen = 0;
    for (const [service, file] of Object.entries(files)) {
      const source = readFileSync(file, 'utf8');
      for (const [, op] of source.matchAll(/new (\w+)Command\(/g)) {
        seen++;
        expect(isKnownOperation(service, op!), `${service}:${op} is missing from src/aws/operations.ts`).toBe(true);
        const reads = /^(Get|List|Describe|Head)/.test(op!);
        expect(classify(service, op!), `${service}:${op}`).toBe(reads ? 'read' : 'mutate');
      }
    }
    expect(seen).toBeGreaterThan(30);
  });
});

describe('the narrow service APIs against the emulator', () => {
  const em = useEmulator();

  it('answers "not there" with values, not exceptions', async () => {
    const aws = await emulatorAws(em);
    expect(await describeKey(aws, 'alias/nothing-here')).toBeUndefined();
    expect(await describeBudget(aws, em.accountId, 'nothing-here')).toBeUndefined();
    expect(await findTrail(aws, 'nothing-here', em.region)).toBeUndefined();
    await (await aws.client('s3')).send(new CreateBucketCommand({ Bucket: 'bare-bucket' }));
    // A bucket never configured: the emulator errors where AWS answers defaults; both read as "not set".
    expect(await getPublicAccessBlock(aws, 'bare-bucket')).toBeUndefined();
    expect(await getObjectOwnership(aws, 'bare-bucket')).toBeUndefined();
    expect(await getEncryption(aws, 'bare-bucket')).toBeUndefined();
    expect(await getBucketPolicy(aws, 'bare-bucket')).toBeUndefined();
    expect(await getVersioning(aws, 'bare-bucket')).toBeUndefined();
  });

  it("tells a free bucket name from ours and from another account's; CreateBucket on a taken name is false", async () => {
    const aws = await emulatorAws(em);
    await (await aws.client('s3')).send(new CreateBucketCommand({ Bucket: 'ours-bucket' }));
    await otherAccountS3(em, '111122223333').send(new CreateBucketCommand({ Bucket: 'their-bucket' }));
    expect(await bucketOwner(aws, 'ours-bucket')).toBe('ours');
    expect(await bucketOwner(aws, 'their-bucket')).toBe('foreign');
    expect(await bucketOwner(aws, 'free-bucket-name')).toBe('missing');
    // A prefix match is not ours.
    expect(await bucketOwner(aws, 'ours')).toBe('missing');
    await resetRecording(em);
    expect(await createBucket(aws, { Bucket: 'their-bucket' })).toBe(false);
    // The emulator saw the attempt; nothing was made.
    expect(await mutations(em)).toEqual(['s3:PUT']);
    expect(await bucketOwner(aws, 'their-bucket')).toBe('foreign');
  });

  it('finds a trail by name among all trails, preferring the one whose home is this region', async () => {
    const aws = await emulatorAws(em);
    const s3 = await aws.client('s3');
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
    // CloudTrail accepts a bucket only with a policy that lets it write there (the strict sandbox checks it, as AWS does).
    const cloudtrail = { Service: 'cloudtrail.amazonaws.com' };
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'trail-logs',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: cloudtrail, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::trail-logs' },
            { Effect: 'Allow', Principal: cloudtrail, Action: 's3:PutObject', Resource: `arn:aws:s3:::trail-logs/AWSLogs/${em.accountId}/*` },
          ],
        }),
      }),
    );
    const ct = await aws.client('cloudtrail');
    await ct.send(new CreateTrailCommand({ Name: 'first', S3BucketName: 'trail-logs' }));
    await ct.send(new CreateTrailCommand({ Name: 'second', S3BucketName: 'trail-logs', EnableLogFileValidation: true }));
    const west = new CloudTrailClient({ endpoint: em.endpoint, region: 'us-west-2', credentials: em.rootCredentials });
    await west.send(new CreateTrailCommand({ Name: 'second', S3BucketName: 'trail-logs', IsMultiRegionTrail: true }));
    await west.send(new CreateTrailCommand({ Name: 'westonly', S3BucketName: 'trail-logs', IsMultiRegionTrail: true }));
    west.destroy();
    expect(await findTrail(aws, 'second', 'us-east-1')).toMatchObject({ name: 'second', homeRegion: 'us-east-1', logFileValidation: true, multiRegion: false });
    expect(await findTrail(aws, 'westonly', 'us-east-1')).toMatchObject({ name: 'westonly', homeRegion: 'us-west-2', multiRegion: true });
    expect(await findTrail(aws, 'first', 'us-east-1')).toMatchObject({ name: 'first', bucket: 'trail-logs', kmsKeyId: undefined, keyPrefix: '' });
  });
});
