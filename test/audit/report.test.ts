/** The CIS report from check results (src/audit/report.ts) and as text at 80 columns (src/audit/text.ts). */
import { describe, expect, it } from 'vitest';
import { CIS_CONTROLS } from '../../src/audit/cis.js';
import type { CheckResult } from '../../src/audit/checks/types.js';
import { controlResults, tally } from '../../src/audit/report.js';
import { auditText } from '../../src/audit/text.js';
import type { AuditCheck } from '../../src/engine/state.js';
import type { StepId } from '../../src/steps/types.js';

const stepCheck = (id: StepId, status: AuditCheck['status']): AuditCheck => ({
  id,
  title: id,
  why: '',
  status,
  detail: `${id} is ${status}, in a sentence long enough to need wrapping at eighty columns of a terminal.`,
});
const readOnly = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({ id, title: id, status, detail: `${id}: ${status}`, controls: [] });

describe('the CIS report', () => {
  const steps = [stepCheck('root-mfa', 'pass'), stepCheck('password-policy', 'fail'), stepCheck('cloudtrail', 'unknown'), stepCheck('kms-key', 'pass')];
  const checks = [readOnly('console-mfa', 'pass'), readOnly('one-active-key', 'fail')];
  const results = controlResults(steps, checks);
  const of = (id: string) => results.find((r) => r.id === id);

  it("a control takes its deciding check's status; a step missing from this build makes it unknown, and says so", () => {
    expect(results).toHaveLength(CIS_CONTROLS.length);
    expect(of('CIS 1.4')).toEqual({ id: 'CIS 1.4', title: "Ensure MFA is enabled for the 'root' user account", status: 'pass', decidedBy: ['root-mfa'] });
    expect(of('CIS 1.7')?.status).toBe('fail');
    expect(of('CIS 3.1')?.status).toBe('unknown');
    expect(of('CIS 3.6')?.status).toBe('pass');
    expect(of('CIS 1.9')).toMatchObject({ status: 'pass', decidedBy: ['console-mfa'] });
    expect(of('CIS 1.12')).toMatchObject({ status: 'fail', decidedBy: ['one-active-key'] });
    expect(of('CIS 1.16')).toEqual({ id: 'CIS 1.16', title: expect.any(String), status: 'unknown', decidedBy: ['support-role'], why: 'step not in this build: support-role' });
    expect(of('CIS 2.2.1')).toMatchObject({ status: 'not applicable', decidedBy: [], why: 'a fresh account has no RDS instances' });
    expect(of('CIS 1.5')).toMatchObject({ status: 'not possible', decidedBy: [] });
  });

  it('as text: every control but the impossible ones on its own line with its status word, the impossible ones listed apart, no line past 80 columns', () => {
    const lines = auditText({
      account: '123456789012',
      caller: 'arn:aws:iam::123456789012:user/a-rather-long-user-name-for-an-administrator',
      region: 'eu-west-1',
      checks: [...steps, ...checks],
      controls: results,
      width: 80,
    });
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(lines).toContain("  ✓ CIS 1.4   pass            Ensure MFA is enabled for the 'root' user account");
    expect(lines.find((l) => l.startsWith('  ✗ CIS 1.7 '))).toMatch(/^ {2}✗ CIS 1\.7 {3}fail {12}Ensure IAM password policy/);
    expect(lines.find((l) => l.startsWith('  – CIS 2.2.1'))).toMatch(/not applicable/);
    expect(lines.some((l) => l.startsWith('  – CIS 1.5 '))).toBe(false);
    const impossible = lines.join('\n').match(/Not possible for aws-harden[^]*?\.\n/)?.[0] ?? '';
    for (const c of CIS_CONTROLS.filter((x) => x.disposition.kind === 'not-possible')) expect(impossible).toContain(c.id);
    const t = tally(results);
    expect(lines).toContain(`CIS controls: ${t.pass} pass, ${t.fail} fail, ${t.unknown} unknown, ${t['not applicable']} not applicable, ${t['not possible']} not possible.`);
    expect(lines.at(-1)).toBe('3 of 6 checks do not pass.');
    // Narrower terminals wrap too.
    expect(auditText({ account: '1', caller: 'arn', region: 'r', checks, controls: results, width: 50 }).filter((l) => l.length > 50)).toEqual([]);
  });
});
