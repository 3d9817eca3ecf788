/**
 * An adopted admin user's access keys made outside aws-harden, on the strict sandbox with a real
 * keychain (scripts/with-keyring.sh): each is named (id, created, last used), deleted only when the
 * operator types its id, and a --yes run never deletes one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, type IAMClient, ListAccessKeysCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/journal.js';
import { accessKeyEntry, consolePasswordEntry, openKeychain } from '../../src/keychain/index.js';
import { accessKeyStep } from '../../src/steps/access-key/index.js';
import { adminGroupStep } from '../../src/steps/admin-group.js';
import { adminUserStep } from '../../src/steps/admin-user.js';
import type { Answers, Question, Step, StepContext, StepId } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { runHeadless } from '../helpers/headless.js';
import { noOperator } from '../helpers/operator.js';

const em = useEmulator({ accountId: '210987654321' });
const keychain = openKeychain('aws-harden-test');
let answers: Partial<Record<StepId, Answers>>;
let configPath: string;

beforeEach(async () => {
  answers = {};
  configPath = join(mkdtempSync(join(tmpdir(), 'adopted-home-')), '.aws', 'config');
  for (const user of ['ops', 'ops2']) {
    await keychain.delete(accessKeyEntry(em.accountId, user));
    await keychain.delete(consolePasswordEntry(em.accountId, user));
  }
});

async function context(): Promise<StepContext> {
  ctxNow = { ...(await emulatorContext(em)), keychain, env: { AWS_CONFIG_FILE: configPath }, answersOf: (id) => answers[id] };
  return ctxNow;
}

async function applyStep(step: Step, ctx: StepContext, given: Answers) {
  answers[step.id] = given;
  await step.apply(ctx, await step.check(ctx), given, noOperator());
  return step.verify ? step.verify(ctx, given) : step.check(ctx);
}

let ctxNow: StepContext | undefined;

/** The product's own IAM client (it waits out IAM's propagation delays, which the strict sandbox has). */
function iam(): { send: IAMClient['send'] } {
  return { send: async (cmd: never) => (await ctxNow!.aws.client('iam')).send(cmd) };
}

async function keysOf(user: string): Promise<string[]> {
  return ((await iam().send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '').sort();
}

/** Someone's user with a console password and `keys` access keys made by hand; then adopted as the admin. */
async function adoptedWithKeys(ctx: StepContext, user: string, keys: number): Promise<string[]> {
  await iam().send(new CreateUserCommand({ UserName: user }));
  await iam().send(new CreateLoginProfileCommand({ UserName: user, Password: 'Their-Own-Password-1!' }));
  const ids: string[] = [];
  for (let i = 0; i < keys; i++) ids.push((await iam().send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!.AccessKeyId!);
  await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' });
  expect((await applyStep(adminUserStep, ctx, { userName: user, existing: 'adopt' })).status).toBe('done');
  return ids.sort();
}

const today = new Date().toISOString().slice(0, 10);

describe("an adopted user's access keys made outside aws-harden", () => {
  it("are named in the check, and a --yes run leaves them (adds aws-harden's own key beside one)", async () => {
    const ctx = await context();
    const [theirs] = await adoptedWithKeys(ctx, 'ops', 1);
    const f = await accessKeyStep.check(ctx);
    expect(f.status).toBe('todo');
    expect(f.summary).toContain(`1 other key(s) of "ops" were made outside aws-harden and are left unless you name them: ${theirs} (created ${today}, never used).`);
    const q = accessKeyStep.questions!(ctx, f).find((x) => x.id === 'deleteKeys') as Extract<Question, { kind: 'text' }>;
    expect(q.default).toBe('');
    expect(q.prompt).toContain(theirs);

    const journal = Journal.open(em.accountId, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'adopted-state-')) }, writable: true });
    const { result, lines } = await runHeadless(ctx, [accessKeyStep], journal, { dryRun: false, headless: true, presets: { 'access-key': { profile: 'ops-p' } } });
    expect(result).toEqual({ outcome: 'hardened' });
    expect(lines.join('\n')).toMatch(new RegExp(`access-key\\s+done .*${theirs} \\(created ${today}, never used\\)`));
    const keys = await keysOf('ops');
    expect(keys).toHaveLength(2);
    expect(keys).toContain(theirs);
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).not.toContain('iam:DeleteAccessKey');
  });

  it('with two such keys and none named: a clear refusal before any change; naming one deletes exactly that one', async () => {
    const ctx = await context();
    const ids = await adoptedWithKeys(ctx, 'ops2', 2);
    answers['access-key'] = { profile: 'ops2-p' };
    const f = await accessKeyStep.check(ctx);
    expect(() => accessKeyStep.plan(ctx, f, { profile: 'ops2-p', deleteKeys: '' })).toThrow(/already has 2 access keys made outside aws-harden \(IAM allows 2\).*They are left as they are/);
    await expect(accessKeyStep.apply(ctx, f, { profile: 'ops2-p', deleteKeys: '' }, noOperator())).rejects.toMatchObject({
      name: 'OperatorError',
      remedy: expect.stringMatching(/--yes never deletes them/),
    });
    expect(await keysOf('ops2')).toEqual(ids);

    const q = accessKeyStep.questions!(ctx, f).find((x) => x.id === 'deleteKeys') as Extract<Question, { kind: 'text' }>;
    expect(q.validate!('AKIANOTONEOFTHEM')).toMatch(/is not one of the keys listed/);
    expect(q.validate!(ids[0]!)).toBeUndefined();
    const plan = accessKeyStep.plan(ctx, f, { profile: 'ops2-p', deleteKeys: ids[0]! });
    expect(plan.filter((c) => c.operation === 'DeleteAccessKey').map((c) => c.params.AccessKeyId)).toEqual([ids[0]]);
    expect((await applyStep(accessKeyStep, ctx, { profile: 'ops2-p', deleteKeys: ids[0]! })).status).toBe('done');
    const after = await keysOf('ops2');
    expect(after).toHaveLength(2);
    expect(after).toContain(ids[1]);
    expect(after).not.toContain(ids[0]);
  });

  it('--yes with two such keys: the step fails with that message and deletes nothing', async () => {
    const ctx = await context();
    const ids = await adoptedWithKeys(ctx, 'ops', 2);
    const journal = Journal.open(em.accountId, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'adopted-state-')) }, writable: true });
    const { result, lines } = await runHeadless(ctx, [accessKeyStep], journal, { dryRun: false, headless: true, presets: { 'access-key': { profile: 'ops-p' } } });
    expect(result).toEqual({ stopped: 'failed' });
    expect(lines.join('\n')).toMatch(/already has 2 access keys made outside aws-harden/);
    expect(await keysOf('ops')).toEqual(ids);
  });
});

describe("the admin user's console password on the strict sandbox", () => {
  it('meets an account policy stricter than CIS (length 30, every class), and AWS keeps PasswordResetRequired', async () => {
    const ctx = await context();
    await iam().send(
      new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 30, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true }),
    );
    await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' });
    expect((await applyStep(adminUserStep, ctx, { userName: 'ops' })).status).toBe('done');
    const password = await keychain.get(consolePasswordEntry(em.accountId, 'ops'));
    expect(password!.length).toBeGreaterThanOrEqual(30);
    const { GetLoginProfileCommand } = await import('@aws-sdk/client-iam');
    expect((await iam().send(new GetLoginProfileCommand({ UserName: 'ops' }))).LoginProfile?.PasswordResetRequired).toBe(true);
  });
});
