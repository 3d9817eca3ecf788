/** The dry run's summary screen ends on the plan: per step the calls by name, and their total. */
import { afterEach, describe, expect, it } from 'vitest';
import { lines, mountApp } from './app.js';
import { state, STEPS } from './fixtures.js';
import { cleanup, waitForText } from './render.js';

afterEach(() => cleanup());

const call = (service: string, operation: string) => ({ service, operation, params: {} });

describe('the summary after a dry run', () => {
  it('lists per step the calls that would be made, and the total', async () => {
    const m = mountApp(state({ dryRun: true }));
    await m.ui.act(() => {
      m.store.dispatch({ type: 'step-updated', id: 'admin-group', patch: { status: 'previewed', note: 'would make 2 calls', plan: [call('iam', 'CreateGroup'), call('iam', 'AttachGroupPolicy')] } });
      m.store.dispatch({ type: 'step-updated', id: 'password-policy', patch: { status: 'done', note: 'meets CIS' } });
      m.store.dispatch({ type: 'step-updated', id: 'kms-key', patch: { status: 'previewed', note: 'would make 1 call', plan: [call('kms', 'CreateKey')] } });
      m.store.dispatch({ type: 'finished', outcome: 'previewed' });
    });
    await waitForText(m.ui, 'Dry run complete: nothing was changed.');
    const frame = m.ui.frame();
    expect(frame).toContain('│ Would make 3 calls in all (aws-harden plan prints their parameters) ');
    expect(frame).toMatch(/│ {3}admin-group {2}iam:CreateGroup, iam:AttachGroupPolicy +│/);
    expect(frame).toMatch(/│ {3}kms-key {6}kms:CreateKey +│/);
    expect(frame).not.toMatch(/│ {3}password-policy/);
  });

  it('shows no plan after a real run', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.ui.act(() => m.store.dispatch({ type: 'finished', outcome: 'hardened' }));
    await waitForText(m.ui, 'All steps done and verified.');
    expect(m.ui.frame()).not.toContain('Would make');
  });
});

describe('the dry-run summary on a small terminal', () => {
  it('shows as many steps as fit and says how many more there are', async () => {
    const m = mountApp(state({ dryRun: true }), { columns: 80, rows: 20 });
    // Eight steps previewed, more than a 20-row terminal has room for.
    const ids = STEPS.slice(0, 8).map((s) => s.id);
    await m.ui.act(() => {
      for (const id of ids) m.store.dispatch({ type: 'step-updated', id, patch: { status: 'previewed', plan: [call('iam', `Do${id.replace(/-/g, '')}`)] } });
      m.store.dispatch({ type: 'finished', outcome: 'previewed' });
    });
    await waitForText(m.ui, 'Would make 8 calls in all');
    expect(m.ui.frame()).toMatch(/… and \d more steps \(a taller terminal shows them\)/);
  });
});

describe('the dry-run summary of every step at 80×24', () => {
  it('fits: the previewed steps share a paragraph, every step is named, and the plan shows as many steps as fit and counts the rest', async () => {
    const m = mountApp(state({ dryRun: true }), { columns: 80, rows: 24 });
    // Every fourth step already done, the others previewed with one call each.
    const done = STEPS.filter((_s, i) => i % 4 === 0);
    const previewed = STEPS.filter((_s, i) => i % 4 !== 0);
    await m.ui.act(() => {
      for (const s of done) m.store.dispatch({ type: 'step-updated', id: s.id, patch: { status: 'done', note: 'already in place' } });
      for (const s of previewed) m.store.dispatch({ type: 'step-updated', id: s.id, patch: { status: 'previewed', note: 'would make 1 call', plan: [call('iam', `Do${s.id.replace(/-/g, '')}`)] } });
      m.store.dispatch({ type: 'finished', outcome: 'previewed' });
    });
    await waitForText(m.ui, `Would make ${previewed.length} calls in all`);
    const frame = m.ui.frame();
    const rows = lines(frame);
    expect(rows.length).toBeLessThan(24);
    expect(Math.max(...rows.map((l) => l.length))).toBeLessThanOrEqual(80);
    const body = rows.map((l) => /^│ (.*?) *│$/.exec(l)?.[1] ?? '');
    // The previewed steps in one paragraph, in order; each done step on its line.
    const from = body.findIndex((l) => l.startsWith(`◇ ${previewed.length} previewed: `));
    const paragraph = body.slice(
      from,
      body.findIndex((l, i) => i > from && !l.startsWith('  ')),
    );
    expect(
      paragraph
        .join(' ')
        .replace(/^◇ \d+ previewed: /, '')
        .split(/, +/),
    ).toEqual(previewed.map((s) => s.title));
    for (const s of done) expect(body.filter((l) => l.startsWith(`✓ ${s.title} `))).toHaveLength(1);
    // The plan: a line per step while they fit, then how many more.
    const planned = body.filter((l) => /^ {2}[a-z0-9-]+ +iam:Do/.test(l));
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.map((l) => l.trim().split(/ +/)[0])).toEqual(previewed.slice(0, planned.length).map((s) => s.id));
    expect(frame).toContain(`… and ${previewed.length - planned.length} more steps (a taller terminal shows them)`);
  });
});
