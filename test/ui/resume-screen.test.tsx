/**
 * The resume screen when AWS changed between runs: per step what the journal says, and where AWS now
 * shows otherwise, that too; the step list shows the journal's marks (≠ where AWS disagrees).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditCheck, ResumeInfo } from '../../src/engine/state.js';
import type { StepId } from '../../src/steps/types.js';
import { lines, mountApp } from './app.js';
import { STEPS, state, stepOf } from './fixtures.js';
import { cleanup, waitForText } from './render.js';

afterEach(() => cleanup());

// Local times, so the expected clock reads the same in any time zone.
const at = (h: number, m: number) => new Date(2026, 10, 23, h, m).toISOString();

const check = (id: StepId, status: AuditCheck['status'], detail: string): AuditCheck => ({ ...stepOf(id), status, detail });

/** The earlier run made the group and the user; since then someone deleted the user. */
const CHECKS: AuditCheck[] = [
  check('root-mfa', 'fail', 'The root user has no MFA device.'),
  check('admin-group', 'pass', 'Group "Administrators" has AdministratorAccess.'),
  check('admin-user', 'fail', 'No user "admin" yet.'),
];
const RESUME: ResumeInfo = {
  lastRun: at(14, 5),
  steps: [
    { id: 'root-mfa', title: stepOf('root-mfa').title, status: 'skipped', at: at(14, 1), now: { status: 'fail', detail: 'The root user has no MFA device.' } },
    { id: 'admin-group', title: stepOf('admin-group').title, status: 'done', at: at(14, 2), now: { status: 'pass', detail: 'Group "Administrators" has AdministratorAccess.' } },
    { id: 'admin-user', title: stepOf('admin-user').title, status: 'done', at: at(14, 3), now: { status: 'fail', detail: 'No user "admin" yet.' } },
  ],
};

describe('the resume screen after AWS changed', () => {
  it('says where AWS now disagrees with the journal, and the step list shows the journal', async () => {
    const m = mountApp(state({ dryRun: false }), { columns: 100, rows: 30 });
    await m.ask({ kind: 'start', checks: CHECKS, resume: RESUME });
    await waitForText(m.ui, 'Press enter to resume');
    const frame = m.ui.frame();
    expect(frame).toContain('≠ Journal and AWS disagree on 1 step; AWS counts.');
    expect(frame).toMatch(/│ ✓ Admin user — done 14:03 · ≠ AWS now: not done +│/);
    // Where they agree, the journal's line alone.
    expect(frame).toMatch(/│ ✓ Admin group — done 14:02 +│/);
    expect(frame).toMatch(/│ – Root MFA — skipped 14:01 +│/);
    const list = lines(frame).map((l) => l.slice(0, 22));
    expect(list.slice(2, 7)).toEqual(['│ ● Preflight        │', '│ – Root MFA         │', '│ ✓ Admin group      │', '│ ≠ Admin user       │', '│ ○ Admin MFA        │']);
  });

  it('at 80×24 with every step in the journal: the steps AWS disagrees on are shown, the rest counted', async () => {
    const m = mountApp(state({ dryRun: true }), { columns: 80, rows: 24 });
    const late = new Set(['cloudtrail', 'root-access-keys']);
    const resume: ResumeInfo = {
      lastRun: at(14, 5),
      steps: STEPS.map((s) => ({ id: s.id, title: s.title, status: 'done' as const, at: at(14, 2), now: { status: late.has(s.id) ? ('fail' as const) : ('pass' as const), detail: '' } })),
    };
    const checks = STEPS.map((s) => check(s.id, late.has(s.id) ? 'fail' : 'pass', late.has(s.id) ? 'not in place' : 'in place'));
    await m.ask({ kind: 'start', checks, resume });
    await waitForText(m.ui, 'Press enter to resume');
    const frame = m.ui.frame();
    const rows = lines(frame);
    expect(rows.length).toBeLessThan(24);
    expect(Math.max(...rows.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(frame).toContain('≠ Journal and AWS disagree on 2 steps; AWS counts.');
    expect(frame).toMatch(/│ ✓ CloudTrail — done 14:02 · ≠ AWS now: not done +│/);
    expect(frame).toMatch(/│ ✓ Root access keys — done 14:02 · ≠ AWS now: not done +│/);
    expect(frame).toMatch(/… and \d+ more as the journal says/);
    expect(frame).toContain('│ ≠ CloudTrail ');
    // The Security status, short of room, shows what does not pass first.
    expect(frame).toMatch(/│ ✗ CloudTrail +not in place +│/);
    expect(frame).toMatch(/│ ✗ Root access keys +not in place +│/);
    expect(frame).toMatch(/… and \d+ more, all passing +│/);
    expect(frame).toContain('│ ✓ Admin group ');
  });
});
