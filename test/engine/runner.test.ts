/**
 * The runner's own paths, with fake steps and a scripted host (no AWS): retry after a failure, skip
 * after a failure, a read-back that never says done, and the operator quitting from a prompt a step
 * opened. The steps follow the contract of src/steps/types.ts; their "AWS" is a Set.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Aws } from '../../src/aws/context.js';
import { Journal } from '../../src/engine/journal.js';
import { Runner, type Replies, type ReplyTo, type RunnerHost, type RunOptions } from '../../src/engine/runner.js';
import { initialState, reduce, type Prompt, type StepView, type WizardEvent } from '../../src/engine/state.js';
import type { Finding, Operator, Step, StepContext, StepId } from '../../src/steps/types.js';

const ACCOUNT = '123456789012';
// A real AWS layer that the fake steps never call (the runner listens to its propagation waits).
const ctx = { aws: new Aws({ dryRun: false, env: {} }), identity: { account: ACCOUNT }, region: 'us-east-1' } as unknown as StepContext;

/** A step whose state is `aws.has(id)`; `apply` adds it unless a test replaces `apply`. Counts its calls. */
function fakeStep(id: StepId, aws: Set<StepId>, overrides: Partial<Step> = {}): Step & { calls: { check: number; apply: number } } {
  const calls = { check: 0, apply: 0 };
  return {
    id,
    title: id,
    why: '',
    calls,
    check: async (): Promise<Finding> => {
      calls.check += 1;
      return aws.has(id) ? { status: 'done', summary: `${id} is in place.` } : { status: 'todo', summary: `no ${id}` };
    },
    plan: () => [{ service: 'iam', operation: 'Make', params: { id } }],
    apply: async () => {
      calls.apply += 1;
      aws.add(id);
    },
    ...overrides,
  };
}

/**
 * A person at the keyboard who starts, applies every confirmation, and answers the other prompts from
 * `script` (a list is used up in order; a prompt with no reply left is a test failure).
 */
function host(script: { [K in keyof Replies]?: Array<Replies[K]> }): RunnerHost & { prompts: Prompt[]; events: WizardEvent[] } {
  const prompts: Prompt[] = [];
  const events: WizardEvent[] = [];
  const replies = { start: ['start'], confirm: ['apply', 'apply', 'apply'], ...script } as Record<string, unknown[]>;
  return {
    prompts,
    events,
    dispatch: (e) => void events.push(e),
    prompt: <P extends Prompt>(p: P): Promise<ReplyTo<P>> => {
      prompts.push(p);
      const queue = replies[p.kind];
      if (!queue?.length) return Promise.reject(new Error(`no scripted reply for a ${p.kind} prompt`));
      return Promise.resolve(queue.shift() as ReplyTo<P>);
    },
  };
}

function run(steps: Step[], h: RunnerHost, opts: Partial<RunOptions> = {}) {
  const journal = Journal.open(ACCOUNT, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'runner-paths-')) }, writable: true });
  const result = new Runner(ctx, steps, journal, h, { dryRun: false, presets: {}, verify: { attempts: 3, firstDelayMs: 1 }, ...opts }).run();
  const saved = () => JSON.parse(readFileSync(journal.path, 'utf8')) as { steps: Record<string, { status: string; detail?: string }> };
  return { result, saved };
}

const kinds = (prompts: readonly Prompt[]) => prompts.map((p) => `${p.kind}${'stepId' in p ? `:${p.stepId}` : ''}`);
const updates = (events: readonly WizardEvent[], id: StepId) => events.flatMap((e) => (e.type === 'step-updated' && e.id === id ? [e.patch] : []));
/** The step as the screen shows it once every event is reduced (the real reducer). */
function viewOf(events: readonly WizardEvent[], id: StepId): StepView {
  const header = { account: ACCOUNT, arn: 'arn', isRoot: true, region: 'us-east-1', dryRun: false, sandbox: false, journalPath: '' };
  const state = events.reduce(reduce, initialState(header, [{ id, title: id, why: '' }]));
  const view = state.steps.find((v) => v.id === id);
  if (!view) throw new Error(`no ${id} on screen`);
  return view;
}

/**
 * The admin group, whose first apply fails (then works), and the admin user after it; the operator
 * answers the failure with `reply`.
 */
function failingOnce(reply: Replies['failure']) {
  const aws = new Set<StepId>();
  let failed = false;
  const group = fakeStep('admin-group', aws, {
    apply: async () => {
      if (!failed) {
        failed = true;
        throw new Error('Throttled by AWS.');
      }
      aws.add('admin-group');
    },
  });
  const user = fakeStep('admin-user', aws);
  const h = host({ failure: [reply] });
  return { aws, user, h, ...run([group, user], h) };
}

