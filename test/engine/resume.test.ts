/** The runner's start prompt against a journal from an earlier run: resume, start over, quit. No AWS. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/journal.js';
import { resumeInfo, Runner, type Replies, type ReplyTo, type RunnerHost } from '../../src/engine/runner.js';
import { awsDisagrees, awsNow } from '../../src/engine/resume.js';
import type { Prompt } from '../../src/engine/state.js';
import { Aws } from '../../src/aws/context.js';
import type { Answers, Finding, Step, StepContext } from '../../src/steps/types.js';

const ACCOUNT = '123456789012';
// A real AWS layer that the fake steps never call (the runner listens to its propagation waits).
const ctx = { aws: new Aws({ dryRun: false, env: {} }), identity: { account: ACCOUNT }, region: 'us-east-1' } as unknown as StepContext;

/** A step whose state lives in `world` (the fake AWS): done once applied. */
function fakeStep(id: 'admin-group' | 'admin-user', title: string, world: Map<string, string>): Step {
  return {
    id,
    title,
    why: '',
    check: async (): Promise<Finding> => (world.has(id) ? { status: 'done', summary: `${title}: ${world.get(id)}` } : { status: 'todo', summary: `no ${title}` }),
    questions: () => [{ kind: 'text', id: 'name', prompt: 'Name?', default: `default-${id}` }],
    plan: (_c, _f, answers: Answers) => [{ service: 'iam', operation: 'Create', params: { name: answers.name } }],
    apply: async (_c, _f, answers: Answers) => {
      world.set(id, answers.name ?? '');
    },
  };
}

/** A host that answers the start prompt with `start`, every question with its defaults, and records the prompts. */
function host(start: Replies['start']): RunnerHost & { prompts: Prompt[] } {
  const prompts: Prompt[] = [];
  return {
    prompts,
    dispatch: () => undefined,
    prompt: <P extends Prompt>(p: P): Promise<ReplyTo<P>> => {
      prompts.push(p);
      const reply = p.kind === 'start' ? start : p.kind === 'questions' ? { answers: p.defaults } : p.kind === 'confirm' ? 'apply' : 'quit';
      return Promise.resolve(reply as ReplyTo<P>);
    },
  };
}

/** The first prompt, which must be the start prompt (the test fails here otherwise). */
function startPrompt(prompts: readonly Prompt[]): Extract<Prompt, { kind: 'start' }> {
  const start = prompts[0];
  if (start?.kind !== 'start') throw new Error(`expected the start prompt first, got ${start?.kind}`);
  return start;
}

function setup() {
  const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'resume-test-')) };
  const world = new Map<string, string>();
  const steps = [fakeStep('admin-group', 'Admin group', world), fakeStep('admin-user', 'Admin user', world)];
  // The earlier run: the group was made as "Ops"; the user's name was answered, then the run stopped.
  const earlier = Journal.open(ACCOUNT, { env, writable: true });
  earlier.setAnswers('admin-group', { name: 'Ops' });
  earlier.setStatus('admin-group', 'done');
  earlier.setAnswers('admin-user', { name: 'alice' });
  world.set('admin-group', 'Ops');
  const run = async (start: Replies['start']) => {
    const journal = Journal.open(ACCOUNT, { env, writable: true });
    const h = host(start);
    const result = await new Runner(ctx, steps, journal, h, { dryRun: false, presets: {}, verify: { attempts: 1, firstDelayMs: 0 } }).run();
    return { result, prompts: h.prompts, journal };
  };
  return { env, world, steps, run, path: earlier.path };
}

