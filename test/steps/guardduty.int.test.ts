import { CreateDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/aws/actions/index.js';
import { detectorOf } from '../../src/aws/guardduty.js';
import { regionScan } from '../../src/aws/regions.js';
import { guarddutyStep as step } from '../../src/steps/guardduty.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { resetRecording } from './logging-helpers.js';
import { plannedMutations, regionalMutations } from './regional-helpers.js';

const em = useEmulator();

function guardduty(region: string): GuardDutyClient {
  return new GuardDutyClient({ endpoint: em.endpoint, region, credentials: em.rootCredentials, maxAttempts: 1 });
}

describe('guardduty against the emulator', () => {
  it('makes a detector in every enabled region with exactly the planned calls, reads it back, and plans nothing the second time', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    expect(reachable.length).toBeGreaterThan(1);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain(`GuardDuty is off in ${reachable.length} regions`);
    const plan = step.plan(ctx, before, {});
    expect(plan).toHaveLength(reachable.length);
    expect(plan[0]).toEqual({ service: 'guardduty', operation: 'CreateDetector', region: reachable[0], params: { Enable: true, FindingPublishingFrequency: 'SIX_HOURS' }, note: expect.any(String) });
    expect(plan.map((c) => c.region)).toEqual(reachable);

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em)).toEqual(plannedMutations(plan, ctx.region));

    const after = await step.verify!(ctx, {});
    expect(after.status, after.summary).toBe('done');
    expect(after.summary).toBe(`GuardDuty is on in all ${reachable.length} enabled regions.`);
    await resetRecording(em);
    const again = await step.check(ctx);
    expect(again.status).toBe('done');
    expect(step.plan(ctx, again, {})).toEqual([]);
    await step.apply(ctx, again, {}, noOperator());
    expect(await regionalMutations(em)).toEqual([]);
  });

  it('in a dry run, reads every region (the region scan is a read for the guard) and sends nothing that changes the account', async () => {
    const ctx = await emulatorContext(em, { dryRun: true });
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(step.plan(ctx, before, {}).length).toBeGreaterThan(1);
    expect(ctx.aws.recorder.count('mutate')).toBe(0);
    expect(await regionalMutations(em)).toEqual([]);
  });

  it('turns a suspended detector back on (UpdateDetector) instead of making a second one', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const out = await guardduty('eu-west-1').send(new CreateDetectorCommand({ Enable: false }));
    const before = await step.check(ctx);
    const plan = step.plan(ctx, before, {});
    expect(plan.filter((c) => c.region === 'eu-west-1')).toEqual([
      { service: 'guardduty', operation: 'UpdateDetector', region: 'eu-west-1', params: { DetectorId: out.DetectorId, Enable: true }, note: expect.any(String) },
    ]);
    expect(plan.filter((c) => c.operation === 'CreateDetector')).toHaveLength(reachable.length - 1);

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em)).toEqual(plannedMutations(plan, ctx.region));
    expect(await detectorOf(await ctx.aws.inRegion('eu-west-1'))).toEqual({ id: out.DetectorId, enabled: true });
    expect((await step.verify!(ctx, {})).status).toBe('done');
  });

  it('a CreateDetector that AWS refuses because the region has its detector already (one per region) adopts that detector', async () => {
    const ctx = await emulatorContext(em);
    const made = await guardduty('us-west-2').send(new CreateDetectorCommand({ Enable: true }));
    // What a stale plan would send: AWS answers BadRequestException "…a detector already exists…".
    await runAction(ctx.aws, { service: 'guardduty', op: 'CreateDetector', region: 'us-west-2', input: { Enable: true, FindingPublishingFrequency: 'SIX_HOURS' } });
    const region = await ctx.aws.inRegion('us-west-2');
    region.forgetReads();
    expect(await detectorOf(region)).toEqual({ id: made.DetectorId, enabled: true });
    expect((await guardduty('us-west-2').send(new ListDetectorsCommand({}))).DetectorIds).toEqual([made.DetectorId]);
  });
});
