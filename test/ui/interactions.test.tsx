/**
 * The screens a step opens while it applies: waiting on the console, enrolling MFA, showing a secret
 * once. Driven through the real store and App, as in the CLI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/engine/state.js';
import { lines, mountApp } from './app.js';
import { FINDING, PASSWORD_POLICY_INDEX } from './fixtures.js';
import { cleanup, KEYS, waitForText } from './render.js';
import { readQrFromScreen } from '../helpers/qr.js';

afterEach(() => cleanup());

async function atWork(size = { columns: 120, rows: 40 }) {
  const m = mountApp(undefined, size);
  await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'applying', finding: FINDING } });
  return m;
}

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/AWS%3Aadmin%40123456789012?secret=${SECRET}&issuer=AWS`;
const mfa = (error?: string): Extract<Prompt, { kind: 'mfa' }> => ({ kind: 'mfa', stepId: 'password-policy', uri: URI, secret: SECRET, label: 'admin@123456789012', ...(error ? { error } : {}) });

describe('the reveal screen', () => {
  const reveal: Extract<Prompt, { kind: 'reveal' }> = {
    kind: 'reveal',
    stepId: 'password-policy',
    title: 'The console password of "admin"',
    label: 'Sign in at https://x as admin',
    secret: 'S3cr3t-Pa55w0rd!x',
    note: 'Also in the keychain.',
  };

  it('keeps the secret hidden until p, and continuing takes it off the screen', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(reveal);
    await waitForText(m.ui, 'Press p to show it');
    expect(m.ui.frame()).not.toContain(reveal.secret);
    m.ui.write('p');
    await waitForText(m.ui, reveal.secret);
    expect(m.ui.frame()).toContain('enter continue (it leaves the screen)');
    m.ui.write(KEYS.enter);
    await expect(answer).resolves.toBe('done');
    m.store.dispatch({ type: 'step-updated', id: 'password-policy', patch: { status: 'verifying' } });
    await waitForText(m.ui, 'verify');
    expect(m.ui.frame()).not.toContain(reveal.secret);
  });
});

describe('the MFA screen', () => {
  it('draws a QR code that decodes to the URI, and offers the secret as text on t', async () => {
    const m = await atWork();
    void m.store.host.prompt(mfa());
    await waitForText(m.ui, 'Type two codes in a row');
    expect(readQrFromScreen(m.ui.frame())).toBe(URI);
    expect(m.ui.frame()).not.toContain('JBSW Y3DP');
    m.ui.write('t');
    await waitForText(m.ui, 'JBSW Y3DP EHPK 3PXP');
    // Broken between groups into lines that all start where "Secret:" does: none starts with a space, none is cut.
    const rows = m.ui.frame().split('\n');
    const label = rows.findIndex((l) => l.includes('Secret:'));
    const column = rows[label]?.indexOf('Secret:') ?? -1;
    const secretRows = rows.slice(label + 1).filter((l) => /^[A-Z2-7]{4}/.test(l.slice(column)));
    expect(secretRows.length).toBeGreaterThan(1);
    expect(secretRows.map((l) => /^[A-Z2-7 ]*[A-Z2-7]/.exec(l.slice(column))?.[0]).join(' ')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });

  it('validates codes as they are typed and submits two', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(mfa());
    await waitForText(m.ui, 'First code');
    m.ui.write('12a');
    await waitForText(m.ui, 'digits only');
    m.ui.write('\u007f\u007f34567');
    // Six digits is only the right shape: whether the code matches is checked on enter, so no ✓.
    await waitForText(m.ui, '6/6 digits');
    expect(
      m.ui
        .frame()
        .split('\n')
        .find((l) => l.includes('›')),
    ).not.toContain('✓');
    m.ui.write(KEYS.enter);
    m.ui.write('765432');
    m.ui.write(KEYS.enter);
    await expect(answer).resolves.toEqual({ code1: '134567', code2: '765432' });
  });

  it('refuses enter on a short code, and shows why the last codes were refused', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(mfa('You typed the same code twice.'));
    await waitForText(m.ui, 'You typed the same code twice.');
    m.ui.write('123');
    m.ui.write(KEYS.enter);
    await waitForText(m.ui, '3/6 digits');
    // The message was about the codes typed before; once new ones are typed it goes.
    expect(m.ui.frame()).not.toContain('You typed the same code twice.');
    m.ui.write(KEYS.escape);
    await expect(answer).resolves.toBe('skip');
  });

  it('when the QR code does not fit, names the size it needs, which is exactly where it starts to fit', async () => {
    const m = await atWork({ columns: 80, rows: 24 });
    void m.store.host.prompt(mfa());
    await waitForText(m.ui, 'No room for the QR code (it needs');
    const [, columns, rows] = /it needs (\d+)×(\d+)/.exec(m.ui.frame()) ?? [];
    // (wrapped: "… this is" / "80×24): …")
    expect(m.ui.frame()).toMatch(/this is\s*│[\s\S]*│ 80×24\): enlarge the terminal/);
    // No QR on screen, so the instructions do not say to scan one.
    expect(m.ui.frame()).not.toContain('Scan the QR code');
    expect(m.ui.frame()).toContain('Press t for the secret');
    m.ui.write('t');
    await waitForText(m.ui, 'JBSW Y3DP');
    m.ui.write('t');

    await m.ui.resize(Number(columns) - 1, Number(rows));
    await waitForText(m.ui, 'No room for the QR code');
    await m.ui.resize(Number(columns), Number(rows) - 1);
    await waitForText(m.ui, 'No room for the QR code');
    await m.ui.resize(Number(columns), Number(rows));
    await waitForText(m.ui, 'Scan the QR code on the left.');
    expect(readQrFromScreen(m.ui.frame())).toBe(URI);
  });
});

describe('the wait screen', () => {
  it('lists what to do, counts the time, and offers the sandbox shortcut only when there is one', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt({
      kind: 'wait',
      stepId: 'password-policy',
      title: 'Add an MFA device',
      instructions: ['Sign in', 'Click'],
      link: 'https://console',
      startedAt: Date.now(),
      canSimulate: true,
    });
    await waitForText(m.ui, 'Watching AWS for the change · 0:0');
    expect(m.ui.frame()).toMatch(/1\. Sign in[\s\S]*2\. Click/);
    expect(m.ui.frame()).toContain('m do it for me (sandbox)');
    m.ui.write('m');
    await expect(answer).resolves.toBe('simulate');
  });

  it('wraps each instruction under its own text, and says what it watches and what m does when the step says so', async () => {
    const m = await atWork();
    const command = 'aws sts get-caller-identity --profile admin-123456789012';
    void m.store.host.prompt({
      kind: 'wait',
      stepId: 'mfa-guard',
      title: 'Show that an MFA session of "admin" works',
      instructions: [`In another terminal (one with the AWS CLI and this keychain), run: ${command}`, 'Type the code your authenticator app shows for "admin" when it asks.'],
      startedAt: Date.now(),
      canSimulate: true,
      watching: 'Watching for an MFA session of "admin" that AWS accepts',
      simulates: 'Sandbox: m makes that session for you.',
    });
    await waitForText(m.ui, 'Watching for an MFA session of "admin" that AWS accepts · 0:0');
    const body = lines(m.ui.frame())
      .filter((l) => l.includes('││'))
      .map((l) => l.slice(l.indexOf('││') + 3, -2).trimEnd());
    const first = body.findIndex((l) => l.startsWith('1. '));
    const second = body.findIndex((l) => l.startsWith('2. '));
    expect(second).toBeGreaterThan(first + 1);
    // Continuation lines hang under the text, not under the number; the command is broken only between words.
    for (const l of body.slice(first + 1, second)) expect(l).toMatch(/^ {3}\S/);
    expect(
      body
        .slice(first, second)
        .map((l) => l.trim())
        .join(' '),
    ).toContain(command);
    expect(m.ui.frame()).toContain('Sandbox: m makes that session for you.');
    expect(m.ui.frame()).not.toContain('there is no console here');
  });

  it('without a sandbox, m does nothing and s skips', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt({ kind: 'wait', stepId: 'password-policy', title: 'Add an MFA device', instructions: ['Sign in'], startedAt: Date.now(), canSimulate: false });
    await waitForText(m.ui, 'Watching AWS');
    expect(m.ui.frame()).not.toContain('do it for me');
    m.ui.write('m');
    m.ui.write('s');
    await expect(answer).resolves.toBe('skip');
  });
});
