import { describe, expect, it } from 'vitest';
import { accountPublicAccessBlock, putAccountPublicAccessBlock } from '../../src/aws/s3control.js';
import { EFFECT, s3PublicAccessStep as step } from '../../src/steps/s3-public-access.js';
import { emulatorContext } from '../helpers/aws.js';
import { recordedRequests, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { mutations, resetRecording } from './logging-helpers.js';

const em = useEmulator();

const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

describe('s3-public-access against the emulator', () => {
  it('none set (NoSuchPublicAccessBlockConfiguration) is todo; turns all four on with the one planned call, reads it back, and plans nothing the second time', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain('no account-level S3 Block Public Access');
    expect(before.table?.rows.map((r) => [r.label.split(' ')[0], r.current, r.proposed])).toEqual([
      ['BlockPublicAcls', 'not set', 'on'],
      ['IgnorePublicAcls', 'not set', 'on'],
      ['BlockPublicPolicy', 'not set', 'on'],
      ['RestrictPublicBuckets', 'not set', 'on'],
    ]);
    const plan = step.plan(ctx, before, {});
    expect(plan).toEqual([{ service: 's3control', operation: 'PutPublicAccessBlock', params: { AccountId: ctx.identity.account, PublicAccessBlockConfiguration: ALL_ON }, note: expect.any(String) }]);
    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await mutations(em)).toEqual(['s3control:PutPublicAccessBlock']);
    // The account travels in the header moto and AWS read it from (the host's first label is dropped only for an endpoint override).
    const put = (await recordedRequests(em)).find((r) => r.method === 'PUT');
    expect(new URL(put?.url ?? '').pathname).toBe('/v20180820/configuration/publicAccessBlock');
    expect(Object.entries(put?.headers ?? {}).find(([k]) => k.toLowerCase() === 'x-amz-account-id')?.[1]).toBe(ctx.identity.account);
    expect(await accountPublicAccessBlock(ctx.aws, ctx.identity.account)).toEqual(ALL_ON);
    await resetRecording(em);
    const after = await step.check(ctx);
    expect(after.status).toBe('done');
    expect(step.plan(ctx, after, {})).toEqual([]);
    await step.apply(ctx, after, {}, noOperator());
    expect(await mutations(em)).toEqual([]);
  });

  it('says plainly what it blocks and what it leaves: existing public bucket policies become ineffective, nothing is deleted', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    expect(before.summary).toContain(EFFECT);
    expect(EFFECT).toMatch(/stops granting public and cross-account access \(it becomes ineffective, it is not deleted\)/);
    expect(EFFECT).toMatch(/no object, ACL or policy is removed/);
    expect(step.plan(ctx, before, {})[0]?.note).toMatch(/existing public bucket policies become ineffective, nothing is deleted/);
  });

  it('a configuration with some settings off names them, and sets all four', async () => {
    const ctx = await emulatorContext(em);
    await putAccountPublicAccessBlock(ctx.aws, ctx.identity.account, { ...ALL_ON, IgnorePublicAcls: false, RestrictPublicBuckets: false });
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/^Account-level S3 Block Public Access has IgnorePublicAcls, RestrictPublicBuckets off\./);
    expect(before.table?.rows.filter((r) => r.changes).map((r) => r.label.split(' ')[0])).toEqual(['IgnorePublicAcls', 'RestrictPublicBuckets']);
    await step.apply(ctx, before, {}, noOperator());
    expect((await step.check(ctx)).status).toBe('done');
  });

  it('a dry run reads it (a read to the guard) and sends nothing that changes the account', async () => {
    const ctx = await emulatorContext(em, { dryRun: true });
    await resetRecording(em);
    expect((await step.check(ctx)).status).toBe('todo');
    await expect(step.apply(ctx, await step.check(ctx), {}, noOperator())).rejects.toThrow(/Dry run: refused to call s3control:PutPublicAccessBlock/);
    expect(await mutations(em)).toEqual([]);
  });
});