describe('resuming from the journal', () => {
  it('offers nothing to resume on a first run', () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'resume-test-')) };
    expect(resumeInfo(Journal.open(ACCOUNT, { env, writable: true }), [])).toBeUndefined();
  });

  it('the start prompt says what the earlier run did and when', async () => {
    const { run } = setup();
    const { prompts } = await run('quit');
    const start = startPrompt(prompts);
    expect(start.resume).toEqual({
      lastRun: expect.any(String),
      steps: [{ id: 'admin-group', title: 'Admin group', status: 'done', at: expect.any(String), now: { status: 'pass', detail: 'Admin group: Ops' } }],
    });
    expect(Date.parse(start.resume!.lastRun)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('the start prompt says what AWS shows now next to what the journal says: a step deleted between runs', async () => {
    const { run, world } = setup();
    world.delete('admin-group');
    const { prompts } = await run('quit');
    const start = startPrompt(prompts);
    const group = start.resume?.steps.find((s) => s.id === 'admin-group');
    expect(group).toMatchObject({ status: 'done', now: { status: 'fail', detail: 'no Admin group' } });
    expect(awsDisagrees(group!)).toBe(true);
    expect(awsNow(group!)).toBe('AWS now: not done');
  });

  it('which journal statuses AWS disagrees with', () => {
    const step = (status: 'done' | 'skipped' | 'failed' | 'applying', now?: 'pass' | 'fail' | 'unknown') => ({
      id: 'admin-user' as const,
      title: 'Admin user',
      status,
      at: '',
      ...(now ? { now: { status: now, detail: '' } } : {}),
    });
    expect(awsDisagrees(step('done', 'pass'))).toBe(false);
    expect(awsDisagrees(step('done', 'fail'))).toBe(true);
    expect(awsDisagrees(step('done', 'unknown'))).toBe(true);
    expect(awsDisagrees(step('skipped', 'pass'))).toBe(true);
    expect(awsDisagrees(step('skipped', 'fail'))).toBe(false);
    expect(awsDisagrees(step('failed', 'pass'))).toBe(true);
    expect(awsDisagrees(step('applying', 'fail'))).toBe(false);
    expect(awsDisagrees(step('done'))).toBe(false);
  });

  it('resume re-checks every step, reuses earlier answers as defaults, and continues', async () => {
    const { run, world } = setup();
    const { result, prompts } = await run('start');
    expect(result).toEqual({ outcome: 'hardened' });
    // The group is already in AWS: checked, not asked again. The user's question defaults to the earlier answer.
    expect(prompts.map((p) => `${p.kind}${'stepId' in p ? `:${p.stepId}` : ''}`)).toEqual(['start', 'questions:admin-user', 'confirm:admin-user']);
    expect(prompts[1]).toMatchObject({ defaults: { name: 'alice' } });
    expect(world.get('admin-user')).toBe('alice');
  });

  it('a step found done again keeps the time it was done', async () => {
    const { run, path } = setup();
    const before = JSON.parse(readFileSync(path, 'utf8')).steps['admin-group'];
    await new Promise((r) => setTimeout(r, 5));
    await run('start');
    expect(JSON.parse(readFileSync(path, 'utf8')).steps['admin-group']).toEqual(before);
  });

  it('start over forgets answers and statuses (the file stays), and AWS stays the truth', async () => {
    const { run, world, path } = setup();
    const { result, prompts } = await run('start-over');
    expect(result).toEqual({ outcome: 'hardened' });
    // Still done in AWS, so not asked; the user's default is the step's own again.
    expect(prompts[1]).toMatchObject({ kind: 'questions', stepId: 'admin-user', defaults: { name: 'default-admin-user' } });
    expect(world.get('admin-group')).toBe('Ops');
    const data = JSON.parse(readFileSync(path, 'utf8'));
    expect(data.answers).toEqual({ 'admin-user': { name: 'default-admin-user' } });
    expect(Object.keys(data.steps)).toEqual(['admin-group', 'admin-user']);
  });

  it('start over then quit leaves an empty journal, which offers nothing to resume', async () => {
    const { env, steps } = setup();
    const journal = Journal.open(ACCOUNT, { env, writable: true });
    journal.reset();
    expect(resumeInfo(Journal.open(ACCOUNT, { env, writable: true }), steps)).toBeUndefined();
  });
});
