/**
 * The host of `--yes`: answers every prompt as `--yes` does (yes-answers.ts) and prints one line per
 * step. It keeps the wizard's state with the engine's `reduce`, the one reduction of each event; what
 * it prints is read from the state that event made.
 */
import { costLine } from '../format/cost.js';
import { padId } from '../format/step-id.js';
import { callName, formatParams } from '../format/calls.js';
import { planOf } from '../engine/dry-run-plan.js';
import type { ReplyTo, RunnerHost } from '../engine/runner.js';
import { reduce, type Prompt, type StepStatus, type WizardEvent, type WizardState } from '../engine/state.js';
import { stepMark } from '../format/glyphs.js';
import { planTotal } from '../format/plan-text.js';
import { answerAsYes } from './yes-answers.js';

/** The statuses a step ends in: each gets its line. */
const FINAL: ReadonlySet<StepStatus> = new Set(['done', 'previewed', 'skipped', 'blocked', 'failed']);

/** A wait for AWS is printed when it starts, then at most this often (the Ink busy line shows every retry). */
const PROGRESS_EVERY_MS = 5_000;

export class HeadlessPrinter implements RunnerHost {
  /** When the current wait's progress line was last printed; undefined when no wait is going on. */
  private progressPrintedAt: number | undefined;

  constructor(
    private readonly out: (line: string) => void,
    /** The wizard's state as of the last event; the run's summary and plan are read from it. */
    public state: WizardState,
  ) {}

  dispatch(event: WizardEvent): void {
    this.state = reduce(this.state, event);
    this.print(event);
  }

  private print(event: WizardEvent): void {
    // A paid step named in --config: what it costs, before it applies.
    const opened = event.type === 'prompt-opened' ? event.prompt : undefined;
    if (opened?.kind === 'confirm' && !opened.dryRun) {
      const step = this.state.steps.find((s) => s.id === opened.stepId);
      if (step?.cost) this.out(`$ ${padId(step.id)} ${costLine(step.cost)}`);
    }
    if (event.type === 'finished') {
      if (event.outcome === 'previewed') {
        // --yes skips the steps that need a person, so their calls are not in this total; `plan` lists them.
        this.out(`Plan: ${planTotal(planOf(this.state.steps))}. \`aws-harden plan\` prints the plan (also as --json), with the calls of the steps that need a person.`);
      }
      this.out(
        event.outcome === 'previewed'
          ? 'Dry run: nothing was changed.'
          : event.outcome === 'hardened'
            ? 'All steps done and verified.'
            : 'Finished with steps not done (see above); run again or use the interactive wizard.',
      );
    }
    if (event.type === 'stopped' && event.reason === 'failed') this.out('Stopped at a failed step; fix the cause and run the same command again to continue.');
    if (event.type !== 'step-updated') return;
    const next = this.state.steps.find((s) => s.id === event.id);
    if (!next) return;
    if ('progress' in event.patch) this.progress(next.id, event.patch.progress);
    const status = event.patch.status;
    if (!status || !FINAL.has(status)) return;
    const mark = stepMark(status).symbol;
    const detail = next.status === 'failed' ? `${next.error?.message ?? 'failed'}${next.error?.remedy ? ` — ${next.error.remedy}` : ''}` : (next.note ?? '');
    this.out(`${mark} ${padId(next.id)} ${next.status.padEnd(9)} ${detail}`.trimEnd());
    if (next.status === 'previewed') {
      for (const call of next.plan ?? []) this.out(`    would call ${callName(call)} ${formatParams(call.params).replace(/\n/g, '\n    ')}`);
    }
  }

  /** `  … <step> <what it waits for>`: a --yes run that waits for AWS says so instead of going quiet. */
  private progress(id: string, text: string | undefined): void {
    if (text === undefined) {
      this.progressPrintedAt = undefined;
      return;
    }
    const now = Date.now();
    if (this.progressPrintedAt !== undefined && now - this.progressPrintedAt < PROGRESS_EVERY_MS) return;
    this.progressPrintedAt = now;
    this.out(`… ${padId(id)} ${text}`);
  }

  prompt<P extends Prompt>(prompt: P): Promise<ReplyTo<P>> {
    return answerAsYes(prompt, this.out);
  }
}
