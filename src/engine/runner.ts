/**
 * The runner: walks the steps in order, each through check → questions → plan → (confirm) → apply →
 * verify, dispatching WizardEvents for whoever renders them (Ink or the headless printer) and asking
 * the operator through the host. It owns dry-run: in dry-run, plans are shown and apply never runs.
 */
import { isRunHalted } from '../aws/in-flight.js';
import { waitingLine } from '../aws/propagation.js';
import { callsFor } from '../aws/purpose.js';
import { describeError, isOperatorError, OperatorError, ExitCode } from '../errors.js';
import { callsPhrase } from '../format/plan-text.js';
import { configHint } from '../config.js';
import type { Answers, Finding, MfaRequest, Operator, Question, RevealRequest, Step, StepContext, StepId, WaitRequest } from '../steps/types.js';
import { runChecks } from './audit.js';
import type { Journal } from './journal.js';
import { resumeInfo } from './resume.js';
import type { AuditCheck, Outcome, Prompt, WizardEvent } from './state.js';

export { resumeInfo } from './resume.js';

/** What each kind of prompt resolves to. 'quit' ends the run (the journal keeps the progress). */
export interface Replies {
  /** 'start' also means resume; 'start-over' forgets the journal's answers and statuses first. */
  start: 'start' | 'start-over' | 'quit';
  questions: { answers: Answers } | 'skip' | 'quit';
  confirm: 'apply' | 'skip' | 'quit';
  failure: 'retry' | 'skip' | 'quit';
  wait: 'skip' | 'simulate' | 'quit';
  mfa: { code1: string; code2: string } | 'skip' | 'quit';
  reveal: 'done' | 'quit';
}
export type ReplyTo<P extends Prompt> = Replies[P['kind']];

export interface RunnerHost {
  dispatch(event: WizardEvent): void;
  prompt<P extends Prompt>(prompt: P): Promise<ReplyTo<P>>;
}

export interface RunOptions {
  dryRun: boolean;
  /** --yes: nobody answers. Steps that need a human, or answers that have no valid default, are skipped with the reason. */
  headless?: boolean;
  /** With headless and dryRun (`aws-harden plan`): steps that need a person are planned, not skipped. */
  previewHumanSteps?: boolean;
  /** Answers from --config, by step; they win over the journal's and the steps' defaults. */
  presets: Partial<Record<StepId, Answers>>;
  /** Verification read-backs: attempts and first delay (doubling), for IAM's eventual consistency. */
  verify?: { attempts: number; firstDelayMs: number };
}

export type RunResult = { outcome: Outcome } | { stopped: 'quit' | 'failed' };

/** Thrown out of a step's apply when the operator quits from a prompt the step opened. */
class QuitRun extends Error {}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A question whose answer destroys something: its answer counts for this run only. */
function isDestructive(q: Question): boolean {
  return q.destructive === true;
}

/**
 * Defaults for a step's questions: the step's own, then the journal's earlier answers, then --config.
 * A destructive question never takes the journal's answer: an earlier "yes" (that a crash kept from
 * being acted on) must not delete anything in a resumed or a --yes run, nor stand pre-typed in the prompt.
 */
export function defaultAnswers(questions: readonly Question[], journal: Answers | undefined, preset: Answers | undefined): Answers {
  const out: Answers = {};
  for (const q of questions) out[q.id] = preset?.[q.id] ?? (isDestructive(q) ? undefined : journal?.[q.id]) ?? q.default;
  return out;
}

/** The answers the journal keeps: all but the destructive ones (see defaultAnswers). */
export function rememberedAnswers(questions: readonly Question[], answers: Answers): Answers {
  const destructive = new Set(questions.filter(isDestructive).map((q) => q.id));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !destructive.has(id)));
}

/** The first invalid answer: which question, and what is wrong with the answer. */
export function invalidAnswer(questions: readonly Question[], answers: Answers): { id: string; message: string } | undefined {
  for (const q of questions) {
    const v = answers[q.id] ?? '';
    if (q.kind === 'text') {
      const message = q.validate?.(v);
      if (message) return { id: q.id, message };
    } else if (!q.options.some((o) => o.value === v)) {
      return { id: q.id, message: `must be one of ${q.options.map((o) => o.value).join(', ')}` };
    }
  }
  return undefined;
}

/**
 * A person may change the account (in the console) while a prompt waits for them: what was read before
 * a prompt is read from AWS again after it (aws/read-cache.ts). Nobody answers a --yes run's prompts.
 */
