/**
 * The runner: walks the steps in order, each through check → questions → plan → (confirm) → apply →
 * verify, dispatching WizardEvents for whoever renders them (Ink or the headless printer) and asking
 * the operator through the host. It owns dry-run: in dry-run, plans are shown and apply never runs.
 * Around it: the host contract (host.ts), answers (answers.ts), the operator bridge (operator.ts), the
 * verify loop (verify.ts) and what follows a failure (failure.ts).
 */
import { waitingLine } from '../aws/propagation.js';
import { callsFor } from '../aws/purpose.js';
import { isOperatorError, OperatorError, ExitCode } from '../errors.js';
import { callsPhrase } from '../format/plan-text.js';
import { configHint } from '../config.js';
import { costLine } from '../format/cost.js';
import type { Answers, Finding, Step, StepContext, StepId } from '../steps/types.js';
import { defaultAnswers, invalidAnswer, rememberedAnswers } from './answers.js';
import { runChecks } from './audit.js';
import { afterFailure } from './failure.js';
import { forgettingReads, type RunnerHost, type StepPatch } from './host.js';
import type { Journal } from './journal.js';
import { operatorFor } from './operator.js';
import { resumeInfo } from './resume.js';
import type { AuditCheck, Outcome } from './state.js';
import { verifyApplied, type VerifySettings } from './verify.js';

export { resumeInfo } from './resume.js';
export { defaultAnswers, invalidAnswer, rememberedAnswers } from './answers.js';
export type { Replies, ReplyTo, RunnerHost } from './host.js';

export interface RunOptions {
  dryRun: boolean;
  /** --yes: nobody answers. Steps that need a human, or answers that have no valid default, are skipped with the reason. */
  headless?: boolean;
  /** With headless and dryRun (`aws-harden plan`): steps that need a person are planned, not skipped. */
  previewHumanSteps?: boolean;
  /** Answers from --config, by step; they win over the journal's and the steps' defaults. */
  presets: Partial<Record<StepId, Answers>>;
  /** Verification read-backs: attempts and first delay (doubling), for IAM's eventual consistency. */
  verify?: VerifySettings;
}

export type RunResult = { outcome: Outcome } | { stopped: 'quit' | 'failed' };

export class Runner {
  constructor(
    private readonly ctx: StepContext,
    private readonly steps: readonly Step[],
    private readonly journal: Journal,
    host: RunnerHost,
    private readonly opts: RunOptions,
  ) {
    this.host = opts.headless ? host : forgettingReads(host, ctx);
  }

  private readonly host: RunnerHost;

  /** The step being run: where a "waiting for AWS" progress line belongs. */
  private current: StepId | undefined;
  /** How each step of this run ended: a step that waits for another asks how that one went. */
  private readonly results = new Map<StepId, string>();

  async run(): Promise<RunResult> {
    // A call that waits for something this run made to propagate says so on the current step's line.
    const off = this.ctx.aws.propagation.onEvent((e) => {
      if (this.current) this.update(this.current, { progress: e.type === 'waiting' ? waitingLine(e) : undefined });
    });
    try {
      return await this.runSteps();
    } finally {
      off();
    }
  }

  private async runSteps(): Promise<RunResult> {
    const checks: AuditCheck[] = await runChecks(this.ctx, this.surveyed());
    const resume = resumeInfo(this.journal, this.steps, checks);
    const begin = await this.host.prompt({ kind: 'start', checks, ...(resume ? { resume } : {}) });
    if (begin === 'quit') return this.stop('quit');
    // Earlier answers stop being defaults; every step is checked against AWS either way.
    if (begin === 'start-over') this.journal.reset();
    let complete = true;
    for (const [index, step] of this.steps.entries()) {
      this.host.dispatch({ type: 'step-entered', index });
      this.current = step.id;
      const result = await this.runStep(step);
      this.results.set(step.id, result);
      this.current = undefined;
      if (result === 'quit' || result === 'failed') return this.stop(result);
      if (result !== 'done') complete = false;
    }
    const outcome: Outcome = this.opts.dryRun ? 'previewed' : complete ? 'hardened' : 'incomplete';
    this.host.dispatch({ type: 'finished', outcome });
    return { outcome };
  }

