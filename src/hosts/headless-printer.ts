/**
 * The headless host for `--yes`: answers every prompt with its default (or --config's answer), never
 * waits for a human, and prints one line per step.
 */
import { callName, formatParams } from '../format/calls.js';
import { callsPhrase, planOf } from '../engine/dry-run-plan.js';
import { awsDisagrees, awsNow } from '../engine/resume.js';
import { formatWhen } from '../format/when.js';
import type { ReplyTo, RunnerHost } from '../engine/runner.js';
import type { Prompt, StepStatus, StepView, WizardEvent } from '../engine/state.js';

const FINAL: Partial<Record<StepStatus, string>> = {
  done: '✓',
  previewed: '◇',
  skipped: '-',
  blocked: '?',
  failed: '✗',
};

/** A wait for AWS is printed when it starts, then at most this often (the Ink busy line shows every retry). */
const PROGRESS_EVERY_MS = 5_000;

export class HeadlessHost implements RunnerHost {
  private readonly steps = new Map<string, StepView>();
  /** When the current wait's progress line was last printed; undefined when no wait is going on. */
  private progressPrintedAt: number | undefined;

  constructor(
    private readonly out: (line: string) => void,
    steps: readonly StepView[],
  ) {
    for (const s of steps) this.steps.set(s.id, s);
  }

  dispatch(event: WizardEvent): void {
    if (event.type === 'finished') {
      if (event.outcome === 'previewed') {
        const plan = planOf([...this.steps.values()]);
        const changing = plan.steps.filter((s) => s.calls.length > 0).length;
        // --yes skips the steps that need a person, so their calls are not in this total; `plan` lists them.
        this.out(`Plan: ${callsPhrase(plan.total)} in ${changing} step${changing === 1 ? '' : 's'}. \`aws-harden plan\` prints the plan (also as --json), with the calls of the steps that need a person.`);
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
    const prev = this.steps.get(event.id);
    if (!prev) return;
    const next = { ...prev, ...event.patch };
    this.steps.set(event.id, next);
    if ('progress' in event.patch) this.progress(next.id, event.patch.progress);
    const mark = event.patch.status ? FINAL[event.patch.status] : undefined;
    if (!mark) return;
    const detail = next.status === 'failed' ? `${next.error?.message ?? 'failed'}${next.error?.remedy ? ` — ${next.error.remedy}` : ''}` : (next.note ?? '');
    this.out(`${mark} ${next.id.padEnd(18)} ${next.status.padEnd(9)} ${detail}`.trimEnd());
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
    this.out(`… ${id.padEnd(18)} ${text}`);
  }

  prompt<P extends Prompt>(prompt: P): Promise<ReplyTo<P>> {
    const reply = (() => {
      switch (prompt.kind) {
        case 'start':
          // Resuming: where AWS now shows otherwise than the journal, say so before the steps run.
          for (const s of prompt.resume?.steps ?? []) {
            if (awsDisagrees(s)) this.out(`≠ ${s.id.padEnd(18)} journal: ${s.status} ${formatWhen(s.at)}; ${awsNow(s) ?? ''}${s.now?.detail ? ` (${s.now.detail.replace(/\.$/, '')})` : ''}`);
          }
          return 'start';
        case 'questions':
          return { answers: prompt.defaults };
        case 'confirm':
          return 'apply';
        case 'failure':
          return 'quit';
        // Steps that need a person are skipped before they ask (needsHuman); this is the safety net.
        case 'wait':
        case 'mfa':
          return 'skip';
        // Never printed: the secret is in the keychain.
        case 'reveal':
          return 'done';
        default: {
          const never: never = prompt;
          throw new Error(`unhandled prompt ${JSON.stringify(never)}`);
        }
      }
    })();
    return Promise.resolve(reply as ReplyTo<P>);
  }
}
