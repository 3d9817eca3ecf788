import { describe, expect, it, vi } from 'vitest';
import { createWizardStore } from '../../src/hosts/ink-store.js';
import { CHECKS, PLAN, state } from '../ui/fixtures.js';

describe('wizard store', () => {
  it('opens a prompt, and the reply closes it and resolves the runner with the answer', async () => {
    const store = createWizardStore(state());
    const answer = store.host.prompt({ kind: 'confirm', stepId: 'password-policy', plan: PLAN, dryRun: true });
    expect(store.getState().prompt).toEqual({ kind: 'confirm', stepId: 'password-policy', plan: PLAN, dryRun: true });

    expect(store.reply('confirm', 'skip')).toBe(true);
    expect(store.getState().prompt).toBeUndefined();
    await expect(answer).resolves.toBe('skip');
  });

  it('ignores a reply meant for another prompt, or when nothing is asked', async () => {
    const store = createWizardStore(state());
    expect(store.reply('start', 'start')).toBe(false);

    const answer = store.host.prompt({ kind: 'start', checks: CHECKS });
    expect(store.reply('failure', 'retry')).toBe(false);
    expect(store.getState().prompt?.kind).toBe('start');

    expect(store.reply('start', 'quit')).toBe(true);
    await expect(answer).resolves.toBe('quit');
    expect(store.reply('start', 'start')).toBe(false);
  });

  it('refuses a second prompt while one is open', async () => {
    const store = createWizardStore(state());
    void store.host.prompt({ kind: 'start', checks: [] });
    await expect(store.host.prompt({ kind: 'failure', stepId: 'budget', error: { message: 'x' } })).rejects.toThrow(/still open/);
  });

  it('applies dispatched events with the reducer and tells subscribers', () => {
    const store = createWizardStore(state());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);

    store.host.dispatch({ type: 'step-entered', index: 2 });
    store.dispatch({ type: 'step-updated', id: 'admin-user', patch: { status: 'applying' } });

    expect(store.getState().phase).toEqual({ name: 'running', index: 2 });
    expect(store.getState().steps[2]?.status).toBe('applying');
    expect(listener).toHaveBeenCalledTimes(2);

    unsubscribe();
    store.dispatch({ type: 'details-toggled' });
    expect(listener).toHaveBeenCalledTimes(2);
    expect(store.getState().showDetails).toBe(true);
  });

  it('says when the current state has been drawn', async () => {
    const store = createWizardStore(state());
    let drawn = false;
    const waiting = store.whenRendered().then(() => {
      drawn = true;
    });
    const before = store.getState();
    store.dispatch({ type: 'finished', outcome: 'hardened' });
    store.rendered(before); // an older state: not yet
    await Promise.resolve();
    expect(drawn).toBe(false);

    store.rendered(store.getState());
    await waiting;
    expect(drawn).toBe(true);
  });
});

describe('a prompt the runner withdraws', () => {
  it('leaves the store free for the next prompt, and a late key cannot answer it', async () => {
    const store = createWizardStore(state());
    void store.host.prompt({ kind: 'wait', stepId: 'root-mfa', title: 't', instructions: [], startedAt: 0, canSimulate: false });
    store.host.dispatch({ type: 'prompt-closed' });
    expect(store.getState().prompt).toBeUndefined();
    expect(store.reply('wait', 'skip')).toBe(false);
    const next = store.host.prompt({ kind: 'failure', stepId: 'root-mfa', error: { message: 'm' } });
    expect(store.reply('failure', 'retry')).toBe(true);
    await expect(next).resolves.toBe('retry');
  });
});
