/**
 * The plan of a dry run: per step, the calls that would be made, and their total. Pure functions over
 * the steps' views, shared by `aws-harden plan`, the headless dry-run's last line and the wizard's
 * summary screen.
 */
import { callName, formatParams, redact } from '../format/calls.js';
import type { StepView } from './state.js';

/**
 * How a step stands in the plan. `would-change`: it would make the calls listed. `needs-person`: the
 * calls a person at the keyboard would make happen (MFA codes, console clicks); `--yes` skips the step.
 */
export type PlanStatus = 'done' | 'would-change' | 'needs-person' | 'skipped' | 'blocked' | 'failed' | 'pending';

export interface PlanStep {
  id: string;
  status: PlanStatus;
  /** One line: what the check found, or why the step is skipped or blocked. */
  note: string;
  calls: Array<{ service: string; operation: string; params: Record<string, unknown> }>;
}

export interface Plan {
  steps: PlanStep[];
  /** Every call of every step, AWS API calls and the local ones (keychain, ~/.aws/config) alike. */
  total: number;
}

function planStatus(s: StepView, needsHuman: boolean): PlanStatus {
  switch (s.status) {
    case 'done':
      return 'done';
    case 'previewed':
      return needsHuman ? 'needs-person' : 'would-change';
    case 'skipped':
      return 'skipped';
    case 'blocked':
      return 'blocked';
    case 'failed':
      return 'failed';
    case 'pending':
    case 'checking':
    case 'todo':
    case 'applying':
    case 'verifying':
      return 'pending';
    default: {
      const never: never = s.status;
      throw new Error(`unhandled status ${String(never)}`);
    }
  }
}

/** The plan the steps' views show. `needsHuman` names the steps that need a person. */
export function planOf(steps: readonly StepView[], needsHuman: ReadonlySet<string> = new Set()): Plan {
  const out = steps.map((s): PlanStep => {
    const status = planStatus(s, needsHuman.has(s.id));
    const calls = status === 'would-change' || status === 'needs-person' ? (s.plan ?? []) : [];
    return {
      id: s.id,
      status,
      // For a step with calls, what its check found says more than the runner's "would make N calls".
      note: (status === 'failed' ? s.error?.message : calls.length > 0 || status === 'needs-person' ? s.finding?.summary : undefined) ?? s.note ?? s.finding?.summary ?? '',
      calls: calls.map((c) => ({ service: c.service, operation: c.operation, params: redact(c.params) as Record<string, unknown> })),
    };
  });
  return { steps: out, total: out.reduce((n, s) => n + s.calls.length, 0) };
}

export function callsPhrase(n: number): string {
  return `${n} call${n === 1 ? '' : 's'}`;
}

/** One line per step with the calls' names, `iam:CreateUser, iam:AddUserToGroup`. */
export function compactPlanLines(plan: Plan): Array<{ id: string; calls: string }> {
  return plan.steps.filter((s) => s.calls.length > 0).map((s) => ({ id: s.id, calls: s.calls.map((c) => callName(c)).join(', ') }));
}

const MARK: Record<PlanStatus, string> = {
  done: '✓',
  'would-change': '●',
  'needs-person': '◆',
  skipped: '-',
  blocked: '?',
  failed: '✗',
  pending: '○',
};

function statusPhrase(s: PlanStep): string {
  switch (s.status) {
    case 'done':
      return 'already done · 0 calls';
    case 'would-change':
      return callsPhrase(s.calls.length);
    case 'needs-person':
      return `needs a person · ${callsPhrase(s.calls.length)}${s.calls.length === 0 ? ' (done in the AWS console; the wizard only reads)' : ''}`;
    case 'skipped':
      return 'skipped · 0 calls';
    case 'blocked':
      return 'blocked · 0 calls';
    case 'failed':
      return 'failed';
    case 'pending':
      return 'not reached';
    default: {
      const never: never = s.status;
      throw new Error(`unhandled plan status ${String(never)}`);
    }
  }
}

/** The plan as text: per step its status and note, each call with its parameters (policies as JSON). */
export function formatPlan(plan: Plan): string[] {
  const lines: string[] = [];
  for (const s of plan.steps) {
    lines.push(`${MARK[s.status]} ${s.id.padEnd(18)} ${statusPhrase(s)}`);
    if (s.note) lines.push(`    ${s.note}`);
    for (const c of s.calls) lines.push(`    ${callName(c)} ${formatParams(c.params).replace(/\n/g, '\n    ')}`);
  }
  const changing = plan.steps.filter((s) => s.calls.length > 0).length;
  lines.push(`Total: ${callsPhrase(plan.total)} in ${changing} step${changing === 1 ? '' : 's'}. Nothing was changed.`);
  return lines;
}
