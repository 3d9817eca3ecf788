/**
 * The one table of status glyphs. The wizard's screens, the --yes lines, `audit` and `plan` all mark a
 * status with these, so a glyph means the same thing wherever the operator reads it. Colour is only a
 * hint: every glyph reads without it (NO_COLOR).
 */
import type { PlanStatus } from '../engine/dry-run-plan.js';
import type { JournalStepStatus } from '../engine/journal.js';
import type { AuditCheck, StepStatus } from '../engine/state.js';

export interface Mark {
  symbol: string;
  color?: 'green' | 'cyan' | 'yellow' | 'red' | 'blue';
  dim?: boolean;
}

export const GLYPHS = {
  /** Done and verified, or already in place; a check that passes. */
  done: { symbol: '✓', color: 'green' },
  /** A dry run shows what it would do. */
  previewed: { symbol: '◇', color: 'blue' },
  /** A dry run shows what a person at the keyboard would do (MFA codes, a console click). */
  needsPerson: { symbol: '◆' },
  skipped: { symbol: '–', dim: true },
  /** Cannot go ahead, or cannot tell (a check not allowed to read). */
  blocked: { symbol: '?', color: 'yellow' },
  failed: { symbol: '✗', color: 'red' },
  /** Not reached yet. */
  pending: { symbol: '○', dim: true },
  /** The step the wizard is on. */
  current: { symbol: '●', color: 'cyan' },
  /** An earlier run stopped while applying the step. */
  interrupted: { symbol: '!', color: 'yellow' },
  /** The journal and AWS disagree: the journal's word no longer holds. */
  disagrees: { symbol: '≠', color: 'yellow' },
} as const satisfies Record<string, Mark>;

const IN_PROGRESS: ReadonlySet<StepStatus> = new Set(['pending', 'checking', 'todo', 'applying', 'verifying']);

/** The mark in front of a step: where it stands at a glance. `current`: the step the wizard is on. */
export function stepMark(status: StepStatus, current = false): Mark {
  if (current && IN_PROGRESS.has(status)) return GLYPHS.current;
  switch (status) {
    case 'done':
    case 'previewed':
    case 'skipped':
    case 'blocked':
    case 'failed':
      return GLYPHS[status];
    case 'pending':
    case 'checking':
    case 'todo':
    case 'applying':
    case 'verifying':
      return GLYPHS.pending;
    default: {
      const never: never = status;
      throw new Error(`unhandled status ${String(never)}`);
    }
  }
}

/** A check of the account's Security Status (audit, the start screen): ✓ / ✗ / ?. */
export const AUDIT_MARKS: Readonly<Record<AuditCheck['status'], Mark>> = { pass: GLYPHS.done, fail: GLYPHS.failed, unknown: GLYPHS.blocked };

/** A step in the plan of a dry run (`aws-harden plan`, the full plan after the wizard's dry run). */
export const PLAN_MARKS: Readonly<Record<PlanStatus, Mark>> = {
  done: GLYPHS.done,
  'would-change': GLYPHS.previewed,
  'needs-person': GLYPHS.needsPerson,
  skipped: GLYPHS.skipped,
  blocked: GLYPHS.blocked,
  failed: GLYPHS.failed,
  pending: GLYPHS.pending,
};

/** A step as an earlier run left it in the journal (the resume screen). */
export const JOURNAL_MARKS: Readonly<Record<JournalStepStatus, Mark>> = {
  done: GLYPHS.done,
  skipped: GLYPHS.skipped,
  failed: GLYPHS.failed,
  applying: GLYPHS.interrupted,
};
