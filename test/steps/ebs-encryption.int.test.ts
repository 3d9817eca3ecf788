import { EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { regionScan } from '../../src/aws/regions.js';
import { ebsEncryptionStep as step } from '../../src/steps/ebs-encryption/index.js';
import { emulatorContext } from '../helpers/aws.js';
import { isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { resetRecording } from './logging-helpers.js';
import { planned, regionalMutations } from './regional-helpers.js';

const em = useEmulator();

describe('ebs-encryption against the emulator', () => {
  it('turns it on in every enabled region with exactly the planned calls, one per region, reads it back, and plans nothing the second time', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    expect(reachable.length).toBeGreaterThan(1);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toBe(
      `New EBS volumes are not encrypted by default in ${reachable.length} of ${reachable.length} regions (${reachable.slice(0, 3).join(', ')} and ${reachable.length - 3} more).`,
    );
    const plan = step.plan(ctx, before, {});
    expect(plan).toEqual(reachable.map((region) => ({ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', params: {}, region, note: expect.stringContaining(region) })));

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em)).toEqual(planned(plan, em));

    const after = await step.verify!(ctx, {});
    expect(after).toMatchObject({ status: 'done', summary: `New EBS volumes are encrypted by default in all ${reachable.length} enabled regions.` });
    const again = await emulatorContext(em);
    const second = await step.check(again);
    expect(second.status).toBe('done');
    expect(step.plan(again, second, {})).toEqual([]);
  });

  it('plans only the regions that need it', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const [on, ...off] = reachable;
    await new EC2Client({ endpoint: em.endpoint, region: on!, credentials: em.rootCredentials }).send(new EnableEbsEncryptionByDefaultCommand({}));
    const before = await step.check(ctx);
    expect(before.summary).toMatch(new RegExp(`in ${off.length} of ${reachable.length} regions`));
    expect(step.plan(ctx, before, {}).map((c) => c.region)).toEqual(off);
  });

  it('checks with reads only, one GetEbsEncryptionByDefault per region', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    await resetRecording(em);
    await step.check(ctx);
    const requests = await recordedRequests(em);
    expect(requests.filter(isMutatingRecorded)).toEqual([]);
    expect(requests).toHaveLength(reachable.length);
  });
});
