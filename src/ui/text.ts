/**
 * Pure text helpers for the screens: how a status is worded, who the caller is, what the closing line
 * says. No React and no Ink here, so the wording is easy to test and to keep consistent. The glyphs,
 * calls and times the screens share with the printed output are in src/format/.
 */
import type { EarlierStep, ResumeInfo, StepStatus, StepView, WizardState } from '../engine/state.js';
import { awsDisagrees } from '../engine/resume.js';
import { GLYPHS, JOURNAL_MARKS, type Mark } from '../format/glyphs.js';
import { formatWhen, shortWhen } from '../format/when.js';

/** The first row of the step list: not a step of the runner, but the checks it makes before any step. */
export const PREFLIGHT_TITLE = 'Preflight';

/** Shortens `text` to `width` columns, ending in "…" when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** Shortens `text` to `width` columns by cutting its middle ("/home/op/…/1234.json"): for paths. */
export function truncateMiddle(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  if (width === 1) return '…';
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/**
 * Who the header says is signed in: "root", or the user/role name from the caller's ARN
 * (`arn:aws:iam::1:user/ops/alice` → alice, `arn:aws:sts::1:assumed-role/Admin/session` → Admin).
 */
export function callerLabel(arn: string, isRoot: boolean): string {
  if (isRoot) return 'root';
  const resource = arn.split(':').slice(5).join(':');
  const [type, ...parts] = resource.split('/');
  const name = type === 'assumed-role' ? parts[0] : parts[parts.length - 1];
  return name || resource || arn || 'unknown caller';
}

/** The word the summary uses for a step's final status. */
export function statusWord(status: StepStatus): string {
  switch (status) {
    case 'done':
    case 'previewed':
    case 'skipped':
    case 'blocked':
    case 'failed':
      return status;
    case 'pending':
      return 'not started';
    case 'checking':
    case 'todo':
    case 'applying':
    case 'verifying':
      return 'not done';
    default: {
      const never: never = status;
      throw new Error(`unhandled status ${String(never)}`);
    }
  }
}

/** What the spinner line says while the runner works without asking anything. */
export function activity(status: StepStatus): string | undefined {
  switch (status) {
    case 'checking':
      return 'Checking…';
    case 'applying':
      return 'Applying…';
    case 'verifying':
      return 'Reading back from AWS to verify…';
    case 'pending':
    case 'todo':
    case 'blocked':
    case 'done':
    case 'previewed':
    case 'skipped':
    case 'failed':
      return undefined;
  }
}

/** The step the summary and the runner consider left to do: anything not done (or previewed). */
export function leftToDo(steps: readonly StepView[]): StepView[] {
  return steps.filter((s) => s.status !== 'done' && s.status !== 'previewed');
}

/** The last line of a finished or stopped run, and how it should look. */
export function closingLine(state: WizardState): { text: string; color?: 'green' | 'yellow' | 'red' } {
  const { phase } = state;
  const left = leftToDo(state.steps).map((s) => s.title);
  const leftText = left.length > 0 ? ` Left to do: ${left.join(', ')}.` : '';
  switch (phase.name) {
    case 'finished':
      if (phase.outcome === 'hardened') return { text: 'All steps done and verified.', color: 'green' };
      if (phase.outcome === 'previewed') return { text: 'Dry run complete: nothing was changed.', color: 'green' };
      return { text: `Finished, but not every step is done.${leftText} Run aws-harden again to finish them.`, color: 'yellow' };
    case 'stopped':
      if (phase.reason === 'failed') return { text: `Stopped at a failed step.${leftText}`, color: 'red' };
      if (phase.reason === 'interrupted') return { text: `Interrupted.${leftText}`, color: 'yellow' };
      return { text: `Stopped before the end.${leftText}`, color: 'yellow' };
    case 'starting':
    case 'running':
      return { text: '' };
    default: {
      const never: never = phase;
      throw new Error(`unhandled phase ${JSON.stringify(never)}`);
    }
  }
}

/** A Base32 secret in groups of four, easier to type into an authenticator by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** The secret in groups of four, broken between groups into lines of at most `width`: no line starts with a space. */
export function secretLines(secret: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const group of groupedSecret(secret).split(' ')) {
    if (line !== '' && line.length + 1 + group.length > width) {
      lines.push(line);
      line = group;
    } else {
      line = line === '' ? group : `${line} ${group}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** What is wrong with an MFA code as typed so far, or undefined when it has the right shape. */
export function codeProblem(code: string): string | undefined {
  if (/\D/.test(code)) return 'digits only';
  if (code.length !== 6) return `${code.length}/6 digits`;
  return undefined;
}

const EARLIER_WORDS: Record<EarlierStep['status'], string> = {
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
  applying: 'interrupted while applying',
};

/**
 * A step as the earlier run left it, for the start screen: "✓ Admin group — done 14:02". The heading
 * above it already gives the run's date, so a step of that day shows only its time.
 */
export function earlierStep(step: EarlierStep, runDay: Date): { mark: Mark; text: string } {
  return { mark: JOURNAL_MARKS[step.status], text: `${step.title} — ${EARLIER_WORDS[step.status]} ${shortWhen(step.at, runDay)}` };
}

/**
 * How the step list marks a step on the resume screen: as the journal has it, or ≠ where AWS now shows
 * otherwise (the start screen says what AWS shows).
 */
export function earlierMark(step: EarlierStep): Mark {
  return awsDisagrees(step) ? GLYPHS.disagrees : JOURNAL_MARKS[step.status];
}

/** The resume heading: "Earlier run · last run 2026-11-23 14:05". */
export function lastRunLine(resume: ResumeInfo): string {
  return `Earlier run · last run ${formatWhen(resume.lastRun)}`;
}
