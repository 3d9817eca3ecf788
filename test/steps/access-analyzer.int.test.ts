import { AccessAnalyzerClient, CreateAnalyzerCommand, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { describe, expect, it } from 'vitest';
import { regionScan } from '../../src/aws/regions.js';
import { ANALYZER_NAME, accessAnalyzerStep as step } from '../../src/steps/access-analyzer/index.js';
import { emulatorContext } from '../helpers/aws.js';
import { isMutatingRecorded, recordedBody, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { resetRecording } from './logging-helpers.js';
import { planned, regionalMutations, regionOf } from './regional-helpers.js';

const em = useEmulator();

/** The wire names the operation by method and path (REST-JSON): PUT /analyzer is CreateAnalyzer. */
const AS_PLANNED = { 'access-analyzer:PUT': 'accessanalyzer:CreateAnalyzer' };

function analyzers(region: string): AccessAnalyzerClient {
  return new AccessAnalyzerClient({ endpoint: em.endpoint, region, credentials: em.rootCredentials, maxAttempts: 1 });
}

async function names(region: string): Promise<string[]> {
  return ((await analyzers(region).send(new ListAnalyzersCommand({}))).analyzers ?? []).map((a) => `${a.name} ${a.type} ${a.status}`);
}

describe('access-analyzer against the emulator', () => {
  it('makes an account analyzer in every enabled region with exactly the planned calls, reads it back, and plans nothing the second time', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(new RegExp(`^No active IAM Access Analyzer analyzer in ${reachable.length} of ${reachable.length} regions`));
    const plan = step.plan(ctx, before, {});
    expect(plan).toEqual(
      reachable.map((region) => ({ service: 'accessanalyzer', operation: 'CreateAnalyzer', params: { analyzerName: ANALYZER_NAME, type: 'ACCOUNT' }, region, note: expect.any(String) })),
    );

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em, AS_PLANNED)).toEqual(planned(plan, em));
    // Each with a client token of its own, so that a retry after a lost answer makes nothing twice.
    const bodies = (await recordedRequests(em)).filter(isMutatingRecorded).map((r) => JSON.parse(recordedBody(r)) as Record<string, unknown>);
    expect(bodies.every((b) => b.analyzerName === ANALYZER_NAME && b.type === 'ACCOUNT' && typeof b.clientToken === 'string')).toBe(true);
    expect(new Set(bodies.map((b) => b.clientToken)).size).toBe(bodies.length);

    expect((await step.verify!(ctx, {})).status).toBe('done');
    expect(await names(reachable[0]!)).toEqual([`${ANALYZER_NAME} ACCOUNT ACTIVE`]);
    const again = await emulatorContext(em);
    const second = await step.check(again);
    expect(second).toMatchObject({ status: 'done', summary: `IAM Access Analyzer analyzes the account in all ${reachable.length} enabled regions.` });
    expect(step.plan(again, second, {})).toEqual([]);
  });

  it('counts an existing account or organization analyzer as done (none is made next to it); an unused-access analyzer does not count', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const [a, b, ...rest] = reachable;
    await analyzers(a!).send(new CreateAnalyzerCommand({ analyzerName: 'theirs', type: 'ACCOUNT' }));
    await analyzers(b!).send(new CreateAnalyzerCommand({ analyzerName: 'org', type: 'ORGANIZATION' }));
    // An unused-access analyzer is not the external-access one CIS asks for.
    await analyzers(rest[0]!).send(new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }));
    const before = await step.check(ctx);
    expect(step.plan(ctx, before, {}).map((c) => c.region)).toEqual(rest);
  });

  it('a CreateAnalyzer whose answer is lost is sent again with its client token: one analyzer, no conflict', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const before = await step.check(ctx);
    await fetch(`${em.endpoint}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ loseAnswer: { nth: 1, as: '500' } }) });
    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    const report = (await (await fetch(`${em.endpoint}/sandbox/faults`)).json()) as { lost?: string };
    expect(report.lost).toBe('access-analyzer:PUT');
    const puts = (await recordedRequests(em)).filter(isMutatingRecorded);
    expect(puts).toHaveLength(reachable.length + 1);
    const twice = puts.filter((r) => puts.filter((o) => regionOf(o) === regionOf(r)).length === 2);
    expect(new Set(twice.map((r) => (JSON.parse(recordedBody(r)) as { clientToken: string }).clientToken)).size).toBe(1);
    expect(await names(regionOf(twice[0]!))).toEqual([`${ANALYZER_NAME} ACCOUNT ACTIVE`]);
    expect((await step.verify!(ctx, {})).status).toBe('done');
  });
});
