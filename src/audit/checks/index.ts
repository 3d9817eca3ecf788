/** The audit's read-only checks, in CIS order, and how they run: all at once, each `unknown` when it may not read. */
import type { Aws } from '../../aws/context.js';
import { credentialReport, type CredentialRow } from '../../aws/iam-credential-report.js';
import { callsFor } from '../../aws/purpose.js';
import { isOperatorError } from '../../errors.js';
import { controlsOfCheck } from '../cis.js';
import { consoleMfa, keyRotation, oneActiveKey, unusedCredentials } from './credentials.js';
import { adminPolicies, groupPermissions } from './policies.js';
import type { AuditContext, CheckResult, ReadOnlyCheck } from './types.js';

export type { CheckResult, ReadOnlyCheck } from './types.js';

export const READ_ONLY_CHECKS: readonly ReadOnlyCheck[] = [consoleMfa, unusedCredentials, oneActiveKey, keyRotation, groupPermissions, adminPolicies];

export async function runReadOnlyChecks(aws: Aws, checks: readonly ReadOnlyCheck[] = READ_ONLY_CHECKS): Promise<CheckResult[]> {
  let report: Promise<CredentialRow[]> | undefined;
  const ctx: AuditContext = {
    aws,
    now: () => new Date(Date.now() + (aws.clockSkewMs ?? 0)),
    // Read once, for whichever of its checks asks first; --debug names it for all of them.
    report: () => (report ??= callsFor('credential-report audit', () => credentialReport(aws))),
  };
  return Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      const base = { id: check.id, title: check.title, controls: controlsOfCheck(check.id) };
      try {
        const r = await callsFor(`${check.id} audit`, () => check.run(ctx));
        return { ...base, status: r.pass ? 'pass' : 'fail', detail: r.detail };
      } catch (e) {
        // As for the steps' checks (engine/audit.ts): a read we may not make is unknown, not failed.
        if (isOperatorError(e)) return { ...base, status: 'unknown', detail: e.message };
        throw e;
      }
    }),
  );
}
