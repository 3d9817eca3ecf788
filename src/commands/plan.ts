/**
 * `aws-harden plan [--json]`: the dry run of the whole run, printed, without a terminal. The same
 * runner path as `--yes --dry-run` (defaults and --config answers, the AWS layer's dry-run guard on,
 * nothing written), except that steps needing a person are planned too: the plan shows what WOULD be
 * called. Root MFA has no API call (the console does it); admin MFA lists its two calls, codes redacted.
 */
import type { Presets } from '../config.js';
import type { Journal } from '../engine/journal.js';
import { planOf, type Plan } from '../engine/dry-run-plan.js';
import { Runner, type RunResult } from '../engine/runner.js';
import { initialState, type RunHeader } from '../engine/state.js';
import { ExitCode } from '../errors.js';
import { formatPlan } from '../format/plan-text.js';
import { PlanCollector } from '../hosts/plan-collector.js';
import type { Session } from '../session.js';
import { STEPS } from '../steps/index.js';
import type { Step, StepContext } from '../steps/types.js';
import { runHeader, write } from './run.js';

interface PlanRun {
  plan: Plan;
  result: RunResult;
}

async function collectPlan(ctx: StepContext, steps: readonly Step[], journal: Journal, presets: Presets, header: RunHeader): Promise<PlanRun> {
  const host = new PlanCollector(initialState(header, steps));
  const result = await new Runner(ctx, steps, journal, host, { dryRun: true, presets, headless: true, previewHumanSteps: true }).run();
  const needsHuman = new Set<string>(steps.filter((s) => s.needsHuman).map((s) => s.id));
  return { plan: planOf(host.state.steps, needsHuman), result };
}

/** The plan as the command prints it: text, or the JSON shape of issue 5. */
function renderPlan(run: PlanRun, header: RunHeader, json: boolean): string {
  if (json) {
    return JSON.stringify({ account: header.account, caller: header.arn, region: header.region, steps: run.plan.steps, total: run.plan.total }, null, 2);
  }
  return [`aws-harden plan · account ${header.account} · ${header.isRoot ? 'root' : header.arn} · ${header.region} · nothing will be changed`, ...formatPlan(run.plan)].join('\n');
}

export async function plan(s: Session, journal: Journal, presets: Presets, json: boolean): Promise<number> {
  const h = runHeader(s, journal);
  const run = await collectPlan(s.ctx, STEPS, journal, presets, h);
  write(renderPlan(run, h, json));
  return 'stopped' in run.result && run.result.stopped === 'failed' ? ExitCode.StepFailed : ExitCode.Ok;
}
