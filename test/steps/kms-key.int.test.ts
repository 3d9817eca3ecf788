import { describe, expect, it } from 'vitest';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { describeKey } from '../../src/aws/kms.js';
import { OperatorError } from '../../src/errors.js';
import { ALIAS_TAG, DEFAULT_KEY_ALIAS, NEW_KEY_ID, kmsKeyStep as step, wantedKeyPolicy } from '../../src/steps/kms-key/index.js';
import { KEY_SIDS, parsePolicy, policyText } from '../../src/steps/policies/index.js';
import type { StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { findStrayKeys } from '../../src/steps/kms-key/strays.js';
import { mutations, resetRecording } from './logging-helpers.js';
import { noOperator } from '../helpers/operator.js';

const em = useEmulator();

const answers = { alias: DEFAULT_KEY_ALIAS };

async function kms(ctx: StepContext) {
  return ctx.aws.client('kms');
}

async function policyOf(ctx: StepContext, keyId: string) {
  const out = await (await kms(ctx)).send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
  return parsePolicy(out.Policy);
}

async function rotationOf(ctx: StepContext, keyId: string) {
  return (await (await kms(ctx)).send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled;
}

/** A key made the way someone else would: the default key policy (root only), no rotation. */
async function plainKeyWithAlias(ctx: StepContext, alias = DEFAULT_KEY_ALIAS): Promise<string> {
  const out = await (await kms(ctx)).send(new CreateKeyCommand({ Description: 'made by hand' }));
  const keyId = out.KeyMetadata!.KeyId!;
  await (await kms(ctx)).send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  return keyId;
}

/** Converges, verifies, and re-checks done; then proves a second apply and check change nothing. */
async function convergeAndProveIdempotent(ctx: StepContext) {
  const before = await step.check(ctx);
  const planned = step.plan(ctx, before, answers).map((c) => `kms:${c.operation}`);
  await resetRecording(em);
  await step.apply(ctx, before, answers, noOperator());
  // Apply makes exactly the calls the plan showed, as the emulator saw them.
  expect(await mutations(em)).toEqual(planned);
  const verified = await step.verify!(ctx, answers);
  expect(verified.status, verified.summary).toBe('done');
  await resetRecording(em);
  const again = await step.check(ctx);
  expect(again.status).toBe('done');
  expect(step.plan(ctx, again, answers)).toEqual([]);
  await step.apply(ctx, again, answers, noOperator());
  expect(await mutations(em)).toEqual([]);
  return { before, planned };
}

describe('kms-key against the emulator', () => {
  it('makes a rotating, tagged key with the CloudTrail key policy, and a re-run changes nothing', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/No key has the alias alias\/aws-harden yet/);
    const plan = step.plan(ctx, before, answers);
    expect(plan.map((c) => c.operation)).toEqual(['CreateKey', 'CreateAlias', 'EnableKeyRotation']);
    expect(plan[1]?.params).toEqual({ AliasName: DEFAULT_KEY_ALIAS, TargetKeyId: NEW_KEY_ID });
    // The policy goes into the plan as a JSON string (format/calls.ts shows it expanded).
    expect(parsePolicy(plan[0]?.params.Policy as string)?.Statement.map((s) => s.Sid)).toEqual(Object.values(KEY_SIDS));

    const { planned } = await convergeAndProveIdempotent(ctx);
    expect(planned).toEqual(['kms:CreateKey', 'kms:CreateAlias', 'kms:EnableKeyRotation']);

    const key = await describeKey(ctx.aws, DEFAULT_KEY_ALIAS);
    expect(key).toMatchObject({ state: 'Enabled', manager: 'CUSTOMER', spec: 'SYMMETRIC_DEFAULT', usage: 'ENCRYPT_DECRYPT' });
    expect(await rotationOf(ctx, key!.keyId)).toBe(true);
    const tags = await (await kms(ctx)).send(new ListResourceTagsCommand({ KeyId: key!.keyId }));
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { TagKey: 'created-by', TagValue: 'aws-harden' },
        { TagKey: ALIAS_TAG, TagValue: DEFAULT_KEY_ALIAS },
      ]),
    );

    const policy = await policyOf(ctx, key!.keyId);
    const acct = ctx.identity.account;
    const sid = (s: string) => policy?.Statement.find((x) => x.Sid === s);
    expect(sid(KEY_SIDS.root)).toMatchObject({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'kms:*', Resource: '*' });
    expect(sid(KEY_SIDS.encrypt)).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Condition: {
        StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${acct}:trail/aws-harden` },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${acct}:trail/*` },
      },
    });
    expect(sid(KEY_SIDS.describe)).toMatchObject({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey' });
    expect(sid(KEY_SIDS.decrypt)).toMatchObject({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:CallerAccount': acct } } });
  });

  it('fixes a hand-made key: adds rotation and the CloudTrail statements, keeping every statement already there', async () => {
    const ctx = await emulatorContext(em);
    const keyId = await plainKeyWithAlias(ctx);
    // Someone's own grant, which must survive.
    const theirs = { Sid: 'LetAuditorsDescribe', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${ctx.identity.account}:role/auditor` }, Action: 'kms:DescribeKey', Resource: '*' };
    const current = parsePolicy((await (await kms(ctx)).send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy)!;
    const { PutKeyPolicyCommand } = await import('@aws-sdk/client-kms');
    await (await kms(ctx)).send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policyText({ ...current, Statement: [...current.Statement, theirs] }) }));

    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/rotation is off/);
    expect(before.summary).toMatch(/missing "Allow CloudTrail to encrypt logs"/);
    expect(before.table?.rows.find((r) => r.label === 'yearly rotation')).toMatchObject({ current: 'no', proposed: 'yes', changes: true });
    expect(before.table?.rows.find((r) => r.label === 'account keeps control')).toMatchObject({ current: 'yes', changes: false });

    const { planned } = await convergeAndProveIdempotent(ctx);
    // Never a second key: the alias's key is fixed in place.
    expect(planned).toEqual(['kms:PutKeyPolicy', 'kms:EnableKeyRotation']);
    expect((await (await kms(ctx)).send(new ListKeysCommand({}))).Keys).toHaveLength(1);
    const after = await policyOf(ctx, keyId);
    expect(after?.Statement).toContainEqual(theirs);
    expect(after?.Statement.filter((s) => s.Sid === KEY_SIDS.root)).toHaveLength(1);
    expect(await rotationOf(ctx, keyId)).toBe(true);
  });

  it('enables a disabled key behind the alias, and says so first', async () => {
    const ctx = await emulatorContext(em);
    const keyId = await plainKeyWithAlias(ctx);
    await (await kms(ctx)).send(new DisableKeyCommand({ KeyId: keyId }));
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/the key is disabled: it will be enabled/);
    expect(before.table?.rows.find((r) => r.label === 'state')).toMatchObject({ current: 'disabled', proposed: 'enabled', changes: true });
    const { planned } = await convergeAndProveIdempotent(ctx);
    expect(planned).toEqual(['kms:EnableKey', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation']);
    expect((await describeKey(ctx.aws, keyId))?.state).toBe('Enabled');
  });

  it('cancels the deletion of a key pending deletion, enables it, and says so first', async () => {
    const ctx = await emulatorContext(em);
    const keyId = await plainKeyWithAlias(ctx);
    await (await kms(ctx)).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/pending deletion \(on \d{4}-\d\d-\d\d\): the deletion will be cancelled and the key enabled/);
    const { planned } = await convergeAndProveIdempotent(ctx);
    expect(planned).toEqual(['kms:CancelKeyDeletion', 'kms:EnableKey', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation']);
    expect((await describeKey(ctx.aws, keyId))?.state).toBe('Enabled');
  });

  it('adopts a key an interrupted run made (tagged, alias missing) instead of making a second one', async () => {
    const ctx = await emulatorContext(em);
    const out = await (
      await kms(ctx)
    ).send(
      new CreateKeyCommand({
        Policy: policyText(wantedKeyPolicy(ctx, undefined)),
        Tags: [
          { TagKey: 'created-by', TagValue: 'aws-harden' },
          { TagKey: ALIAS_TAG, TagValue: DEFAULT_KEY_ALIAS },
        ],
      }),
    );
    // A key with other tags (not ours) is left alone.
    await (await kms(ctx)).send(new CreateKeyCommand({ Tags: [{ TagKey: 'created-by', TagValue: 'someone-else' }] }));
    const orphan = out.KeyMetadata!.KeyId!;
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain(`key ${orphan} was made for alias/aws-harden by an interrupted run but has no alias`);
    const { planned } = await convergeAndProveIdempotent(ctx);
    expect(planned).toEqual(['kms:CreateAlias', 'kms:EnableKeyRotation']);
    expect((await describeKey(ctx.aws, DEFAULT_KEY_ALIAS))?.keyId).toBe(orphan);
    expect((await (await kms(ctx)).send(new ListKeysCommand({}))).Keys).toHaveLength(2);
  });

  it('reports an alias on an asymmetric key as blocked, and apply refuses it before any change', async () => {
    const ctx = await emulatorContext(em);
    const out = await (await kms(ctx)).send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    await (await kms(ctx)).send(new CreateAliasCommand({ AliasName: DEFAULT_KEY_ALIAS, TargetKeyId: out.KeyMetadata!.KeyId! }));
    const before = await step.check(ctx);
    expect(before.status).toBe('blocked');
    expect(before.summary).toMatch(/points at a RSA_2048 SIGN_VERIFY key; CloudTrail needs a symmetric encryption key\. Choose another alias/);
    await resetRecording(em);
    await expect(step.apply(ctx, before, answers, noOperator())).rejects.toBeInstanceOf(OperatorError);
    expect(await mutations(em)).toEqual([]);
  });

  it('uses another alias when the operator answers one, and verifies that alias', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    const other = { alias: 'alias/team/logs' };
    const plan = step.plan(ctx, before, other);
    expect(plan.map((c) => c.operation)).toEqual(['CreateKey', 'CreateAlias', 'EnableKeyRotation']);
    expect(plan[1]?.note).toMatch(/apply reads it first/);
    await step.apply(ctx, before, other, noOperator());
    expect((await step.verify!(ctx, other)).status).toBe('done');
    expect((await step.verify!(ctx, answers)).status).toBe('todo');
  });

  it('names the action when the key policy denies reading the key (AccessDenied)', async () => {
    const ctx = await emulatorContext(em);
    const out = await (
      await kms(ctx)
    ).send(
      new CreateKeyCommand({
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'NoDescribe', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:DescribeKey', Resource: '*' }] }),
      }),
    );
    await (await kms(ctx)).send(new CreateAliasCommand({ AliasName: DEFAULT_KEY_ALIAS, TargetKeyId: out.KeyMetadata!.KeyId! }));
    const err = await step.check(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'access-denied' });
    expect((err as OperatorError).message).toBe('Access denied: the caller may not perform kms:DescribeKey.');
    expect((err as OperatorError).remedy).toMatch(/Grant kms:DescribeKey/);
  });
});

describe('keys aws-harden made that no alias points to', () => {
  it('on an account without keys, only the keys are listed: no alias is asked for', async () => {
    const ctx = await emulatorContext(em);
    expect(await findStrayKeys(ctx.aws, { key: 'created-by', value: 'aws-harden' }, undefined)).toEqual([]);
    const ops = ctx.aws.recorder.calls.map((c) => c.operation);
    expect(ops).toContain('ListKeys');
    expect(ops).not.toContain('ListAliases');
  });

  it('are reported on every run; deleted (7-day window) only when the answer says so', async () => {
    const ctx = await emulatorContext(em);
    // A key for another alias whose alias is gone, and an untagged key without alias (not ours).
    const stray =
      (
        await (
          await kms(ctx)
        ).send(
          new CreateKeyCommand({
            Tags: [
              { TagKey: 'created-by', TagValue: 'aws-harden' },
              { TagKey: ALIAS_TAG, TagValue: 'alias/old' },
            ],
          }),
        )
      ).KeyMetadata?.KeyId ?? '';
    const notOurs = (await (await kms(ctx)).send(new CreateKeyCommand({ Description: 'someone else' }))).KeyMetadata?.KeyId ?? '';
    const before = await step.check(ctx);
    expect(before.summary).toContain(`Also: a key aws-harden made that no alias points to (${stray})`);
    expect(before.summary).not.toContain(notOurs);
    const question = step.questions!(ctx, before).find((q) => q.id === 'strays');
    expect(question).toMatchObject({ kind: 'choice', default: 'keep', destructive: true });

    // Kept by default: nothing scheduled.
    await step.apply(ctx, before, answers, noOperator());
    expect((await describeKey(ctx.aws, stray))?.state).toBe('Enabled');
    const done = await step.check(ctx);
    expect(done.status).toBe('done');
    expect(done.summary).toContain(stray);

    // Asked: exactly that key, with AWS's shortest window.
    const plan = step.plan(ctx, done, { ...answers, strays: 'schedule-deletion' });
    expect(plan.map((c) => [c.operation, c.params])).toEqual([['ScheduleKeyDeletion', { KeyId: stray, PendingWindowInDays: 7 }]]);
    await resetRecording(em);
    await step.apply(ctx, done, { ...answers, strays: 'schedule-deletion' }, noOperator());
    expect(await mutations(em)).toEqual(['kms:ScheduleKeyDeletion']);
    expect((await describeKey(ctx.aws, stray))?.state).toBe('PendingDeletion');
    expect((await describeKey(ctx.aws, notOurs))?.state).toBe('Enabled');
    expect((await step.check(ctx)).summary).not.toContain('Also:');
  });
});
