/**
 * The CIS report: every control of the benchmark with its status, decided by the steps' checks and
 * the read-only checks that answer it (cis.ts). Pure: the checks have run already.
 */
import type { AuditCheck } from '../engine/state.js';
import type { StepId } from '../steps/types.js';
import { CIS_CONTROLS, type CisControl, type ControlId } from './cis.js';
import type { CheckResult } from './checks/types.js';

export type ControlStatus = 'pass' | 'fail' | 'unknown' | 'not applicable' | 'not possible';

export interface ControlResult {
  id: ControlId;
  title: string;
  status: ControlStatus;
  /** The step(s) or read-only check whose result this is; empty when not applicable or not possible. */
  decidedBy: string[];
  /** Why it is not applicable or not possible, or why it is unknown when no check could run. */
  why?: string;
}

/** Worst first: one failing check fails the control; otherwise one that cannot tell makes it unknown. */
function combine(statuses: ReadonlyArray<AuditCheck['status'] | undefined>): ControlStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.some((s) => s !== 'pass')) return 'unknown';
  return 'pass';
}

export function controlResults(steps: readonly AuditCheck[], checks: readonly CheckResult[], controls: readonly CisControl[] = CIS_CONTROLS): ControlResult[] {
  const byStep = new Map<StepId, AuditCheck>(steps.map((s) => [s.id, s]));
  return controls.map((c): ControlResult => {
    const base = { id: c.id, title: c.title };
    const d = c.disposition;
    switch (d.kind) {
      case 'step': {
        const missing = d.steps.filter((id) => !byStep.has(id));
        const status = combine(d.steps.map((id) => byStep.get(id)?.status));
        return { ...base, status, decidedBy: [...d.steps], ...(missing.length > 0 ? { why: `step not in this build: ${missing.join(', ')}` } : {}) };
      }
      case 'check': {
        const r = checks.find((x) => x.id === d.check);
        return { ...base, status: combine([r?.status]), decidedBy: [d.check], ...(r ? {} : { why: `check not run: ${d.check}` }) };
      }
      case 'not-applicable':
        return { ...base, status: 'not applicable', decidedBy: [], why: d.why };
      case 'not-possible':
        return { ...base, status: 'not possible', decidedBy: [], why: d.why };
      default: {
        const never: never = d;
        throw new Error(`unhandled disposition ${String(never)}`);
      }
    }
  });
}

/** How many controls have each status. */
export function tally(results: readonly ControlResult[]): Record<ControlStatus, number> {
  const t: Record<ControlStatus, number> = { pass: 0, fail: 0, unknown: 0, 'not applicable': 0, 'not possible': 0 };
  for (const r of results) t[r.status]++;
  return t;
}
