/** `aws-harden audit [--json]`: every step's check, read-only; exits non-zero when something is not hardened. */
import { padId } from '../format/step-id.js';
import type { Presets } from '../config.js';
import { auditExitCode, runChecks } from '../engine/audit.js';
import { Journal } from '../engine/journal.js';
import { AUDIT_MARKS } from '../format/glyphs.js';
import type { Session } from '../session.js';
import { STEPS } from '../steps/index.js';
import { answersOf, write } from './run.js';

export async function audit(s: Session, presets: Presets, json: boolean): Promise<number> {
  // Audit checks the names the operator chose: --config first, then a readable journal.
  let journal: Journal | undefined;
  try {
    journal = Journal.open(s.identity.account, { env: s.env, writable: false });
  } catch {
    journal = undefined; // a damaged journal is reported by the wizard; audit still checks the defaults
  }
  s.ctx.answersOf = answersOf(presets, journal);
  const checks = await runChecks(s.ctx, STEPS);
  if (json) {
    write(JSON.stringify({ account: s.identity.account, caller: s.identity.arn, checks: checks.map(({ id, status, detail }) => ({ id, status, detail })) }, null, 2));
  } else {
    write(`aws-harden audit · account ${s.identity.account} · ${s.identity.arn} · ${s.aws.region}`);
    for (const c of checks) write(`  ${AUDIT_MARKS[c.status].symbol} ${padId(c.id)} ${c.detail}`);
    const failing = checks.filter((c) => c.status !== 'pass').length;
    write(failing === 0 ? `All ${checks.length} checks pass.` : `${failing} of ${checks.length} checks do not pass.`);
  }
  return auditExitCode(checks);
}
