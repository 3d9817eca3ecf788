/**
 * Answers not sent for (src/aws/implied.ts, and a bucket this run made in s3.ts), against the strict
 * sandbox: what the emulator receives is the truth. A user or group this run's own Create* made is born
 * without keys, MFA devices and inline policies until a change of them begins; one found "already
 * exists" implies nothing; a pause (forgetReads) ends it; a bucket this run made is ours without ListBuckets.
 */
import { describe, expect, it } from 'vitest';
import type { Aws } from '../../src/aws/context.js';
import { createAccessKey, createGroup, createUser, listAccessKeys } from '../../src/aws/iam-identity.js';
import { getGroupPolicy, putGroupPolicy } from '../../src/aws/iam-group-policy.js';
import { listUserMfaDevices } from '../../src/aws/iam-mfa.js';
import { bucketOwner, createBucket } from '../../src/aws/s3.js';
import { emulatorAws } from '../helpers/aws.js';
import { describeRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator({ accountId: '210000000095' });

async function received(action: string): Promise<number> {
  return (await recordedRequests(sb, { withPropagationWaits: true })).filter((r) => describeRecorded(r) === action).length;
}

async function withAws<T>(use: (aws: Aws) => Promise<T>): Promise<T> {
  const aws = await emulatorAws(sb);
  try {
    return await use(aws);
  } finally {
    aws.destroy();
  }
}

const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] };

describe('what this run made was born without', () => {
  it('a new user has no access key and no MFA device, unasked, until a key is made: then IAM is asked and shows it', async () => {
    await withAws(async (aws) => {
      await createUser(aws, 'born', {});
      expect(await listAccessKeys(aws, 'born')).toEqual([]);
      expect(await listUserMfaDevices(aws, 'born')).toEqual([]);
      expect(await received('iam:ListAccessKeys')).toBe(0);
      expect(await received('iam:ListMFADevices')).toBe(0);
      const key = await createAccessKey(aws, 'born');
      expect((await listAccessKeys(aws, 'born')).map((k) => k.id)).toEqual([key.accessKeyId]);
      // A key is not an MFA device: that answer still stands.
      expect(await listUserMfaDevices(aws, 'born')).toEqual([]);
    });
    expect(await received('iam:ListAccessKeys')).toBeGreaterThanOrEqual(1);
    expect(await received('iam:ListMFADevices')).toBe(0);
  });

  it('a user another run made ("already exists") implies nothing: its keys are read from IAM', async () => {
    const made = await withAws(async (aws) => {
      await createUser(aws, 'older', {});
      return createAccessKey(aws, 'older');
    });
    await withAws(async (aws) => {
      await createUser(aws, 'older', {});
      expect((await listAccessKeys(aws, 'older')).map((k) => k.id)).toEqual([made.accessKeyId]);
    });
  });

  it('a new group has no inline policy until one is put; a pause (forgetReads) ends what is implied', async () => {
    await withAws(async (aws) => {
      await createGroup(aws, 'fresh-group');
      expect(await getGroupPolicy(aws, 'fresh-group', 'guard')).toBeUndefined();
      expect(await received('iam:GetGroupPolicy')).toBe(0);
      await putGroupPolicy(aws, 'fresh-group', 'guard', POLICY);
      expect(await getGroupPolicy(aws, 'fresh-group', 'guard')).toEqual(POLICY);
      expect(await received('iam:GetGroupPolicy')).toBeGreaterThanOrEqual(1);

      await createUser(aws, 'paused', {});
      aws.forgetReads();
      expect(await listUserMfaDevices(aws, 'paused')).toEqual([]);
      // Asked (more than once while the strict sandbox still hides the new user).
      expect(await received('iam:ListMFADevices')).toBeGreaterThanOrEqual(1);
    });
  });

  it('a bucket this run made is ours without ListBuckets; another run asks', async () => {
    const bucket = 'aws-harden-implied-210000000095';
    // Counted by the layer itself (S3's REST requests are named by method and path at the emulator).
    const listed = (aws: Aws) => aws.recorder.calls.filter((c) => c.operation === 'ListBuckets').length;
    await withAws(async (aws) => {
      await createBucket(aws, { Bucket: bucket });
      expect(await bucketOwner(aws, bucket)).toBe('ours');
      expect(listed(aws)).toBe(0);
    });
    await withAws(async (aws) => {
      expect(await bucketOwner(aws, bucket)).toBe('ours');
      expect(listed(aws)).toBe(1);
    });
  });
});
