/**
 * The operator sees a wait for AWS: a step whose calls wait for something it just made (the strict
 * sandbox delays new groups as IAM does) prints a progress line in --yes output and shows it on the
 * step's busy line, then finishes as done, never with "the group does not exist".
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/journal.js';
import { adminGroupStep } from '../../src/steps/admin-group.js';
import { emulatorContext } from '../helpers/aws.js';
import { runHeadless } from '../helpers/headless.js';
import { useEmulator } from '../helpers/emulator.js';
import { mountApp } from '../ui/app.js';
import { PASSWORD_POLICY_INDEX } from '../ui/fixtures.js';
import { waitForText } from '../ui/render.js';

const em = useEmulator({ accountId: '210000000032' });

describe('propagation waits, as the operator sees them', () => {
  it('--yes prints what it waits for; the step ends done and the busy line is cleared', async () => {
    const ctx = await emulatorContext(em);
    const journal = Journal.open(ctx.identity.account, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'runner-prop-')) }, writable: true });
    const { result, lines, state } = await runHeadless(ctx, [adminGroupStep], journal, { dryRun: false, presets: {}, headless: true });
    expect(result).toEqual({ outcome: 'hardened' });
    const waiting = lines.filter((l) => l.startsWith('… admin-group'));
    expect(waiting[0]).toMatch(/Waiting for AWS to show the new group "Administrators" \(iam:\w+ answered NoSuchEntity/);
    expect(lines.join('\n')).not.toMatch(/does not exist|cannot be found/);
    expect(lines.at(-2)).toMatch(/^✓ admin-group\s+done/);
    expect(state.steps.map((s) => s.progress)).toEqual([undefined]);
  });

  it('the Ink busy line shows the wait instead of "Applying…", and goes back when it is over', async () => {
    const m = mountApp();
    const text = 'Waiting for AWS to show the new group "G"';
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'applying', progress: text } });
    await waitForText(m.ui, text);
    expect(m.ui.frame()).not.toContain('Applying…');
    m.store.dispatch({ type: 'step-updated', id: 'password-policy', patch: { progress: undefined } });
    await waitForText(m.ui, 'Applying…');
  });
});