function forgettingReads(host: RunnerHost, ctx: StepContext): RunnerHost {
  return {
    dispatch: (event) => host.dispatch(event),
    prompt: async <P extends Prompt>(prompt: P): Promise<ReplyTo<P>> => {
      try {
        return await host.prompt(prompt);
      } finally {
        ctx.aws.forgetReads();
      }
    },
  };
}

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

  private update(id: StepId, patch: Extract<WizardEvent, { type: 'step-updated' }>['patch']): void {
    this.host.dispatch({ type: 'step-updated', id, patch });
  }

  /** One step, with retry on failure when the operator asks for it. */
  private async runStep(step: Step): Promise<'done' | 'previewed' | 'skipped' | 'blocked' | 'quit' | 'failed'> {
    for (;;) {
      try {
        return await this.attempt(step);
      } catch (e) {
        // Interrupted: the call that would have started did not, and nothing failed. The journal keeps
        // what it had (a step left 'applying' is read back from AWS by the next run).
        if (e instanceof QuitRun || isRunHalted(e)) return 'quit';
        const error = describeError(e);
        this.update(step.id, { status: 'failed', error: { message: error.message, ...(error.remedy ? { remedy: error.remedy } : {}) } });
        this.journal.setStatus(step.id, 'failed', error.message);
        const reply = await this.host.prompt({ kind: 'failure', stepId: step.id, error });
        if (reply === 'retry') {
          // Whatever the operator fixed meanwhile is read from AWS.
          this.ctx.aws.forgetReads();
          this.update(step.id, { status: 'checking', error: undefined });
          continue;
        }
        if (reply === 'skip') {
          this.skip(step, 'skipped after an error');
          return 'skipped';
        }
        return 'failed';
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
      const tidied = tidy.length === 0 ? '' : `; ${opts.dryRun ? 'would remove' : 'removed'} what an earlier run left: ${tidy.map((c) => `${c.service}:${c.operation} ${Object.values(c.params).map(String).join(' ')}`).join(', ')}`;
      this.skip(step, `needs a person: ${step.needsHuman}${tidied}`);
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
    const applied = await callsFor(`${step.id} apply`, () => step.apply(ctx, finding, answers, this.operator(step.id)));
    if (applied) {
      this.skip(step, applied.skipped);
      return 'skipped';
    }

    this.update(step.id, { status: 'verifying' });
    const verified = await this.verify(step, answers);
    if (verified.status !== 'done') {
      throw new OperatorError('aws', `Applied, but AWS does not show it yet: ${verified.summary}`,
        'IAM can take a few seconds to settle. Retry; if it persists, check the account in the console.', ExitCode.StepFailed);
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

  /** The person at the keyboard, as a step sees them: every request becomes a prompt. */
  private operator(stepId: StepId): Operator {
    const { host } = this;
    return {
      waitFor: async (req: WaitRequest) => {
        const open = () => host.prompt({ kind: 'wait', stepId, title: req.title, instructions: req.instructions, ...(req.link ? { link: req.link } : {}), ...(req.watching ? { watching: req.watching } : {}), ...(req.simulates ? { simulates: req.simulates } : {}), startedAt: Date.now(), canSimulate: req.simulate !== undefined });
        let reply = open();
        for (;;) {
          const r = await Promise.race([reply, sleep(req.intervalMs ?? 3_000).then(() => 'tick' as const)]);
          if (r === 'skip') return 'skipped';
          if (r === 'quit') throw new QuitRun();
          if (r === 'simulate') await req.simulate?.();
          // On every tick, and at once after the sandbox did the console part: has AWS seen it? (Asking AWS, not the read cache.)
          this.ctx.aws.forgetReads();
          if (await req.poll()) {
            host.dispatch({ type: 'prompt-closed' });
            return 'done';
          }
          if (r === 'simulate') reply = open();
        }
      },
      enrollMfa: async (req: MfaRequest) => {
        let error: string | undefined;
        for (;;) {
          const reply = await host.prompt({ kind: 'mfa', stepId, uri: req.uri, secret: req.secret, label: req.label, ...(error ? { error } : {}) });
          if (reply === 'skip') return 'skipped';
          if (reply === 'quit') throw new QuitRun();
          error = req.check(reply.code1, reply.code2);
          if (!error) return reply;
        }
      },
      reveal: async (req: RevealRequest) => {
        const reply = await host.prompt({ kind: 'reveal', stepId, title: req.title, label: req.label, secret: req.secret, ...(req.note ? { note: req.note } : {}) });
        if (reply === 'quit') throw new QuitRun();
      },
    };
  }

  /** Reads AWS back until the step says done, backing off between attempts. */
  private async verify(step: Step, answers: Answers): Promise<Finding> {
    const { attempts, firstDelayMs } = this.opts.verify ?? { attempts: 6, firstDelayMs: 500 };
    let last: Finding | undefined;
    let waited = false;
    try {
      for (let i = 0; i < attempts; i++) {
        if (i > 0) {
          waited = true;
          // Reading again because AWS may not show the change yet: from AWS, not from the run's read cache.
          this.ctx.aws.forgetReads();
          const delay = firstDelayMs * 2 ** (i - 1);
          // e.g. GetAccountSummary still counts a root key deleted a moment ago: say so while waiting.
          this.update(step.id, { progress: `AWS does not show the change yet (${(last?.summary ?? 'not verified').replace(/\.$/, '')}); reading again in ${(delay / 1000).toFixed(1)}s (${i}/${attempts - 1})` });
          await sleep(delay);
        }
        last = await callsFor(`${step.id} verify`, () => (step.verify ? step.verify(this.ctx, answers) : step.check(this.ctx)));
        if (last.status === 'done') return last;
      }
    } finally {
      if (waited) this.update(step.id, { progress: undefined });
    }
    return last ?? { status: 'todo', summary: 'not verified' };
  }
}
