/**
 * The MFA guard goes on the administrators group only after an MFA session of the admin works, and
 * with that session; it waits for the group, the device and the key before that. Strict sandbox, real
 * keychain. moto does not evaluate `aws:MultiFactorAuthPresent` (its access control treats a failed
 * condition as a deny whatever the effect: moto/iam/access_control.py IAMPolicyStatement), so what is
 * proven here is the document, the order and who signs; that AWS then denies a long-term key is AWS's
 * documented behaviour (src/steps/mfa-guard/policy.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccessKeyCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { accessKeyEntry, openKeychain } from '../../src/keychain/index.js';
import { parseSession, sessionEntry } from '../../src/keychain/mfa-session.js';
import { getGroupPolicy } from '../../src/aws/iam-group-policy.js';
import { mfaGuardStep } from '../../src/steps/mfa-guard/index.js';
import { GUARD_POLICY, GUARD_POLICY_NAME, isGuard } from '../../src/steps/mfa-guard/policy.js';
import type { Operator, StepContext, WaitRequest } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, eventually, recordedHeader, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { totp } from '../helpers/totp.js';

const em = useEmulator({ accountId: '210000000091' });
const keychain = openKeychain();
afterAll(async () => {
  await keychain.delete(accessKeyEntry(em.accountId, 'admin')).catch(() => false);
  await keychain.delete(sessionEntry(em.accountId, 'admin')).catch(() => false);
});

/** The account as the steps before leave it: group with AdministratorAccess, admin in it, with `upTo` done. */
async function account(upTo: 'group' | 'device' | 'key'): Promise<{ iam: IAMClient; serial?: string }> {
  await keychain.delete(sessionEntry(em.accountId, 'admin')).catch(() => false);
  const iam = new IAMClient({ endpoint: em.endpoint, region: em.region, credentials: em.rootCredentials });
  await iam.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
  await eventually(() => iam.send(new AttachGroupPolicyCommand({ GroupName: 'Administrators', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })));
  await iam.send(new CreateUserCommand({ UserName: 'admin', Tags: [{ Key: 'created-by', Value: 'aws-harden' }] }));
  await eventually(() => iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'admin' })));
  if (upTo === 'group') return { iam };
  const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'admin' }))).VirtualMFADevice!;
  const seed = Buffer.from(device.Base32StringSeed!).toString('utf8');
  await eventually(async () => {
    const now = Date.now() / 1000;
    await iam.send(new EnableMFADeviceCommand({ UserName: 'admin', SerialNumber: device.SerialNumber!, AuthenticationCode1: totp(seed, now - 30), AuthenticationCode2: totp(seed, now) }));
  });
  if (upTo === 'device') return { iam, serial: device.SerialNumber! };
  const key = (await eventually(() => iam.send(new CreateAccessKeyCommand({ UserName: 'admin' })))).AccessKey!;
  await keychain.set(accessKeyEntry(em.accountId, 'admin'), JSON.stringify({ AccessKeyId: key.AccessKeyId, SecretAccessKey: key.SecretAccessKey }));
  // As the access-key step leaves it: proven, so AWS (and the strict sandbox) accepts the new key by now.
  const sts = new STSClient({ endpoint: em.endpoint, region: em.region, credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
  await eventually(() => sts.send(new GetCallerIdentityCommand({})));
  sts.destroy();
  return { iam, serial: device.SerialNumber! };
}

async function context(): Promise<StepContext> {
  const base = await emulatorContext(em);
  return { ...base, keychain, env: { AWS_CONFIG_FILE: '/nonexistent/aws-config' }, sandbox: { enrollRootMfa: () => em.markRootMfaEnrolled(), mfaCode: (serial) => em.mfaCode(serial) } };
}

/** The guard's finding once the strict sandbox shows what the set-up made: to do. */
function todo(ctx: StepContext) {
  return eventually(async () => {
    // Read AWS again on each try (the run's read cache would answer from before the test's own changes).
    ctx.aws.forgetReads();
    const f = await mfaGuardStep.check(ctx);
    if (f.status !== 'todo') throw new Error(f.summary);
    return f;
  });
}

/** An operator that, asked to wait, records what polls said before and after doing the action (`simulate`). */
function operator(act: 'simulate' | 'skip', seen: { before?: boolean; after?: boolean; request?: WaitRequest; putsBeforeProof?: number }): Operator {
  return {
    async waitFor(req) {
      seen.request = req;
      seen.before = await req.poll();
      seen.putsBeforeProof = (await recordedRequests(em)).filter((r) => describeRecorded(r) === 'iam:PutGroupPolicy').length;
      if (act === 'skip') return 'skipped';
      await req.simulate!();
      seen.after = await req.poll();
      return seen.after ? 'done' : 'skipped';
    },
    enrollMfa: () => Promise.reject(new Error('not asked here')),
    reveal: () => Promise.reject(new Error('not asked here')),
  };
}

describe('the MFA guard', () => {
  it('is the IAM User Guide’s BlockMostAccessUnlessSignedInWithMFA statement (order: test/steps/order.test.ts)', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html
    expect(GUARD_POLICY.Statement).toEqual([
      {
        Sid: 'BlockMostAccessUnlessSignedInWithMFA',
        Effect: 'Deny',
        NotAction: [
          'iam:CreateVirtualMFADevice',
          'iam:EnableMFADevice',
          'iam:GetUser',
          'iam:GetMFADevice',
          'iam:ListMFADevices',
          'iam:ListVirtualMFADevices',
          'iam:ResyncMFADevice',
          'sts:GetSessionToken',
        ],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ]);
    expect(isGuard(JSON.parse(JSON.stringify({ Statement: [{ ...GUARD_POLICY.Statement[0], NotAction: [...GUARD_POLICY.Statement[0].NotAction].reverse() }], Version: '2012-10-17' })))).toBe(true);
    expect(isGuard({ ...GUARD_POLICY, Statement: [{ ...GUARD_POLICY.Statement[0], Effect: 'Allow' }] })).toBe(false);
  });

  it('waits for the group, then for the admin’s MFA device', async () => {
    const ctx = await context();
    const none = await mfaGuardStep.check(ctx);
    expect(none).toMatchObject({ status: 'blocked', waitsFor: { step: 'admin-group' } });
    const { iam } = await account('group');
    const noDevice = await eventually(async () => {
      // Read AWS again on each try (the run's read cache would answer from before the test's own changes).
      ctx.aws.forgetReads();
      const f = await mfaGuardStep.check(ctx);
      if (f.waitsFor?.step !== 'admin-mfa') throw new Error(f.summary);
      return f;
    });
    expect(noDevice.status).toBe('blocked');
    expect(noDevice.summary).toContain('"admin" has no MFA device yet');
    iam.destroy();
  }, 60_000);

  it('with a device but no key in the keychain, still waits', async () => {
    const { iam } = await account('device');
    await keychain.delete(accessKeyEntry(em.accountId, 'admin')).catch(() => false);
    const ctx = await context();
    const noKey = await eventually(async () => {
      // Read AWS again on each try (the run's read cache would answer from before the test's own changes).
      ctx.aws.forgetReads();
      const f = await mfaGuardStep.check(ctx);
      if (!f.summary.includes('no access key')) throw new Error(f.summary);
      return f;
    });
    expect(noKey.status).toBe('blocked');
    iam.destroy();
  }, 60_000);

  it('goes on only once an MFA session works, signed with that session, and reads back done', async () => {
    const { iam, serial } = await account('key');
    const ctx = await context();
    const finding = await todo(ctx);
    expect(finding.summary).toContain(`Undo later: aws iam delete-group-policy --group-name Administrators --policy-name ${GUARD_POLICY_NAME} --profile admin-210000000091`);
    const plan = mfaGuardStep.plan(ctx, finding, {});
    expect(plan.map((c) => `${c.service}:${c.operation}`)).toEqual(['sts:GetCallerIdentity', 'iam:PutGroupPolicy']);
    expect(plan[1]!.params).toEqual({ GroupName: 'Administrators', PolicyName: GUARD_POLICY_NAME, PolicyDocument: GUARD_POLICY });

    const seen: Parameters<typeof operator>[1] = {};
    expect(await mfaGuardStep.apply(ctx, finding, {}, operator('simulate', seen))).toBeUndefined();
    expect(seen).toMatchObject({ before: false, after: true, putsBeforeProof: 0 });
    expect(seen.request!.instructions[0]).toContain('aws sts get-caller-identity --profile admin-210000000091');

    const session = parseSession(await keychain.get(sessionEntry(em.accountId, 'admin')));
    expect(session?.SerialNumber).toBe(serial);
    const puts = (await recordedRequests(em)).filter((r) => describeRecorded(r) === 'iam:PutGroupPolicy');
    expect(puts).toHaveLength(1);
    expect(recordedHeader(puts[0]!, 'Authorization')).toContain(`Credential=${session!.AccessKeyId}/`);
    expect(isGuard(await getGroupPolicy(ctx.aws, 'Administrators', GUARD_POLICY_NAME))).toBe(true);
    const verified = await mfaGuardStep.verify!(ctx, {});
    expect(verified.status).toBe('done');
    iam.destroy();
  }, 60_000);

  it('skipped, or with a session that no longer works, changes nothing', async () => {
    const { iam, serial } = await account('key');
    const ctx = await context();
    const finding = await todo(ctx);
    // An expired session in the keychain is no proof.
    await keychain.set(
      sessionEntry(em.accountId, 'admin'),
      JSON.stringify({ AccessKeyId: 'ASIAEXPIRED', SecretAccessKey: 'x', SessionToken: 'y', Expiration: new Date(Date.now() - 1000).toISOString(), SerialNumber: serial }),
    );
    const seen: Parameters<typeof operator>[1] = {};
    const result = await mfaGuardStep.apply(ctx, finding, {}, operator('skip', seen));
    expect(seen.before).toBe(false);
    expect(result).toEqual({ skipped: expect.stringContaining('MFA guard not put on') as unknown });
    expect((await recordedRequests(em)).filter((r) => describeRecorded(r) === 'iam:PutGroupPolicy')).toHaveLength(0);
    ctx.aws.forgetReads();
    expect((await mfaGuardStep.check(ctx)).status).toBe('todo');
    iam.destroy();
  }, 60_000);

  it('replaces a policy of its name that is something else; once the run’s root key is gone, reads as the admin', async () => {
    const { iam } = await account('key');
    const ctx = await context();
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'Administrators',
        PolicyName: GUARD_POLICY_NAME,
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }),
      }),
    );
    const finding = await todo(ctx);
    expect(finding.summary).toContain('is something else now; it is replaced');
    expect(mfaGuardStep.plan(ctx, finding, {})[1]!.note).toContain('replaces the policy of that name');
    await mfaGuardStep.apply(ctx, finding, {}, operator('simulate', {}));
    expect(isGuard(await getGroupPolicy(ctx.aws, 'Administrators', GUARD_POLICY_NAME))).toBe(true);

    // What root-access-keys leaves behind in a run on root's keys: the key this context signs with is gone.
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: em.rootCredentials.accessKeyId }));
    ctx.aws.forgetReads();
    expect((await mfaGuardStep.check(ctx)).status).toBe('done');
    // Without a session: the long-term admin key, which still reads here (moto does not apply the guard).
    await keychain.delete(sessionEntry(em.accountId, 'admin'));
    ctx.aws.forgetReads();
    expect((await mfaGuardStep.check(ctx)).status).toBe('done');
    // With neither: nothing left to read with, and the operator is told how to go on.
    await keychain.delete(accessKeyEntry(em.accountId, 'admin'));
    ctx.aws.forgetReads();
    const blocked = await mfaGuardStep.check(ctx);
    expect(blocked.status).toBe('blocked');
    expect(blocked.summary).toContain('Run aws-harden --profile admin-210000000091');
    iam.destroy();
  }, 60_000);
});
