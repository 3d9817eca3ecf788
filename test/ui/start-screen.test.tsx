/**
 * The start screen at the smallest supported full size (80×24): who, where and the journal, wrapped
 * rather than cut, with every check still on screen (by its title when the details do not fit).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditCheck } from '../../src/engine/state.js';
import { lines, mountApp } from './app.js';
import { STEPS, state } from './fixtures.js';
import { checkLines, panelText, shownChecks } from './checks-shown.js';
import { cleanup, waitForText } from './render.js';

afterEach(() => cleanup());

const CHECKS: AuditCheck[] = STEPS.map((s) => ({ id: s.id, title: s.title, why: s.why, status: 'fail', detail: `${s.title} is not set up yet.` }));

/** Two steps more than the wizard has today (the baseline is still growing): the screen must not depend on the count. */
const MORE_CHECKS: AuditCheck[] = [
  ...CHECKS,
  { id: 'trail-bucket-logging', title: 'Trail bucket logs', why: '', status: 'fail', detail: 'Not set up yet.' },
  { id: 'trail-alarms', title: 'Trail alarms', why: '', status: 'unknown', detail: 'Not allowed to read alarms.' },
];

describe('the start screen at 80×24', () => {
  it('a check whose detail must be shortened loses its link whole, never half of it', async () => {
    const m = mountApp(state({ dryRun: true }), { columns: 80, rows: 24 });
    // One check needs work: it keeps its line and detail; the passing ones share a paragraph.
    const checks = CHECKS.map((c) => (c.id === 'admin-user' ? { ...c, detail: 'Not made yet; signs in at https://123456789012.signin.aws.amazon.com/console.' } : { ...c, status: 'pass' as const }));
    await m.ask({ kind: 'start', checks });
    await waitForText(m.ui, 'Press enter to begin.');
    expect(m.ui.frame()).toMatch(/│ ✗ Admin user +Not made yet; signs in at … +│/);
    expect(m.ui.frame()).not.toContain('https://');
    expect(m.ui.frame()).toContain(`│ ✓ ${CHECKS.length - 1} already in place: Root MFA, Admin group,`);
    expect(shownChecks(m.ui.frame())).toEqual(checks.map((c) => `${c.status === 'pass' ? '✓' : '✗'} ${c.title}`).sort((a, b) => (a.startsWith('✗') ? -1 : b.startsWith('✗') ? 1 : 0)));
  });

  it.each([
    ["the sandbox's fresh account", 'root'],
    ['default: no --region, AWS_REGION, AWS_DEFAULT_REGION or profile region', 'root'],
    ['the profile "prod-admin"', 'user'],
  ])('region from %s (%s): the region and its source in full, every check shown, nothing wider or taller', async (regionSource, who) => {
    const header = who === 'root' ? { regionSource } : { regionSource, isRoot: false, arn: 'arn:aws:iam::123456789012:user/ops/alice' };
    const m = mountApp(state({ dryRun: true, ...header }), { columns: 80, rows: 24 });
    await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Press enter to begin.');
    const frame = m.ui.frame();
    expect(panelText(frame)).toContain(`us-east-1 (${regionSource.startsWith('default') ? '' : 'from '}${regionSource})`);
    expect(frame).not.toMatch(/us-east-1 \([^│]*…/);
    const rows = lines(frame);
    expect(rows.length).toBeLessThan(24);
    expect(Math.max(...rows.map((l) => l.length))).toBeLessThanOrEqual(80);
    // Every check by its title (the details give way, and the heading says where they are), none cut.
    expect(shownChecks(frame)).toEqual(CHECKS.map((c) => `✗ ${c.title}`));
    expect(checkLines(frame).join('\n')).not.toContain('…');
    expect(frame).toContain('Security status · details: aws-harden audit');
    expect(frame).not.toContain('more (`aws-harden audit`');
    expect(panelText(frame)).toContain('Dry run: nothing will be changed; each step shows the calls it would make. Press enter to begin.');
  });
});

describe('the start screen says how the run was started', () => {
  const credentials = {
    label: 'console sign-in session (aws login, profile "root-login")',
    meaning: 'Short-lived root credentials from your console sign-in: no root access keys were needed, and the root-access-keys step confirms none exist.',
  };

  it('with room: how, and what it means for the steps, in full', async () => {
    const m = mountApp(state({ dryRun: true, credentials }), { columns: 120, rows: 40 });
    await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Security status');
    const text = panelText(m.ui.frame());
    expect(text).toContain(`Via ${credentials.label}. ${credentials.meaning}`);
  });

  it('at 80×24: how, never cut, and every check still shown', async () => {
    const m = mountApp(state({ dryRun: true, credentials }), { columns: 80, rows: 24 });
    await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Security status');
    const text = panelText(m.ui.frame());
    expect(text).toContain(`Via ${credentials.label}`);
    expect(shownChecks(m.ui.frame())).toEqual(CHECKS.map((c) => `✗ ${c.title}`));
    expect(lines(m.ui.frame()).length).toBeLessThan(24);
  });

  it.each([
    ['80×24', 80, 24],
    ['100×30', 100, 30],
    ['60×24 (the step list on one line)', 60, 24],
  ])('at %s with two checks more than today: how the run was started, and every check, none cut', async (_size, columns, rows) => {
    const m = mountApp(state({ dryRun: true, credentials }), { columns, rows });
    await m.ask({ kind: 'start', checks: MORE_CHECKS });
    await waitForText(m.ui, 'Security status');
    const frame = m.ui.frame();
    expect(panelText(frame)).toContain(`Via ${credentials.label}`);
    const byStatus = (mark: string, status: AuditCheck['status']) => MORE_CHECKS.filter((c) => c.status === status).map((c) => `${mark} ${c.title}`);
    const shown = shownChecks(frame);
    // One a line or in columns (step order), or one paragraph per status (what needs work first).
    expect([MORE_CHECKS.map((c) => `${c.status === 'fail' ? '✗' : '?'} ${c.title}`), [...byStatus('✗', 'fail'), ...byStatus('?', 'unknown')]]).toContainEqual(shown);
    expect(checkLines(frame).join('\n')).not.toContain('…');
    expect(frame).not.toContain('more (`aws-harden audit`');
    expect(lines(frame).length).toBeLessThan(rows);
    expect(Math.max(...lines(frame).map((l) => l.length))).toBeLessThanOrEqual(columns);
  });
});
