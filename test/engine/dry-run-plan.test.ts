import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/format/calls.js';
import { planOf } from '../../src/engine/dry-run-plan.js';
// The plan and its wording (format/plan-text.ts) are tested together, on one plan.
import { callNamesByStep, formatPlan } from '../../src/format/plan-text.js';
import type { StepView } from '../../src/engine/state.js';

const view = (id: string, patch: Partial<StepView>): StepView => ({ id: id as StepView['id'], title: id, why: '', status: 'pending', ...patch });

const steps: StepView[] = [
  view('root-mfa', { status: 'previewed', note: 'would make 0 calls', plan: [] }),
  view('admin-group', { status: 'done', note: 'Group "Administrators" has AdministratorAccess attached.' }),
  view('admin-user', {
    status: 'previewed',
    plan: [
      { service: 'iam', operation: 'CreateUser', params: { UserName: 'admin' } },
      { service: 'iam', operation: 'CreateLoginProfile', params: { UserName: 'admin', Password: 'hunter2hunter2', PasswordResetRequired: true } },
    ],
  }),
  view('admin-mfa', {
    status: 'previewed',
    plan: [{ service: 'iam', operation: 'EnableMFADevice', params: { UserName: 'admin', AuthenticationCode1: '123456', AuthenticationCode2: '654321' } }],
  }),
  view('cloudtrail', {
    status: 'previewed',
    plan: [{ service: 's3', operation: 'PutBucketPolicy', params: { Bucket: 'b', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) } }],
  }),
  view('budget', { status: 'skipped', note: 'no usable answer for email' }),
];

describe('the plan of a dry run', () => {
  const plan = planOf(steps, new Set(['root-mfa', 'admin-mfa']));

  it('lists per step its status and calls, and the total', () => {
    expect(plan.steps.map((s) => [s.id, s.status, s.calls.length])).toEqual([
      ['root-mfa', 'needs-person', 0],
      ['admin-group', 'done', 0],
      ['admin-user', 'would-change', 2],
      ['admin-mfa', 'needs-person', 1],
      ['cloudtrail', 'would-change', 1],
      ['budget', 'skipped', 0],
    ]);
    expect(plan.total).toBe(4);
  });

  it('never holds a secret: passwords and MFA codes are redacted', () => {
    const text = JSON.stringify(plan);
    for (const secret of ['hunter2hunter2', '123456', '654321']) expect(text).not.toContain(secret);
    expect(plan.steps[2]?.calls[1]?.params).toMatchObject({ Password: REDACTED });
  });

  it('prints policies as formatted JSON, done steps as 0 calls, and the total', () => {
    const text = formatPlan(plan).join('\n');
    expect(text).toMatch(/^✓ admin-group {13}already done · 0 calls$/m);
    expect(text).toMatch(/^◆ root-mfa {16}needs a person · 0 calls \(done in the AWS console; the wizard only reads\)$/m);
    expect(text).toMatch(/^◇ admin-user {14}2 calls$/m);
    expect(text).toContain('    s3:PutBucketPolicy {\n      "Bucket": "b",\n      "Policy": {\n        "Version": "2012-10-17"');
    expect(text).toMatch(/^Total: 4 calls in 3 steps\. Nothing was changed\.$/m);
  });

  it('names the calls compactly per step for the summary screen', () => {
    expect(callNamesByStep(plan)).toEqual([
      { id: 'admin-user', calls: 'iam:CreateUser, iam:CreateLoginProfile' },
      { id: 'admin-mfa', calls: 'iam:EnableMFADevice' },
      { id: 'cloudtrail', calls: 's3:PutBucketPolicy' },
    ]);
  });
});
