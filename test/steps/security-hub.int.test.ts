import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/aws/actions/index.js';
import { regionScan } from '../../src/aws/regions.js';
import { cisStandardArn, hubEnabled } from '../../src/aws/securityhub.js';
import { securityHubStep as step } from '../../src/steps/security-hub.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { resetRecording } from './logging-helpers.js';
import { plannedMutations, regionalMutations } from './regional-helpers.js';

const em = useEmulator();

function securityhub(region: string): SecurityHubClient {
  return new SecurityHubClient({ endpoint: em.endpoint, region, credentials: em.rootCredentials, maxAttempts: 1 });
}

describe('security-hub against the emulator', () => {
  it('is paid, waits for aws-config, and uses the CIS v5.0.0 standard of each region', () => {
    expect(step.cost?.pricing).toBe('https://aws.amazon.com/security-hub/pricing/');
    expect(step.dependsOn).toEqual(['aws-config']);
    expect(cisStandardArn('eu-west-1')).toBe('arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/5.0.0');
    expect(cisStandardArn('cn-north-1')).toBe('arn:aws-cn:securityhub:cn-north-1::standards/cis-aws-foundations-benchmark/v/5.0.0');
  });

  it('turns Security Hub on without default standards and enables CIS v5.0.0 in every enabled region, with exactly the planned calls; a second run plans nothing', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain(`Security Hub does not check CIS v5.0.0 in ${reachable.length} regions`);
    const plan = step.plan(ctx, before, {});
    expect(plan).toHaveLength(2 * reachable.length);
    expect(plan.slice(0, 2)).toEqual([
      { service: 'securityhub', operation: 'EnableSecurityHub', region: reachable[0], params: { EnableDefaultStandards: false }, note: expect.any(String) },
      {
        service: 'securityhub',
        operation: 'BatchEnableStandards',
        region: reachable[0],
        params: { StandardsSubscriptionRequests: [{ StandardsArn: cisStandardArn(reachable[0] ?? '') }] },
        note: expect.any(String),
      },
    ]);

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em)).toEqual(plannedMutations(plan, ctx.region));

    const after = await step.verify!(ctx, {});
    expect(after.status, after.summary).toBe('done');
    await resetRecording(em);
    const again = await step.check(ctx);
    expect(again.status).toBe('done');
    expect(step.plan(ctx, again, {})).toEqual([]);
    await step.apply(ctx, again, {}, noOperator());
    expect(await regionalMutations(em)).toEqual([]);
  });

  it('a region whose hub is already on only gets the CIS standard', async () => {
    const ctx = await emulatorContext(em);
    await securityhub('eu-west-1').send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    const before = await step.check(ctx);
    const plan = step.plan(ctx, before, {});
    expect(plan.filter((c) => c.region === 'eu-west-1').map((c) => c.operation)).toEqual(['BatchEnableStandards']);
    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em)).toEqual(plannedMutations(plan, ctx.region));
    expect((await step.verify!(ctx, {})).status).toBe('done');
  });

  it('an EnableSecurityHub that AWS refuses because the hub is already on (ResourceConflictException) adopts that hub', async () => {
    const ctx = await emulatorContext(em);
    await securityhub('us-west-2').send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await resetRecording(em);
    await expect(runAction(ctx.aws, { service: 'securityhub', op: 'EnableSecurityHub', region: 'us-west-2', input: { EnableDefaultStandards: false } })).resolves.toBeUndefined();
    expect(await hubEnabled(await ctx.aws.inRegion('us-west-2'))).toBe(true);
    // The refusal was AWS's (the sandbox's rule), and it was read back, not sent again.
    const refused = (await recordedRequests(em)).filter((r) => r.answered_by === 'security-hub-standards').map(describeRecorded);
    expect(refused).toEqual(['securityhub:EnableSecurityHub']);
  });
});
