/**
 * The start screen at the smallest supported full size (80×24): who, where and the journal, wrapped
 * rather than cut, with every check still on screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditCheck } from '../../src/engine/state.js';
import { lines, mountApp } from './app.js';
import { STEPS, state } from './fixtures.js';
import { cleanup, waitForText } from './render.js';

afterEach(() => cleanup());

const CHECKS: AuditCheck[] = STEPS.map((s) => ({ id: s.id, title: s.title, why: s.why, status: 'fail', detail: `${s.title} is not set up yet.` }));

/** The panel's text, its lines joined with spaces: what a wrapped sentence reads as. */
function panelText(frame: string): string {
  return lines(frame)
    .map((l) => /││ (.*?) *│$/.exec(l)?.[1] ?? '')
    .join(' ')
    .replace(/ +/g, ' ');
}

describe('the start screen at 80×24', () => {
  it('a check whose detail must be shortened loses its link whole, never half of it', async () => {
    const m = mountApp(state({ dryRun: true }), { columns: 80, rows: 24 });
    const checks = CHECKS.map((c) => (c.id === 'admin-user' ? { ...c, detail: 'Not made yet; signs in at https://123456789012.signin.aws.amazon.com/console.' } : c));
    await m.ask({ kind: 'start', checks });
    await waitForText(m.ui, 'Press enter to begin.');
    expect(m.ui.frame()).toMatch(/│ ✗ Admin user +Not made yet; signs in at … +│/);
    expect(m.ui.frame()).not.toContain('https://');
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
    expect(rows.filter((l) => /││ ✗ /.test(l))).toHaveLength(STEPS.length);
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
    for (const s of STEPS) expect(m.ui.frame()).toContain(s.title);
    expect(lines(m.ui.frame()).length).toBeLessThanOrEqual(24);
  });
});
