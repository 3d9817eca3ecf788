/** Every step's check, read-only, as pass / fail / unknown. Used by `audit` and the preflight screen. */
import { controlsOf } from '../audit/cis.js';
import { callsFor } from '../aws/purpose.js';
import { isOperatorError } from '../errors.js';
import type { Step, StepContext } from '../steps/types.js';
import type { AuditCheck } from './state.js';

export async function runChecks(ctx: StepContext, steps: readonly Step[]): Promise<AuditCheck[]> {
  return Promise.all(
    steps.map(async (step): Promise<AuditCheck> => {
      const base = { id: step.id, title: step.title, why: step.why, controls: controlsOf(step.id) };
      try {
        const f = await callsFor(`${step.id} survey`, () => step.check(ctx));
        // Blocked only until an earlier step makes what it needs (no trail yet, so no alarms on it; the
        // root key stays until the admin key is proven): what it checks is not there, a fail.
        const status = f.status === 'done' ? 'pass' : f.status === 'todo' || f.waitsFor ? 'fail' : 'unknown';
        return { ...base, status, detail: f.summary };
      } catch (e) {
        // A read we may not make (AccessDenied) or cannot make right now: the check is unknown, not failed.
        if (isOperatorError(e)) return { ...base, status: 'unknown', detail: e.message };
        throw e;
      }
    }),
  );
}

/** Exit status of an audit: 0 all pass, 1 any fail or unknown. */
export function auditExitCode(checks: ReadonlyArray<Pick<AuditCheck, 'status'>>): 0 | 1 {
  return checks.every((c) => c.status === 'pass') ? 0 : 1;
}
