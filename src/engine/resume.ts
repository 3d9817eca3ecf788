/**
 * What an earlier run left, as the start screen (and `--yes`) tell it: each step as the journal has it,
 * next to what AWS shows now. AWS is the truth; the journal only remembers. Where the two disagree
 * (someone deleted the admin user between runs, or did a skipped step in the console), the screen says
 * so instead of showing the journal's "done" as if it still held.
 */
import type { Step } from '../steps/types.js';
import type { Journal } from './journal.js';
import type { AuditCheck, EarlierStep, ResumeInfo } from './state.js';

/**
 * The earlier run, when the journal existed before this run and remembers anything; with `checks`
 * (this run's fresh read of every step), each step also carries what AWS shows now.
 */
export function resumeInfo(journal: Journal, steps: ReadonlyArray<Pick<Step, 'id' | 'title'>>, checks: readonly AuditCheck[] = []): ResumeInfo | undefined {
  if (!journal.existed) return undefined;
  const data = journal.snapshot;
  const earlier: EarlierStep[] = [];
  for (const s of steps) {
    const j = data.steps[s.id];
    if (!j) continue;
    const now = checks.find((c) => c.id === s.id);
    earlier.push({ id: s.id, title: s.title, status: j.status, at: j.at, ...(now ? { now: { status: now.status, detail: now.detail } } : {}) });
  }
  if (earlier.length === 0 && Object.keys(data.answers).length === 0) return undefined;
  return { lastRun: data.updatedAt, steps: earlier };
}

/**
 * Whether AWS now shows something other than the journal says: a step the journal has as done that
 * AWS does not show (or cannot be read), or one it has as skipped or failed that is in place now.
 * A step interrupted while applying disagrees with nothing: what AWS shows is its answer.
 */
export function awsDisagrees(step: EarlierStep): boolean {
  if (!step.now) return false;
  switch (step.status) {
    case 'done':
      return step.now.status !== 'pass';
    case 'skipped':
    case 'failed':
      return step.now.status === 'pass';
    case 'applying':
      return false;
    default: {
      const never: never = step.status;
      throw new Error(`unhandled journal status ${String(never)}`);
    }
  }
}

/** "AWS now: not done" — what AWS shows for the step, in the journal's terms. */
export function awsNow(step: EarlierStep): string | undefined {
  if (!step.now) return undefined;
  switch (step.now.status) {
    case 'pass':
      return 'AWS now: done';
    case 'fail':
      return 'AWS now: not done';
    case 'unknown':
      return 'AWS now: cannot tell';
    default: {
      const never: never = step.now.status;
      throw new Error(`unhandled check status ${String(never)}`);
    }
  }
}