describe('the runner, after a failed step', () => {
  it('retry: checks and applies the step again, and the run finishes hardened', async () => {
    const { aws, h, result, saved } = failingOnce('retry');
    expect(await result).toEqual({ outcome: 'hardened' });
    expect(kinds(h.prompts)).toEqual(['start', 'confirm:admin-group', 'failure:admin-group', 'confirm:admin-group', 'confirm:admin-user']);
    expect(h.prompts[2]).toMatchObject({ error: { message: 'Unexpected error: Throttled by AWS.' } });
    // The retry starts from a fresh check; the error is gone from the screen once the step is done.
    expect(viewOf(h.events, 'admin-group')).toMatchObject({ status: 'done' });
    expect(viewOf(h.events, 'admin-group').error).toBeUndefined();
    expect(aws.has('admin-group')).toBe(true);
    expect(saved().steps['admin-group']?.status).toBe('done');
  });

  it('skip: the step is skipped with the reason, the journal says so, and the next step still runs', async () => {
    const { user, h, result, saved } = failingOnce('skip');
    expect(await result).toEqual({ outcome: 'incomplete' });
    expect(kinds(h.prompts)).toEqual(['start', 'confirm:admin-group', 'failure:admin-group', 'confirm:admin-user']);
    expect(updates(h.events, 'admin-group').at(-1)).toEqual({ status: 'skipped', note: 'skipped after an error' });
    expect(saved().steps['admin-group']).toMatchObject({ status: 'skipped', detail: 'skipped after an error' });
    expect(user.calls.apply).toBe(1);
    expect(saved().steps['admin-user']?.status).toBe('done');
  });

  it('quit: the run stops as failed, the journal keeps the failure, and no later step runs', async () => {
    const { user, h, result, saved } = failingOnce('quit');
    expect(await result).toEqual({ stopped: 'failed' });
    expect(h.events.at(-1)).toEqual({ type: 'stopped', reason: 'failed' });
    expect(saved().steps['admin-group']).toMatchObject({ status: 'failed', detail: 'Unexpected error: Throttled by AWS.' });
    expect(user.calls.check).toBe(1); // the start screen's check only
  });
});

describe('the runner, when AWS never shows the change', () => {
  it('reads back `attempts` times with a progress line while it waits, then reports the step as failed', async () => {
    const aws = new Set<StepId>();
    // Applies, but the read-back never sees it (eventual consistency that does not end).
    const group = fakeStep('admin-group', aws, { apply: async () => undefined });
    const h = host({ failure: ['quit'] });
    const { result, saved } = run([group], h, { verify: { attempts: 4, firstDelayMs: 1 } });
    expect(await result).toEqual({ stopped: 'failed' });
    // One check for the start screen, one for the step, four read-backs.
    expect(group.calls.check).toBe(1 + 1 + 4);
    const failure = h.prompts.find((p) => p.kind === 'failure');
    expect(failure).toMatchObject({ error: { message: 'Applied, but AWS does not show it yet: no admin-group', remedy: expect.stringMatching(/^IAM can take a few seconds to settle\. Retry/) } });
    const progress = updates(h.events, 'admin-group').flatMap((p) => ('progress' in p ? [p.progress] : []));
    expect(progress).toEqual([
      'AWS does not show the change yet (no admin-group); reading again in 0.0s (1/3)',
      'AWS does not show the change yet (no admin-group); reading again in 0.0s (2/3)',
      'AWS does not show the change yet (no admin-group); reading again in 0.0s (3/3)',
      undefined, // cleared once it stops waiting
    ]);
    expect(saved().steps['admin-group']?.status).toBe('failed');
  });

  it('a read-back that says done on a later attempt ends the wait: the step is done', async () => {
    const aws = new Set<StepId>();
    let seenAfter = 2;
    const group = fakeStep('admin-group', aws, {
      apply: async () => undefined,
      verify: async () => (--seenAfter > 0 ? { status: 'todo', summary: 'not yet' } : { status: 'done', summary: 'there' }),
    });
    const { result, saved } = run([group], host({}));
    expect(await result).toEqual({ outcome: 'hardened' });
    expect(seenAfter).toBe(0);
    expect(saved().steps['admin-group']?.status).toBe('done');
  });
});

describe('the runner, when the operator quits from a prompt the step opened', () => {
  const asks: Array<[string, Parameters<typeof host>[0], (op: Operator) => Promise<unknown>]> = [
    ['waiting for the console', { wait: ['quit'] }, (op) => op.waitFor({ title: 'Add MFA', instructions: ['Click'], poll: async () => false, intervalMs: 60_000 })],
    ['at the MFA codes', { mfa: ['quit'] }, (op) => op.enrollMfa({ uri: 'otpauth://totp/x', secret: 'S', label: 'admin@x', check: () => undefined })],
    ['at a secret shown once', { reveal: ['quit'] }, (op) => op.reveal({ title: 'Password', label: 'admin', secret: 'S' })],
  ];

  it.each(asks)('%s: the run stops as quit, not failed; the step stays "applying" for the next run to read back', async (_what, reply, ask) => {
    const aws = new Set<StepId>();
    const mfa = fakeStep('admin-mfa', aws, {
      apply: async (_c, _f, _a, operator) => {
        if (!operator) throw new Error('the runner gives every apply an operator');
        await ask(operator);
        aws.add('admin-mfa');
      },
    });
    const key = fakeStep('access-key', aws);
    const h = host(reply);
    const { result, saved } = run([mfa, key], h);
    expect(await result).toEqual({ stopped: 'quit' });
    expect(h.events.at(-1)).toEqual({ type: 'stopped', reason: 'quit' });
    expect(h.prompts.map((p) => p.kind)).not.toContain('failure');
    expect(aws.has('admin-mfa')).toBe(false);
    expect(saved().steps['admin-mfa']?.status).toBe('applying');
    expect(key.calls.apply).toBe(0);
  });
});
