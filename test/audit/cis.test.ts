/** The CIS table (src/audit/cis.ts): complete for v5.0.0, well-formed, and naming only real steps and checks. */
import { describe, expect, it } from 'vitest';
import { CIS_CONTROLS, controlsOf, controlsOfCheck } from '../../src/audit/cis.js';
import { READ_ONLY_CHECKS } from '../../src/audit/checks/index.js';
import { STEPS } from '../../src/steps/index.js';
import type { StepId } from '../../src/steps/types.js';

/** Every id of Prowler's cis_5.0_aws.json (its "1.1" written for 1.10 read as 1.10), in benchmark order. */
const V5_IDS = [
  ...['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11', '1.12', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20', '1.21'],
  ...['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.2.1', '2.2.2', '2.2.3', '2.2.4', '2.3.1'],
  ...['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9'],
  ...['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15', '4.16'],
  ...['5.1.1', '5.1.2', '5.2', '5.3', '5.4', '5.5', '5.6', '5.7'],
].map((id) => `CIS ${id}`);

/** Every StepId, at run time: a Record over the type must name each one, and nothing else. */
const STEP_IDS: Record<StepId, true> = {
  'root-mfa': true,
  'admin-group': true,
  'admin-user': true,
  'admin-mfa': true,
  'access-key': true,
  'password-policy': true,
  'kms-key': true,
  cloudtrail: true,
  budget: true,
  'security-contact': true,
  's3-public-access': true,
  'support-role': true,
  'ebs-encryption': true,
  'access-analyzer': true,
  'default-security-groups': true,
  'trail-bucket-logging': true,
  'trail-alarms': true,
  guardduty: true,
  'aws-config': true,
  'security-hub': true,
  'root-access-keys': true,
  'mfa-guard': true,
};

describe('the CIS v5.0.0 table', () => {
  it('has every control of the version once, in benchmark order', () => {
    expect(CIS_CONTROLS.map((c) => c.id)).toEqual(V5_IDS);
    expect(new Set(CIS_CONTROLS.map((c) => c.id)).size).toBe(63);
  });

  it('ids are "CIS n.n" or "CIS n.n.n"; titles and reasons are non-empty', () => {
    for (const c of CIS_CONTROLS) {
      expect(c.id).toMatch(/^CIS [1-9]\d*\.[1-9]\d*(\.[1-9]\d*)?$/);
      expect(c.title).toMatch(/^(Ensure|Do not|Eliminate|Maintain) /);
      const d = c.disposition;
      expect(d.kind === 'step' || d.kind === 'check' ? d.how : d.why).not.toBe('');
    }
  });

  it('every step disposition names StepIds, and every check disposition a read-only check that exists', () => {
    const checks = new Set(READ_ONLY_CHECKS.map((c) => c.id));
    for (const c of CIS_CONTROLS) {
      const d = c.disposition;
      if (d.kind === 'step') {
        expect(d.steps.length).toBeGreaterThan(0);
        for (const id of d.steps) expect(Object.keys(STEP_IDS)).toContain(id);
      }
      if (d.kind === 'check') expect(checks).toContain(d.check);
    }
    // Each read-only check decides at least one control.
    for (const id of checks) expect(controlsOfCheck(id).length).toBeGreaterThan(0);
  });

  it("derives a step's controls from the table (Step has no controls field any more)", () => {
    expect(controlsOf('password-policy')).toEqual(['CIS 1.7', 'CIS 1.8']);
    expect(controlsOf('cloudtrail')).toEqual(['CIS 2.1.1', 'CIS 3.1', 'CIS 3.2', 'CIS 3.5']);
    expect(controlsOf('trail-alarms')).toHaveLength(15);
    expect(controlsOf('budget')).toEqual([]);
    for (const s of STEPS) expect(s).not.toHaveProperty('controls');
  });

  it("the manual/automated split is the benchmark's (35 automated, 28 manual in v5.0.0)", () => {
    expect(CIS_CONTROLS.filter((c) => c.assessment === 'automated').length).toBe(35);
    expect(CIS_CONTROLS.filter((c) => c.assessment === 'manual').length).toBe(28);
  });
});
