/**
 * The plan of a dry run (engine/dry-run-plan.ts) as text: `aws-harden plan`, the full plan printed
 * after the wizard's dry run, the --yes dry run's last line and the summary screen's call names.
 */
import { padId } from './step-id.js';
import type { Plan, PlanStep } from '../engine/dry-run-plan.js';
import { callName, formatParams } from './calls.js';
import { PLAN_MARKS } from './glyphs.js';

export function callsPhrase(n: number): string {
  return `${n} call${n === 1 ? '' : 's'}`;
}

/** "7 calls in 3 steps": the plan's total, and how many steps would make a call. */
export function planTotal(plan: Plan): string {
  const changing = plan.steps.filter((s) => s.calls.length > 0).length;
  return `${callsPhrase(plan.total)} in ${changing} step${changing === 1 ? '' : 's'}`;
}

/** One line per step with the calls' names, `iam:CreateUser, iam:AddUserToGroup`. */
export function callNamesByStep(plan: Plan): Array<{ id: string; calls: string }> {
  return plan.steps.filter((s) => s.calls.length > 0).map((s) => ({ id: s.id, calls: s.calls.map((c) => callName(c)).join(', ') }));
}

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
    lines.push(`${PLAN_MARKS[s.status].symbol} ${padId(s.id)} ${statusPhrase(s)}`);
    if (s.note) lines.push(`    ${s.note}`);
    if (s.cost && s.calls.length > 0) lines.push(`    ${s.cost}`);
    for (const c of s.calls) lines.push(`    ${callName(c)} ${formatParams(c.params).replace(/\n/g, '\n    ')}`);
  }
  lines.push(`Total: ${planTotal(plan)}. Nothing was changed.`);
  return lines;
}