  /**
   * The steps checked before the first step starts, all at once: every step for the start screen (and
   * for a resumed run, where each is compared with the journal). A --yes run with no earlier run shows
   * no survey, so it checks ahead only the steps that depend on no earlier step's answers or results;
   * their reads wait in the run's read cache (aws/read-cache.ts) for their turn, and every step is still
   * checked, in order, when it comes. The others would read what an earlier step is about to change.
   */
  private surveyed(): readonly Step[] {
    if (!this.opts.headless || this.journal.existed) return this.steps;
    return this.steps.filter((s) => (s.dependsOn ?? []).length === 0);
  }

  private stop(reason: 'quit' | 'failed'): RunResult {
    this.host.dispatch({ type: 'stopped', reason });
    return { stopped: reason };
  }

  private update(id: StepId, patch: StepPatch): void {
    this.host.dispatch({ type: 'step-updated', id, patch });
  }

  /** One step, with retry on failure when the operator asks for it (failure.ts). */
  private async runStep(step: Step): Promise<'done' | 'previewed' | 'skipped' | 'blocked' | 'quit' | 'failed'> {
    const scene = { ctx: this.ctx, host: this.host, journal: this.journal, update: this.update.bind(this), skip: this.skip.bind(this) };
    for (;;) {
      try {
        return await this.attempt(step);
      } catch (e) {
        const next = await afterFailure(e, step, scene);
        if (next !== 'retry') return next;
      }
    }
  }

  private skip(step: Step, note: string): void {
    this.update(step.id, { status: 'skipped', note });
    this.journal.setStatus(step.id, 'skipped', note);
  }

