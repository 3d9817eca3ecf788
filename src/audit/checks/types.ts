/** The contract of the audit's read-only checks: the CIS controls no step changes (src/audit/cis.ts). */
import type { Aws } from '../../aws/context.js';
import type { CredentialRow } from '../../aws/iam-credential-report.js';
import type { CheckId, ControlId } from '../cis.js';

export interface AuditContext {
  aws: Aws;
  /** AWS's time (this computer's, corrected by the skew AWS's answers showed): ages are counted from it. */
  now(): Date;
  /** The IAM credential report, read once for all the checks that need it. */
  report(): Promise<CredentialRow[]>;
}

export interface ReadOnlyCheck {
  id: CheckId;
  title: string;
  /** Read-only. `pass` and one line an operator understands; AWS errors propagate as OperatorErrors. */
  run(ctx: AuditContext): Promise<{ pass: boolean; detail: string }>;
}

/** A read-only check's answer, as `audit` prints it. */
export interface CheckResult {
  id: CheckId;
  title: string;
  status: 'pass' | 'fail' | 'unknown';
  detail: string;
  controls: readonly ControlId[];
}

/** "alice, bob and 3 more": a list of names kept to one line. */
export function names(list: readonly string[], shown = 5): string {
  if (list.length <= shown) return list.join(', ');
  return `${list.slice(0, shown).join(', ')} and ${list.length - shown} more`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
