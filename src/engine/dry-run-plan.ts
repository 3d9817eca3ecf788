/**
 * The plan of a dry run: per step, the calls that would be made, and their total. A pure function over
 * the steps' views, shared by `aws-harden plan`, the headless dry-run's last line and the wizard's
 * summary screen; format/plan-text.ts words it.
 */
import { redact } from '../format/calls.js';
import { costLine } from '../format/cost.js';
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
  calls: Array<{ service: string; operation: string; params: Record<string, unknown>; region?: string }>;
  /** For a paid step (Step.cost): what it costs, in one line. */
  cost?: string;
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
      calls: calls.map((c) => ({ service: c.service, operation: c.operation, params: redact(c.params) as Record<string, unknown>, ...(c.region ? { region: c.region } : {}) })),
      ...(s.cost ? { cost: costLine(s.cost) } : {}),
    };
  });
  return { steps: out, total: out.reduce((n, s) => n + s.calls.length, 0) };
}
