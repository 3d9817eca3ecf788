/**
 * A paid step in a --yes run (the headless runner): skipped, saying what it costs and how to ask for
 * it, when --config does not name it; applied when it does (engine/runner.ts, "costs money").
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/journal.js';
import { guarddutyStep } from '../../src/steps/guardduty.js';
import type { StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { runHeadless } from '../helpers/headless.js';
import { describeRecorded, isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';

const em = useEmulator();

function journalFor(ctx: StepContext) {
  return Journal.open(ctx.identity.account, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'paid-test-')) }, writable: true });
}

async function guarddutyMutations(): Promise<string[]> {
  return (await recordedRequests(em))
    .filter(isMutatingRecorded)
    .map(describeRecorded)
    .filter((d) => d.startsWith('guardduty:'));
}

describe('a paid step in a --yes run', () => {
  it('is skipped, with its cost, its pricing page and the --config entry that asks for it, when --config does not name it', async () => {
    const ctx = await emulatorContext(em);
    const { result, state } = await runHeadless(ctx, [guarddutyStep], journalFor(ctx), { dryRun: false, headless: true, presets: {} });
    expect(result).toEqual({ outcome: 'incomplete' });
    const step = state.steps.find((s) => s.id === 'guardduty');
    expect(step?.status).toBe('skipped');
    expect(step?.note).toContain('Costs money');
    expect(step?.note).toContain('https://aws.amazon.com/guardduty/pricing/');
    expect(step?.note).toContain('"guardduty"');
    expect(await guarddutyMutations()).toEqual([]);
  });

  it('is applied and verified when --config names it (even with no answers)', async () => {
    const ctx = await emulatorContext(em);
    const { result, state } = await runHeadless(ctx, [guarddutyStep], journalFor(ctx), { dryRun: false, headless: true, presets: { guardduty: {} } });
    expect(result).toEqual({ outcome: 'hardened' });
    expect(state.steps.find((s) => s.id === 'guardduty')?.status).toBe('done');
    expect((await guarddutyMutations()).length).toBeGreaterThan(0);
    expect(new Set(await guarddutyMutations())).toEqual(new Set(['guardduty:CreateDetector']));
  });
});
