import { describe, expect, it } from 'vitest';
import { currentStep, initialState, progress, reduce, type RunHeader } from '../../src/engine/state.js';

const header: RunHeader = { account: '123456789012', arn: 'arn:aws:iam::123456789012:root', isRoot: true, region: 'us-east-1', dryRun: false, sandbox: false, journalPath: '/tmp/j.json' };
const steps = [
  { id: 'password-policy' as const, title: 'Password policy', why: 'w1' },
  { id: 'kms-key' as const, title: 'KMS key', why: 'w2' },
];

describe('reduce', () => {
  it('starts with every step pending and no prompt', () => {
    const s = initialState(header, steps);
    expect(s.steps.map((x) => x.status)).toEqual(['pending', 'pending']);
    expect(s.phase).toEqual({ name: 'starting' });
    expect(s.prompt).toBeUndefined();
  });

  it('enters a step and patches only that step', () => {
    let s = initialState(header, steps);
    s = reduce(s, { type: 'step-entered', index: 1 });
    s = reduce(s, { type: 'step-updated', id: 'kms-key', patch: { status: 'applying' } });
    expect(currentStep(s)?.id).toBe('kms-key');
    expect(s.steps[0]?.status).toBe('pending');
    expect(s.steps[1]?.status).toBe('applying');
    expect(s.steps[1]?.title).toBe('KMS key');
  });

  it('opens and closes prompts, and finishing clears any prompt', () => {
    let s = initialState(header, steps);
    s = reduce(s, { type: 'prompt-opened', prompt: { kind: 'confirm', stepId: 'kms-key', plan: [], dryRun: true } });
    expect(s.prompt?.kind).toBe('confirm');
    s = reduce(s, { type: 'prompt-closed' });
    expect(s.prompt).toBeUndefined();
    s = reduce(s, { type: 'prompt-opened', prompt: { kind: 'start', checks: [] } });
    s = reduce(s, { type: 'finished', outcome: 'previewed' });
    expect(s.prompt).toBeUndefined();
    expect(s.phase).toEqual({ name: 'finished', outcome: 'previewed' });
  });

  it('toggles details and resets them on the next step', () => {
    let s = initialState(header, steps);
    s = reduce(s, { type: 'details-toggled' });
    expect(s.showDetails).toBe(true);
    s = reduce(s, { type: 'step-entered', index: 0 });
    expect(s.showDetails).toBe(false);
  });

  it('records why a run stopped', () => {
    const s = reduce(initialState(header, steps), { type: 'stopped', reason: 'failed', error: { message: 'boom', remedy: 'fix' } });
    expect(s.phase).toEqual({ name: 'stopped', reason: 'failed', error: { message: 'boom', remedy: 'fix' } });
  });

  it('counts progress', () => {
    let s = initialState(header, steps);
    s = reduce(s, { type: 'step-updated', id: 'password-policy', patch: { status: 'done' } });
    s = reduce(s, { type: 'step-entered', index: 1 });
    expect(progress(s)).toEqual({ position: 2, total: 2, finished: 1 });
  });

  it('does not mutate the previous state', () => {
    const s0 = initialState(header, steps);
    const frozen = JSON.stringify(s0);
    reduce(s0, { type: 'step-updated', id: 'password-policy', patch: { status: 'done' } });
    expect(JSON.stringify(s0)).toBe(frozen);
  });
});
