/**
 * `aws-harden plan [--json]`: the dry run of the whole run, printed, without a terminal. The same
 * runner path as `--yes --dry-run` (defaults and --config answers, the AWS layer's dry-run guard on,
 * nothing written), except that steps needing a person are planned too: the plan shows what WOULD be
 * called. Root MFA has no API call (the console does it); admin MFA lists its two calls, codes redacted.
 */
import { HeadlessHost } from './headless-printer.js';
import type { Journal } from '../engine/journal.js';
import { planOf, formatPlan, type Plan } from '../engine/dry-run-plan.js';
import { Runner, type ReplyTo, type RunnerHost, type RunResult } from '../engine/runner.js';
import { initialState, reduce, type Prompt, type RunHeader, type WizardEvent, type WizardState } from '../engine/state.js';
import type { Presets } from '../config.js';
import type { Step, StepContext } from '../steps/types.js';

/** Answers every prompt as `--yes` does and keeps the wizard's state, printing nothing. */
class PlanHost implements RunnerHost {
  private readonly answers: HeadlessHost;
  constructor(public state: WizardState) {
    this.answers = new HeadlessHost(() => undefined, state.steps);
  }
  dispatch(event: WizardEvent): void {
    this.state = reduce(this.state, event);
  }
  prompt<P extends Prompt>(prompt: P): Promise<ReplyTo<P>> {
    return this.answers.prompt(prompt);
  }
}

export interface PlanRun {
  plan: Plan;
  result: RunResult;
}

export async function collectPlan(ctx: StepContext, steps: readonly Step[], journal: Journal, presets: Presets, header: RunHeader): Promise<PlanRun> {
  const host = new PlanHost(initialState(header, steps));
  const result = await new Runner(ctx, steps, journal, host, { dryRun: true, presets, headless: true, previewHumanSteps: true }).run();
  const needsHuman = new Set<string>(steps.filter((s) => s.needsHuman).map((s) => s.id));
  return { plan: planOf(host.state.steps, needsHuman), result };
}

/** The plan as the command prints it: text, or the JSON shape of issue 5. */
export function renderPlan(run: PlanRun, header: RunHeader, json: boolean): string {
  if (json) {
    return JSON.stringify({ account: header.account, caller: header.arn, region: header.region, steps: run.plan.steps, total: run.plan.total }, null, 2);
  }
  return [
    `aws-harden plan · account ${header.account} · ${header.isRoot ? 'root' : header.arn} · ${header.region} · nothing will be changed`,
    ...formatPlan(run.plan),
  ].join('\n');
}
