/**
 * The terminal shrinks below the minimum in the middle of a run: the message says what has been applied
 * and what is going on, q quits from a question as it does on the screens, and the frame comes back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mountApp } from './app.js';
import { state } from './fixtures.js';
import { cleanup, KEYS, waitForText } from './render.js';

afterEach(() => cleanup());

const ADMIN_MFA = 3;
/** Root MFA was found in place; the admin group and user were applied by this run. */
const SO_FAR = {
  'root-mfa': { status: 'done' as const, note: 'already in place' },
  'admin-group': { status: 'done' as const, applied: true },
  'admin-user': { status: 'done' as const, applied: true },
};

const text = (frame: string) => frame.replace(/\s+/g, ' ');

describe('the terminal shrinks below the minimum mid-run', () => {
  it('says which steps were applied and that nothing is in progress; q quits the open question', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.enter(ADMIN_MFA, SO_FAR);
    const answer = await m.ask({ kind: 'confirm', stepId: 'admin-mfa', plan: [], dryRun: false });
    await m.ui.resize(44, 20);
    await waitForText(m.ui, 'needs a terminal');
    const shown = text(m.ui.frame());
    expect(shown).toContain('(this one is 44×20); the wizard comes back when it is larger.');
    expect(shown).toContain('2 steps applied and verified so far: Admin group and Admin user.');
    expect(shown).toContain('Nothing is in progress: the wizard waits for you (Admin MFA).');
    expect(shown).toContain('q quit (resume later)');
    expect(shown).not.toContain('nothing has changed');
    // enter does not apply a plan the operator cannot see; q quits, as on the screen itself.
    await m.ui.press(KEYS.enter);
    expect(answer.replied()).toBe(false);
    await m.ui.press('q');
    await expect(answer.promise).resolves.toBe('quit');
  });

  it('while a step is being applied: says so, and that Ctrl-C stops; the frame comes back when it grows', async () => {
    const m = mountApp(state({ dryRun: false, sandbox: true }));
    await m.enter(ADMIN_MFA, { ...SO_FAR, 'admin-mfa': { status: 'applying', applied: true } });
    await m.ui.resize(80, 12);
    await waitForText(m.ui, 'needs a terminal');
    const shown = text(m.ui.frame());
    expect(shown).toContain('2 steps applied and verified so far: Admin group and Admin user.');
    expect(shown).toContain('In progress: applying Admin MFA; it carries on.');
    expect(shown).toContain('ctrl-c stop');
    await m.ui.press(KEYS.ctrlC);
    expect(m.onInterrupt).toHaveBeenCalledTimes(1);
    await m.ui.resize(80, 24);
    await waitForText(m.ui, '┌ Admin MFA');
    expect(m.ui.frame()).not.toContain('needs a terminal');
  });

  it('in a dry run: nothing has been changed', async () => {
    const m = mountApp(state({ dryRun: true }));
    await m.enter(ADMIN_MFA, { 'admin-group': { status: 'previewed' } });
    await m.ask({ kind: 'confirm', stepId: 'admin-mfa', plan: [], dryRun: true });
    await m.ui.resize(40, 24);
    await waitForText(m.ui, 'needs a terminal');
    expect(text(m.ui.frame())).toContain('Dry run: nothing has been changed. Nothing is in progress');
  });
});
