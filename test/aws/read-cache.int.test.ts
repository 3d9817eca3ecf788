/**
 * The run's read cache (src/aws/read-cache.ts), against the strict sandbox: what the emulator receives
 * is the truth. A read is sent once while nothing changes; a change forgets what it may alter, so a
 * read after it (a step's verification) goes to AWS; a read that waits for something new to propagate
 * is never answered from before; a dry run still refuses every change.
 */
import { describe, expect, it } from 'vitest';
import type { Aws } from '../../src/aws/context.js';
import { createUser, getUser } from '../../src/aws/iam-identity.js';
import { getPasswordPolicy, updatePasswordPolicy } from '../../src/aws/iam.js';
import { CIS_POLICY } from '../helpers/password-policy.js';
import { listAliases } from '../../src/aws/kms.js';
import { getCallerIdentity } from '../../src/aws/sts.js';
import { emulatorAws } from '../helpers/aws.js';
import { describeRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator({ accountId: '210000000093' });

/** How often the emulator received `action` (e.g. `iam:GetUser`), each try counted. */
async function received(action: string): Promise<number> {
  return (await recordedRequests(sb, { withPropagationWaits: true })).filter((r) => describeRecorded(r) === action).length;
}

async function withAws<T>(use: (aws: Aws) => Promise<T>, opts: { dryRun?: boolean } = {}): Promise<T> {
  const aws = await emulatorAws(sb, opts);
  try {
    return await use(aws);
  } finally {
    aws.destroy();
  }
}

describe('the run read cache', () => {
  it('sends a read once while nothing changes, also when asked for at the same time', async () => {
    await withAws(async (aws) => {
      await Promise.all([getUser(aws, 'admin'), getUser(aws, 'admin'), getUser(aws, 'admin')]);
      expect(await getUser(aws, 'admin')).toBeUndefined();
      await listAliases(aws);
      await listAliases(aws);
    });
    expect(await received('iam:GetUser')).toBe(1);
    expect(await received('kms:ListAliases')).toBe(1);
  });

  it('a change forgets what it may alter: the read after it goes to AWS and sees the change', async () => {
    await withAws(async (aws) => {
      expect(await getPasswordPolicy(aws)).toBeUndefined();
      await updatePasswordPolicy(aws, CIS_POLICY);
      expect((await getPasswordPolicy(aws))?.minimumLength).toBe(14);
    });
    expect(await received('iam:GetAccountPasswordPolicy')).toBe(2);
  });

  it('a read that waits for something new to propagate is not answered by the "not found" from before it was made', async () => {
    await withAws(async (aws) => {
      expect(await getUser(aws, 'fresh')).toBeUndefined();
      await createUser(aws, 'fresh', {});
      // The strict sandbox hides the new user for a moment: the layer waits it out, from AWS.
      expect((await getUser(aws, 'fresh'))?.name).toBe('fresh');
      expect(aws.recorder.calls.some((c) => c.operation === 'GetUser' && c.error === 'propagating')).toBe(true);
    });
    expect(await received('iam:GetUser')).toBeGreaterThanOrEqual(3);
  });

  it('a change in one family leaves another family’s answers; the reads of a key of its own stay apart', async () => {
    await withAws(async (aws) => {
      await listAliases(aws);
      await updatePasswordPolicy(aws, CIS_POLICY);
      await listAliases(aws);
      await getCallerIdentity(aws);
      const other = await aws.withCredentials(sb.rootCredentials);
      try {
        // Another layer (another signer in the cache, though the same key here): its own read.
        await getCallerIdentity(other);
        await getCallerIdentity(other);
      } finally {
        other.destroy();
      }
    });
    expect(await received('kms:ListAliases')).toBe(1);
    expect(await received('sts:GetCallerIdentity')).toBe(2);
  });

  it('a change through a derived layer forgets the parent’s reads too (one cache per run)', async () => {
    await withAws(async (aws) => {
      await getPasswordPolicy(aws);
      const other = await aws.withCredentials(sb.rootCredentials);
      try {
        await updatePasswordPolicy(other, CIS_POLICY);
      } finally {
        other.destroy();
      }
      expect((await getPasswordPolicy(aws))?.minimumLength).toBe(14);
    });
    expect(await received('iam:GetAccountPasswordPolicy')).toBe(2);
  });

  it('forgetReads() sends the next read to AWS (a verification read again, a poll)', async () => {
    await withAws(async (aws) => {
      await getPasswordPolicy(aws);
      aws.forgetReads();
      await getPasswordPolicy(aws);
    });
    expect(await received('iam:GetAccountPasswordPolicy')).toBe(2);
  });

  it('in a dry run reads are shared and every change is still refused before it is sent', async () => {
    await withAws(
      async (aws) => {
        await getPasswordPolicy(aws);
        await expect(updatePasswordPolicy(aws, CIS_POLICY)).rejects.toMatchObject({ code: 'dry-run-refused' });
        await getPasswordPolicy(aws);
        expect(aws.recorder.calls.filter((c) => c.kind === 'mutate').map((c) => c.outcome)).toEqual(['refused']);
      },
      { dryRun: true },
    );
    expect(await received('iam:UpdateAccountPasswordPolicy')).toBe(0);
    expect(await received('iam:GetAccountPasswordPolicy')).toBe(1);
  });
});
