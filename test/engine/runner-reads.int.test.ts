/**
 * The runner and the run's read cache (src/aws/read-cache.ts), with steps of the test's own over the
 * real AWS layer and the strict sandbox: --yes checks ahead only the steps that depend on no earlier
 * step; a verification read again, and a check after a person answered a prompt, go to AWS.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Aws } from '../../src/aws/context.js';
import { getPasswordPolicy, updatePasswordPolicy } from '../../src/aws/iam.js';
import { CIS_POLICY } from '../helpers/password-policy.js';
import { Journal } from '../../src/engine/journal.js';
import { Runner, type ReplyTo, type RunnerHost } from '../../src/engine/runner.js';
import type { Prompt } from '../../src/engine/state.js';
import { answerAsYes } from '../../src/hosts/yes-answers.js';
import { defineStep, type Step, type StepContext, type StepId } from '../../src/steps/types.js';
import { emulatorAws, emulatorContext } from '../helpers/aws.js';
import { describeRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { runHeadless } from '../helpers/headless.js';

const em = useEmulator({ accountId: '210000000094' });

function journalFor(ctx: StepContext, existing = false): Journal {
  const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'runner-reads-')) };
  if (existing) {
    const earlier = Journal.open(ctx.identity.account, { env, writable: true });
    earlier.setStatus('budget', 'skipped', 'an earlier run');
  }
  return Journal.open(ctx.identity.account, { env, writable: true });
}

/** A step whose check reads the password policy: done once it is at least CIS's length. */
function policyStep(id: StepId, log: string[], opts: { dependsOn?: StepId[]; apply?: (ctx: StepContext) => Promise<void> } = {}): Step {
  return defineStep({
    id,
    title: id,
    why: 'a step of the test',
    ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}),
    async check(ctx) {
      log.push(id);
      const p = await getPasswordPolicy(ctx.aws);
      return (p?.minimumLength ?? 0) >= 14 ? { status: 'done', summary: 'in place' } : { status: 'todo', summary: 'not yet' };
    },
    plan: () => [{ service: 'iam', operation: 'UpdateAccountPasswordPolicy', params: {} }],
    async apply(ctx) {
      await opts.apply?.(ctx);
    },
  });
}

/** Sets the policy through a layer of its own, as someone else (the console) would: not through the run's cache. */
async function setPolicyElsewhere(): Promise<void> {
  const other: Aws = await emulatorAws(em);
  try {
    await updatePasswordPolicy(other, CIS_POLICY);
  } finally {
    other.destroy();
  }
}

const policyReads = async () => (await recordedRequests(em)).filter((r) => describeRecorded(r) === 'iam:GetAccountPasswordPolicy').length;

describe('the runner with the run read cache', () => {
  it('--yes with no earlier run checks ahead only the steps that depend on no earlier step, then every step in order', async () => {
    const ctx = await emulatorContext(em);
    const log: string[] = [];
    const steps = [policyStep('password-policy', log), policyStep('admin-user', log, { dependsOn: ['admin-group'] }), policyStep('budget', log)];
    await setPolicyElsewhere();
    const { result, lines } = await runHeadless(ctx, steps, journalFor(ctx), { dryRun: false, presets: {}, headless: true });
    expect(result).toEqual({ outcome: 'hardened' });
    expect(log).toEqual(['password-policy', 'budget', 'password-policy', 'admin-user', 'budget']);
    expect(lines.filter((l) => /^✓/.test(l)).map((l) => l.split(/\s+/)[1])).toEqual(['password-policy', 'admin-user', 'budget']);
    // Five checks, one read: nothing changed in between.
    expect(await policyReads()).toBe(1);
    ctx.aws.destroy();
  });

  it('--yes resuming an earlier run checks every step first (each is compared with the journal)', async () => {
    const ctx = await emulatorContext(em);
    const log: string[] = [];
    const steps = [policyStep('password-policy', log), policyStep('admin-user', log, { dependsOn: ['admin-group'] }), policyStep('budget', log)];
    await runHeadless(ctx, steps, journalFor(ctx, true), { dryRun: false, presets: {}, headless: true });
    expect(log.slice(0, 3)).toEqual(['password-policy', 'admin-user', 'budget']);
    ctx.aws.destroy();
  });

  it('a verification read again goes to AWS, not to the answer from before the change', async () => {
    const ctx = await emulatorContext(em);
    const log: string[] = [];
    // The change lands through another layer: the run's cache still holds the check's "no policy".
    const steps = [policyStep('password-policy', log, { apply: () => setPolicyElsewhere() })];
    const { result, state } = await runHeadless(ctx, steps, journalFor(ctx), { dryRun: false, presets: {}, headless: true });
    expect(result).toEqual({ outcome: 'hardened' });
    expect(state.steps[0]?.status).toBe('done');
    expect(await policyReads()).toBe(2);
    ctx.aws.destroy();
  });

  it('after a person answered a prompt, the next check reads AWS again (they may have used the console)', async () => {
    const ctx = await emulatorContext(em);
    const log: string[] = [];
    const steps = [policyStep('password-policy', log, { apply: () => Promise.reject(new Error('must not apply: the policy is in place')) })];
    const host: RunnerHost = {
      dispatch: () => undefined,
      prompt: async <P extends Prompt>(p: P): Promise<ReplyTo<P>> => {
        if (p.kind === 'start') await setPolicyElsewhere();
        return answerAsYes(p, () => undefined);
      },
    };
    const result = await new Runner(ctx, steps, journalFor(ctx), host, { dryRun: false, presets: {} }).run();
    expect(result).toEqual({ outcome: 'hardened' });
    expect(await policyReads()).toBe(2);
    ctx.aws.destroy();
  });
});
