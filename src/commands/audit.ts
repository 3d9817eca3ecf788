/**
 * `aws-harden audit [--json]`: every step's check and the read-only checks no step changes, then the
 * CIS AWS Foundations report control by control (src/audit). Read-only; exits non-zero when a check
 * does not pass.
 */
import { runReadOnlyChecks } from '../audit/checks/index.js';
import { controlResults } from '../audit/report.js';
import { auditText } from '../audit/text.js';
import { regionsLeftOut } from '../aws/regions.js';
import type { Presets } from '../config.js';
import { auditExitCode, runChecks } from '../engine/audit.js';
import { Journal } from '../engine/journal.js';
import type { Session } from '../session.js';
import { STEPS } from '../steps/index.js';
import { answersOf, write } from './run.js';

/** The width to print for: the terminal's, else COLUMNS (a pipe has no width), else 80. */
function outputWidth(env: NodeJS.ProcessEnv): number {
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  return process.stdout.columns || (fromEnv > 0 ? fromEnv : 80);
}

export async function audit(s: Session, presets: Presets, json: boolean): Promise<number> {
  // Audit checks the names the operator chose: --config first, then a readable journal.
  let journal: Journal | undefined;
  try {
    journal = Journal.open(s.identity.account, { env: s.env, writable: false });
  } catch {
    journal = undefined; // a damaged journal is reported by the wizard; audit still checks the defaults
  }
  s.ctx.answersOf = answersOf(presets, journal);
  const [steps, readOnly] = await Promise.all([runChecks(s.ctx, STEPS), runReadOnlyChecks(s.aws)]);
  const controls = controlResults(steps, readOnly);
  // Said once, whichever regional checks met them (their details name them shortly).
  const leftOut = regionsLeftOut(s.aws);
  const checks = [
    ...steps.map(({ id, status, detail, controls: c }) => ({ id, status, detail, controls: c ?? [] })),
    ...readOnly.map(({ id, status, detail, controls: c }) => ({ id, status, detail, controls: c })),
  ];
  if (json) {
    write(JSON.stringify({ account: s.identity.account, caller: s.identity.arn, checks, controls, ...(leftOut ? { regionsLeftOut: leftOut } : {}) }, null, 2));
  } else {
    for (const line of auditText({ account: s.identity.account, caller: s.identity.arn, region: s.aws.region, checks, controls, width: outputWidth(s.env) })) write(line);
    if (leftOut) write(`Regions left out of this audit (their regional checks are not a pass): ${leftOut}.`);
  }

  return auditExitCode(checks);
}
