/**
 * Keys that race the screen: sent in the same tick as the store opens a prompt, or several in one chunk
 * as a fast typist or a paste delivers them. Each goes through the real store and the App's one
 * KeypressProvider, as in the CLI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Prompt } from '../../../src/engine/state.js';
import type { Question } from '../../../src/steps/types.js';
import { mountApp } from '../app.js';
import { FINDING, MAX_AGE, PASSWORD_POLICY_INDEX, PLAN } from '../fixtures.js';
import { cleanup, KEYS, waitFor, waitForText } from '../render.js';

afterEach(() => cleanup());

const confirm = (): Extract<Prompt, { kind: 'confirm' }> => ({ kind: 'confirm', stepId: 'password-policy', plan: PLAN, dryRun: true });
const questions = (qs: Question[], defaults: Record<string, string>): Extract<Prompt, { kind: 'questions' }> => ({
  kind: 'questions',
  stepId: 'password-policy',
  questions: qs,
  defaults,
});

/** The App on the password-policy step, the runner busy (no prompt), everything drawn. */
async function atWork() {
  const m = mountApp();
  await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'checking', finding: FINDING } });
  await waitForText(m.ui, 'Checking…');
  return m;
}

describe('a key sent the moment a prompt opens', () => {
  it('enter in the same tick as prompt-opened, before React has drawn the screen, applies', async () => {
    const m = await atWork();
    let answer!: Promise<unknown>;
    await m.ui.act(() => {
      answer = m.store.host.prompt(confirm());
      // Inside act React has not drawn the confirm screen yet, so nothing has registered for it.
      expect(m.ui.frame()).not.toContain('Would call');
      m.ui.write(KEYS.enter);
    });
    await expect(answer).resolves.toBe('apply');
  });

  it('enter right after the confirm frame is drawn, before React has run its effects, applies', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(confirm());
    // React renders in a microtask; its passive effects (where Ink's useInput subscribes) come later.
    await Promise.resolve();
    expect(m.ui.frame()).toContain('Would call');
    m.ui.write(KEYS.enter);
    await expect(answer).resolves.toBe('apply');
  });

  it("'9' and enter in one chunk as the question opens: 9 is appended to the prefilled default 0, and enter submits '09'", async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(questions([MAX_AGE], { maxAgeDays: '0' }));
    m.ui.write('9\r');
    await expect(answer).resolves.toEqual({ answers: { maxAgeDays: '09' } });
  });

  it('keys typed while the runner works are dropped, not kept for the next prompt', async () => {
    const m = await atWork();
    m.ui.write('s');
    m.ui.write(KEYS.enter);
    const answer = m.store.host.prompt(confirm());
    await waitForText(m.ui, 'Would call');
    expect(m.store.getState().prompt?.kind).toBe('confirm');
    m.ui.write('d');
    await waitForText(m.ui, 'Would call (full parameters):');
    await m.ui.press('s');
    await expect(answer).resolves.toBe('skip');
  });
});

describe('keys that arrive together', () => {
  it('two enters on the confirm screen apply once; the second is not kept for the next prompt', async () => {
    const m = await atWork();
    const first = m.store.host.prompt(confirm());
    await waitForText(m.ui, 'Would call');
    m.ui.write('\r\r');
    await expect(first).resolves.toBe('apply');
    const second = m.store.host.prompt(confirm());
    await waitForText(m.ui, 'Would call');
    await m.ui.press('s');
    await expect(second).resolves.toBe('skip');
  });

  it('Ctrl-C right after a typed character still interrupts', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(questions([MAX_AGE], { maxAgeDays: '0' }));
    await waitForText(m.ui, '› 0');
    m.ui.write('9\u0003');
    await waitFor(() => m.onInterrupt.mock.calls.length === 1);
    let replied = false;
    void answer.then(() => (replied = true));
    await waitForText(m.ui, '› 09');
    expect(replied).toBe(false);
  });

  it('enter then a name in one chunk: the name goes into the next question', async () => {
    const qs: Question[] = [
      { kind: 'text', id: 'group', prompt: 'Name of the admin group', default: 'Administrators' },
      { kind: 'text', id: 'user', prompt: 'Name of the admin user', default: '' },
    ];
    const m = await atWork();
    const answer = m.store.host.prompt(questions(qs, { group: 'Administrators', user: '' }));
    await waitForText(m.ui, '› Administrators');
    m.ui.write('\rAlice');
    await waitForText(m.ui, '› Alice');
    expect(m.ui.frame()).toContain('✓ Name of the admin group Administrators');
    await m.ui.press(KEYS.enter);
    await expect(answer).resolves.toEqual({ answers: { group: 'Administrators', user: 'Alice' } });
  });

  it('two ↓ in one read move two options', async () => {
    const qs: Question[] = [
      {
        kind: 'choice',
        id: 'expiry',
        prompt: 'When should passwords expire?',
        default: 'never',
        options: [
          { value: 'never', label: 'Never (recommended)' },
          { value: '90', label: 'After 90 days' },
          { value: '365', label: 'After a year' },
        ],
      },
    ];
    const m = await atWork();
    const answer = m.store.host.prompt(questions(qs, { expiry: 'never' }));
    await waitForText(m.ui, '❯ Never (recommended)');
    m.ui.write(KEYS.down + KEYS.down);
    await waitForText(m.ui, '❯ After a year');
    await m.ui.press(KEYS.enter);
    await expect(answer).resolves.toEqual({ answers: { expiry: '365' } });
  });
});

describe('the option list', () => {
  it('with a default that is no option: the first is highlighted, and enter takes it', async () => {
    const qs: Question[] = [
      {
        kind: 'choice',
        id: 'expiry',
        prompt: 'When should passwords expire?',
        default: 'sometimes',
        options: [
          { value: 'never', label: 'Never (recommended)' },
          { value: '90', label: 'After 90 days' },
        ],
      },
    ];
    const m = await atWork();
    const answer = m.store.host.prompt(questions(qs, { expiry: 'sometimes' }));
    await waitForText(m.ui, '❯ Never (recommended)');
    expect(m.ui.frame()).not.toContain('Choose one of the options.');
    await m.ui.press(KEYS.enter);
    await expect(answer).resolves.toEqual({ answers: { expiry: 'never' } });
  });
});

describe('the text input', () => {
  it('← moves the cursor, and typing inserts there: 0, ←, 1 gives 10', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(questions([MAX_AGE], { maxAgeDays: '0' }));
    await waitForText(m.ui, '› 0');
    await m.ui.press('\u001b[D', '1');
    await waitForText(m.ui, '› 10');
    await m.ui.press('\u001b[C', KEYS.backspace, '5');
    await waitForText(m.ui, '› 15');
    await m.ui.press(KEYS.enter);
    await expect(answer).resolves.toEqual({ answers: { maxAgeDays: '15' } });
  });
});

describe('a terminal too small', () => {
  it('drops the keys pressed meanwhile instead of replaying them when it grows', async () => {
    const m = await atWork();
    const answer = m.store.host.prompt(confirm());
    await waitForText(m.ui, 'Would call');
    await m.ui.resize(40, 24);
    await waitForText(m.ui, 'needs a terminal');
    m.ui.write(KEYS.enter);
    await m.ui.resize(80, 24);
    await waitForText(m.ui, 'Would call');
    await m.ui.press('s');
    await expect(answer).resolves.toBe('skip');
  });
});