  private async attempt(step: Step): Promise<'done' | 'previewed' | 'skipped' | 'blocked' | 'quit'> {
    const { ctx, host, journal, opts } = this;
    this.update(step.id, { status: 'checking' });
    let finding: Finding;
    try {
      finding = await callsFor(`${step.id} check`, () => step.check(ctx));
    } catch (e) {
      // Not allowed to read: the wizard cannot tell, so it says what is missing and moves on.
      if (isOperatorError(e) && e.code === 'access-denied') {
        this.update(step.id, { status: 'blocked', note: e.message, error: { message: e.message, ...(e.remedy ? { remedy: e.remedy } : {}) } });
        return 'blocked';
      }
      throw e;
    }
    // A dry run previewed the step this one waits for (a real run would make it): the wait would end,
    // so this step is previewed too, saying why it would wait, rather than shown as blocked.
    const waits = finding.status === 'blocked' && opts.dryRun && finding.waitsFor && this.results.get(finding.waitsFor.step) === 'previewed' ? finding.waitsFor : undefined;
    if (waits) finding = { ...finding, status: 'todo', summary: `${waits.then}; ${waits.preview}.` };
    const found = this.settled(step, finding);
    if (found) return found;
    this.update(step.id, { status: 'todo', finding });
    if (opts.headless && step.needsHuman && !(opts.dryRun && opts.previewHumanSteps)) {
      const tidy = step.tidy?.plan(ctx, finding) ?? [];
      if (tidy.length > 0 && !opts.dryRun) await callsFor(`${step.id} tidy`, async () => step.tidy?.apply(ctx, finding));
      const tidied =
        tidy.length === 0
          ? ''
          : `; ${opts.dryRun ? 'would remove' : 'removed'} what an earlier run left: ${tidy.map((c) => `${c.service}:${c.operation} ${Object.values(c.params).map(String).join(' ')}`).join(', ')}`;
      this.skip(step, `needs a person: ${step.needsHuman}${tidied}`);
      return 'skipped';
    }

    // A paid step is applied without a person only when the operator named it in --config.
    if (opts.headless && step.cost && !opts.presets[step.id]) {
      this.skip(step, `${costLine(step.cost)} Not applied without being named: ${configHint(step.id, {})}`);
      return 'skipped';
    }

    const questions = step.questions?.(ctx, finding) ?? [];
    let answers = defaultAnswers(questions, journal.answers(step.id), opts.presets[step.id]);
    if (opts.headless) {
      const missing = invalidAnswer(questions, answers);
      if (missing) {
        this.skip(step, `${waits ? `${finding.summary} Skipped: ` : ''}no usable answer for ${missing.id} (${missing.message.replace(/\.$/, '')}); ${configHint(step.id, { [missing.id]: '…' })}`);
        return 'skipped';
      }
    }
    // A previewed wait asks nothing: the real run asks once the wait is over (its summary says so).
    if (questions.length > 0 && !waits) {
      const reply = await host.prompt({ kind: 'questions', stepId: step.id, questions, defaults: answers });
      if (reply === 'quit') return 'quit';
      if (reply === 'skip') {
        this.skip(step, 'skipped by the operator');
        return 'skipped';
      }
      answers = reply.answers;
      const invalid = invalidAnswer(questions, answers);
      if (invalid) throw new OperatorError('usage', `Invalid answer for ${step.id}: ${invalid.id}: ${invalid.message}`, undefined, ExitCode.Usage);
      journal.setAnswers(step.id, rememberedAnswers(questions, answers));
    }

    if (step.recheck) {
      // The answers may name something else than the check read, or change what the table proposes.
      const current = finding;
      finding = await callsFor(`${step.id} recheck`, () => step.recheck!(ctx, current, answers));
      const rechecked = this.settled(step, finding);
      if (rechecked) return rechecked;
    }
    const plan = step.plan(ctx, finding, answers);
    this.update(step.id, { plan, finding });
    const go = await host.prompt({ kind: 'confirm', stepId: step.id, plan, dryRun: opts.dryRun });
    if (go === 'quit') return 'quit';
    if (go === 'skip') {
      this.skip(step, 'skipped by the operator');
      return 'skipped';
    }
    if (opts.dryRun) {
      const calls = `would make ${callsPhrase(plan.length)}`;
      this.update(step.id, { status: 'previewed', note: step.needsHuman && plan.length === 0 ? `needs a person, no API call: ${step.needsHuman}` : waits ? finding.summary : calls });
      return 'previewed';
    }

    this.update(step.id, { status: 'applying', applied: true });
    journal.setStatus(step.id, 'applying');
    const applied = await callsFor(`${step.id} apply`, () => step.apply(ctx, finding, answers, operatorFor(host, ctx, step.id)));
    if (applied) {
      this.skip(step, applied.skipped);
      return 'skipped';
    }

    this.update(step.id, { status: 'verifying' });
    const verified = await verifyApplied(ctx, step, answers, opts.verify, (progress) => this.update(step.id, { progress }));
    if (verified.status !== 'done') {
      throw new OperatorError(
        'aws',
        `Applied, but AWS does not show it yet: ${verified.summary}`,
        'IAM can take a few seconds to settle. Retry; if it persists, check the account in the console.',
        ExitCode.StepFailed,
      );
    }
    this.update(step.id, { status: 'done', finding: verified, note: verified.summary });
    journal.setStatus(step.id, 'done');
    return 'done';
  }

  /**
   * A finding that ends the step here: nothing left to do (done), or it cannot go ahead (blocked).
   * Undefined when there is work to plan.
   */
  private settled(step: Step, finding: Finding): 'done' | 'blocked' | undefined {
    if (finding.status === 'done') {
      this.update(step.id, { status: 'done', finding, note: finding.summary });
      // Resuming past a step the journal already has as done: keep when it was done (the start screen shows it).
      if (this.journal.snapshot.steps[step.id]?.status !== 'done') this.journal.setStatus(step.id, 'done', 'already in place');
      return 'done';
    }
    if (finding.status === 'blocked') {
      this.update(step.id, { status: 'blocked', finding, note: finding.summary });
      return 'blocked';
    }
    return undefined;
  }
}
