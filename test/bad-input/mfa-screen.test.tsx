/**
 * The MFA screen with the clock refusal: the whole message is on screen at 80×24 (the smallest size
 * the wizard is made for), beside the code inputs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/engine/state.js';
import { checkMfaCodes } from '../../src/steps/mfa-codes.js';
import { totp } from '../helpers/totp.js';
import { mountApp } from '../ui/app.js';
import { FINDING, PASSWORD_POLICY_INDEX } from '../ui/fixtures.js';
import { cleanup, waitForText } from '../ui/render.js';

afterEach(() => cleanup());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/AWS%3Aadmin%40123456789012?secret=${SECRET}&issuer=AWS`;

/** The panel's lines (right of the step list), joined into one line of words. */
function panelText(frame: string): string {
  return frame
    .split('\n')
    .map((l) => /││ (.*?) *│$/.exec(l)?.[1] ?? '')
    .join(' ')
    .replace(/\s+/g, ' ');
}

describe('the MFA screen and a computer clock that is off', () => {
  it('shows the whole refusal at 80×24, with the command that fixes the clock', async () => {
    const now = Date.now() / 1000;
    const error = checkMfaCodes(SECRET, totp(SECRET, now - 30), totp(SECRET, now), now, -600);
    expect(error).toMatch(/^This computer's clock is 10 minutes ahead of AWS's, and these codes follow it/);
    const m = mountApp(undefined, { columns: 80, rows: 24 });
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'applying', finding: FINDING } });
    const prompt: Extract<Prompt, { kind: 'mfa' }> = { kind: 'mfa', stepId: 'password-policy', uri: URI, secret: SECRET, label: 'admin@123456789012', error };
    void m.store.host.prompt(prompt);
    await waitForText(m.ui, 'Next code');
    const frame = m.ui.frame();
    // Words joined back across wrapped lines: the panel's column only (the step list beside it fills every row).
    const text = panelText(frame);
    for (const words of ['10 minutes ahead of', 'sudo timedatectl set-ntp true', 'then type two fresh codes.']) expect(text).toContain(words);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
  });
});

describe('the MFA screen at 80×24 without room for the QR code', () => {
  it('uses the panel’s width: the longest refusal and the account line are whole, and no wrapped line starts with a space', async () => {
    const now = Date.now() / 1000;
    // The longest refusal: codes that match neither clock, with the clock note added.
    const error = checkMfaCodes(SECRET, '111111', '222222', now, -600);
    expect(error).toMatch(/Also: this computer's clock/);
    const m = mountApp(undefined, { columns: 80, rows: 24 });
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'applying', finding: FINDING } });
    void m.store.host.prompt({ kind: 'mfa', stepId: 'password-policy', uri: URI, secret: SECRET, label: 'admin@123456789012', error });
    await waitForText(m.ui, 'Next code');
    const frame = m.ui.frame();
    const panel = frame.split('\n').map((l) => /││ (.*?) *│$/.exec(l)?.[1] ?? '');
    const text = panel.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(error!.replace(/\s+/g, ' '));
    expect(text, frame).toContain('(the account: admin@123456789012)');
    expect(text).toContain('2. Press t for the secret, and add an account by typing it.');
    for (const line of panel) expect(line, line).not.toMatch(/^ \S/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    // The secret as text, asked for with t: under the steps, whole, with the refusal still on screen.
    m.ui.write('t');
    await waitForText(m.ui, 'Secret:');
    const shown = panelText(m.ui.frame());
    expect(shown).toContain(SECRET.match(/.{4}/g)!.join(' '));
    expect(shown).toContain("Also: this computer's clock is 10 minutes ahead of AWS's.");
  });
});
