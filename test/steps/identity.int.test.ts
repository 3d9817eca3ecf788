/**
 * admin-group, admin-user, access-key and root-access-keys against the emulator (moto + root overlay)
 * and a real keychain (run with scripts/with-keyring.sh). moto's recorder is the truth for "no
 * mutating request".
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, GetLoginProfileCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { getAccountSummary } from '../../src/aws/iam.js';
import { accessKeyEntry, consolePasswordEntry, openKeychain, parseAccessKey } from '../../src/keychain/index.js';
import { accessKeyStep } from '../../src/steps/access-key/index.js';
import { adminGroupStep } from '../../src/steps/admin-group.js';
import { adminUserStep } from '../../src/steps/admin-user.js';
import { validateUserName } from '../../src/steps/identity.js';
import { rootAccessKeysStep } from '../../src/steps/root-access-keys.js';
import type { Answers, Step, StepContext, StepId } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, isMutatingRecorded, recordedBody, recordedRequests, resetEmulator, startEmulator, type Emulator } from '../helpers/emulator.js';
import { envWithout, run, runChild } from '../keychain/run-child.js';
import { noOperator } from '../helpers/operator.js';

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em?.stop();
});

/**
 * Its own keychain service, so that other test files running at the same time against the same
 * emulated account id cannot overwrite these entries. The AWS CLI test uses the real service (the
 * credential_process line reads it) with a user name of its own.
 */
const keychain = openKeychain('aws-harden-test');
const realKeychain = openKeychain();
let answers: Partial<Record<StepId, Answers>>;
let configPath: string;

beforeEach(async () => {
  await resetEmulator(em);
  answers = {};
  configPath = join(mkdtempSync(join(tmpdir(), 'identity-home-')), '.aws', 'config');
  // The emulator's account is the same every time: start without its entries.
  for (const user of ['admin', 'alice']) {
    await keychain.delete(accessKeyEntry(em.accountId, user));
    await keychain.delete(consolePasswordEntry(em.accountId, user));
  }
});

async function context(opts: { credentials?: { accessKeyId: string; secretAccessKey: string } } = {}): Promise<StepContext> {
  const ctx = await emulatorContext(em, opts);
  return { ...ctx, keychain, env: { AWS_CONFIG_FILE: configPath }, answersOf: (id) => answers[id] };
}

/** check → apply → verify, as the runner does it, remembering the answers as the journal would. */
async function applyStep(step: Step, ctx: StepContext, given: Answers) {
  answers[step.id] = given;
  const before = await step.check(ctx);
  await step.apply(ctx, before, given, noOperator());
  // As the runner verifies: read back until done, with backoff (AWS, and the strict sandbox, lag a moment).
  let found = step.verify ? await step.verify(ctx, given) : await step.check(ctx);
  for (let delay = 250; found.status !== 'done' && delay <= 4_000; delay *= 2) {
    await new Promise((r) => setTimeout(r, delay));
    // Reading again because AWS may not show it yet: from AWS, as the runner does, not the run's read cache.
    ctx.aws.forgetReads();
    found = step.verify ? await step.verify(ctx, given) : await step.check(ctx);
  }
  return found;
}

function moto(): IAMClient {
  return new IAMClient({ endpoint: em.motoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } });
}

async function mutations(): Promise<string[]> {
  return (await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded);
}

async function resetRecording() {
  await fetch(`${em.motoEndpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
  await fetch(`${em.endpoint}/sandbox/recorder/reset-recording`, { method: 'POST' });
}

describe('names', () => {
  it('rejects bad IAM user names with a specific message', () => {
    expect(validateUserName('')).toBe('Enter a user name.');
    expect(validateUserName('a'.repeat(65))).toBe('An IAM user name has at most 64 characters; this one has 65.');
    expect(validateUserName('my admin')).toBe('An IAM user name cannot contain spaces.');
    expect(validateUserName('team/admin')).toMatch(/cannot contain "\/"/);
    expect(validateUserName('admin!')).toMatch(/cannot contain "!"/);
    expect(validateUserName('a'.repeat(64))).toBeUndefined();
    expect(validateUserName('ops+admin=1,x.y@z_-')).toBeUndefined();
  });
});

describe('admin-group', () => {
  it('fresh → todo → apply → done; a re-run makes no mutating request', async () => {
    const ctx = await context();
    const before = await adminGroupStep.check(ctx);
    expect(before.status).toBe('todo');
    expect(adminGroupStep.plan(ctx, before, { groupName: 'Administrators' }).map((c) => c.operation)).toEqual(['CreateGroup', 'AttachGroupPolicy']);
    expect((await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' })).status).toBe('done');
    expect(await mutations()).toEqual(['iam:CreateGroup', 'iam:AttachGroupPolicy']);
    await resetRecording();
    expect((await adminGroupStep.check(ctx)).summary).toBe('Group "Administrators" has AdministratorAccess attached.');
    expect(await mutations()).toEqual([]);
  });
});

describe('admin-user', () => {
  it('creates the user with a keychain-only password, in the group; a re-run changes nothing', async () => {
    const ctx = await context();
    await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' });
    await resetRecording();
    const before = await adminUserStep.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain('https://123456789012.signin.aws.amazon.com/console');
    const plan = adminUserStep.plan(ctx, before, { userName: 'admin' });
    expect(plan.map((c) => c.operation)).toEqual(['CreateUser', 'CreateLoginProfile', 'AddUserToGroup']);
    expect(plan[1]?.params).toEqual({ UserName: 'admin', Password: '‹redacted›', PasswordResetRequired: true });
    const after = await applyStep(adminUserStep, ctx, { userName: 'admin' });
    expect(after.status).toBe('done');
    const password = await keychain.get(consolePasswordEntry(em.accountId, 'admin'));
    expect(password).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(20);
    for (const cls of [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/]) expect(password).toMatch(cls);
    expect(JSON.stringify(plan)).not.toContain(password!);
    await moto().send(new GetLoginProfileCommand({ UserName: 'admin' }));
    // moto 5.2.1 drops PasswordResetRequired on CreateLoginProfile (iam/models.py create_login_profile
    // never sets it), so the request itself is the evidence.
    const create = (await recordedRequests(em)).find((r) => describeRecorded(r) === 'iam:CreateLoginProfile');
    expect(new URLSearchParams(create ? recordedBody(create) : '').get('PasswordResetRequired')).toBe('true');
    expect(await mutations()).toEqual(['iam:CreateUser', 'iam:CreateLoginProfile', 'iam:AddUserToGroup']);
    // The password went over the wire once, in CreateLoginProfile, and nowhere else.
    const bodies = (await recordedRequests(em)).map(recordedBody);
    expect(bodies.filter((b) => [...new URLSearchParams(b).values()].includes(password!) || b.includes(password!)).length).toBe(1);
    await resetRecording();
    expect((await adminUserStep.check(ctx)).status).toBe('done');
    expect(await mutations()).toEqual([]);
  });

  it('offers an account alias only when the account has none, and signs in through it once set', async () => {
    const ctx = await context();
    await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' });
    const before = await adminUserStep.check(ctx);
    const alias = adminUserStep.questions!(ctx, before).find((q) => q.id === 'accountAlias');
    expect(alias).toMatchObject({ kind: 'text', default: '' });
    const validate = alias?.kind === 'text' ? alias.validate! : () => 'missing';
    expect(validate('')).toBeUndefined();
    expect(validate('acme-prod')).toBeUndefined();
    expect(validate('Acme')).toMatch(/lowercase/);
    expect(validate('a--b')).toMatch(/single hyphens/);
    expect(validate('-acme')).toMatch(/starting and ending/);
    expect(validate('123456789012')).toMatch(/12-digit/);
    const given = { userName: 'admin', accountAlias: 'acme-sandbox' };
    expect(adminUserStep.plan(ctx, before, given).at(-1)).toMatchObject({ operation: 'CreateAccountAlias', params: { AccountAlias: 'acme-sandbox' } });
    const revealed: string[] = [];
    answers['admin-user'] = given;
    await adminUserStep.apply(ctx, before, given, {
      waitFor: () => Promise.reject(new Error('not asked')),
      enrollMfa: () => Promise.reject(new Error('not asked')),
      reveal: async (r) => {
        revealed.push(r.label, r.secret);
      },
    });
    // The password is offered once, with the friendlier URL.
    expect(revealed[0]).toBe('Sign in at https://acme-sandbox.signin.aws.amazon.com/console as admin');
    expect(revealed[1]).toBe(await keychain.get(consolePasswordEntry(em.accountId, 'admin')));
    const after = await adminUserStep.check(ctx);
    expect(after.status).toBe('done');
    expect(after.summary).toContain('https://acme-sandbox.signin.aws.amazon.com/console');
    expect(adminUserStep.questions!(ctx, after).map((q) => q.id)).not.toContain('accountAlias');
  });

  it('a console password that never reached the keychain is reset and stored', async () => {
    const ctx = await context();
    await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' });
    await applyStep(adminUserStep, ctx, { userName: 'admin' });
    await keychain.delete(consolePasswordEntry(em.accountId, 'admin'));
    const f = await adminUserStep.check(ctx);
    expect(f.status).toBe('todo');
    expect(f.summary).toMatch(/not in the OS keychain \(will be reset\)/);
    expect(adminUserStep.plan(ctx, f, { userName: 'admin' }).map((c) => c.operation)).toEqual(['UpdateLoginProfile']);
    await resetRecording();
    expect((await applyStep(adminUserStep, ctx, { userName: 'admin' })).status).toBe('done');
    expect(await mutations()).toEqual(['iam:UpdateLoginProfile']);
    expect(await keychain.get(consolePasswordEntry(em.accountId, 'admin'))).toBeDefined();
  });

  it('never silently reuses a user aws-harden did not create: another name, or explicit adoption', async () => {
    const ctx = await context();
    await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' });
    await moto().send(new CreateUserCommand({ UserName: 'admin' }));
    await moto().send(new CreateLoginProfileCommand({ UserName: 'admin', Password: 'Someone-Elses-1!' }));
    await resetRecording();
    const f = await adminUserStep.check(ctx);
    expect(f.status).toBe('todo');
    expect(f.summary).toBe('User "admin" already exists and was not created by aws-harden: choose another name, or adopt it explicitly (its console password is then reset).');
    const qs = adminUserStep.questions!(ctx, f);
    expect(qs.map((q) => q.id)).toEqual(['userName', 'accountAlias', 'existing']);
    expect(qs.find((q) => q.id === 'existing')).toMatchObject({ kind: 'choice', default: 'no' });
    // Keeping the name without adopting is refused before any call, in the plan and in apply.
    expect(() => adminUserStep.plan(ctx, f, { userName: 'admin', existing: 'no' })).toThrow(/already exists and was not created by aws-harden/);
    await expect(adminUserStep.apply(ctx, f, { userName: 'admin', existing: 'no' }, noOperator())).rejects.toThrow(/not reused without your say-so/);
    expect(await mutations()).toEqual([]);
    // Another name works.
    expect((await applyStep(adminUserStep, ctx, { userName: 'alice', existing: 'no' })).status).toBe('done');
    // Adopting is explicit: tag, reset the password into the keychain, join the group.
    await resetRecording();
    const adopted = await applyStep(adminUserStep, ctx, { userName: 'admin', existing: 'adopt' });
    expect(adopted.status).toBe('done');
    expect(await mutations()).toEqual(['iam:TagUser', 'iam:UpdateLoginProfile', 'iam:AddUserToGroup']);
  });

  it('without a keychain in the context it reports blocked and touches nothing', async () => {
    const ctx = { ...(await context()), keychain: undefined };
    expect((await adminUserStep.check(ctx)).status).toBe('blocked');
  });
});

async function adminReady(ctx: StepContext, user = 'admin') {
  await applyStep(adminGroupStep, ctx, { groupName: 'Administrators' });
  await applyStep(adminUserStep, ctx, { userName: user });
}

async function keysOf(user: string): Promise<string[]> {
  return ((await moto().send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '');
}

describe('access-key', () => {
  it('creates the key into the keychain, writes the profile, proves it with STS; a re-run changes nothing', async () => {
    const user = `cli${Date.now()}`;
    const profile = `${user}-123456789012`;
    const ctx = { ...(await context()), keychain: realKeychain };
    await adminReady(ctx, user);
    mkdirSync(join(configPath, '..'), { recursive: true });
    writeFileSync(configPath, '# mine\n[default]\nregion = eu-west-1\n\n[profile other]\noutput = json\n');
    await resetRecording();
    const before = await accessKeyStep.check(ctx);
    expect(before.status).toBe('todo');
    expect((before.data as { profile?: string } | undefined)?.profile).toBe(profile);
    const after = await applyStep(accessKeyStep, ctx, { profile: profile });
    expect(after.status).toBe('done');
    expect(after.summary).toContain(`is in the OS keychain and works; profile "${profile}"`);
    const stored = parseAccessKey(await realKeychain.get(accessKeyEntry(em.accountId, user)));
    expect(await keysOf(user)).toEqual([stored?.AccessKeyId]);
    const config = readFileSync(configPath, 'utf8');
    expect(config.startsWith('# mine\n[default]\nregion = eu-west-1\n\n[profile other]\noutput = json\n\n')).toBe(true);
    expect(config).toMatch(
      new RegExp(
        `\\[profile ${profile}\\]\ncredential_process = \\S+ \\S+/dist/cli\\.js credential-process --account 123456789012 --user ${user}\nregion = us-east-1\nendpoint_url = http://127\\.0\\.0\\.1:\\d+\n$`,
      ),
    );
    expect(config).not.toContain(stored!.SecretAccessKey);
    expect(await mutations()).toEqual(['iam:CreateAccessKey']);
    // STS was called signed with the new key.
    const sts = (await recordedRequests(em)).filter((r) => describeRecorded(r) === 'sts:GetCallerIdentity');
    expect(sts.some((r) => (Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '').includes(stored!.AccessKeyId))).toBe(true);
    await resetRecording();
    expect((await accessKeyStep.check(ctx)).status).toBe('done');
    expect(await mutations()).toEqual([]);

    // The real AWS CLI, through credential_process and the keychain.
    const cli = await run('aws', ['--profile', profile, 'sts', 'get-caller-identity', '--endpoint-url', em.endpoint, '--output', 'json'], {
      ...envWithout(Object.keys(process.env).filter((k) => k.startsWith('AWS_'))),
      AWS_CONFIG_FILE: configPath,
      AWS_SHARED_CREDENTIALS_FILE: join(configPath, '..', 'none'),
    });
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).Arn).toBe(`arn:aws:iam::123456789012:user/${user}`);
    await realKeychain.delete(accessKeyEntry(em.accountId, user));
    await realKeychain.delete(consolePasswordEntry(em.accountId, user));
  });

  it('a key whose secret never reached the keychain is deleted and replaced, within the 2-key limit', async () => {
    const ctx = await context();
    await adminReady(ctx);
    const a = await moto().send(new CreateAccessKeyCommand({ UserName: 'admin' }));
    const b = await moto().send(new CreateAccessKeyCommand({ UserName: 'admin' }));
    await expect(moto().send(new CreateAccessKeyCommand({ UserName: 'admin' }))).rejects.toThrow(/LimitExceeded|cannot exceed/i);
    // Made outside this run (an interrupted run, the console): what this run knew of "admin" (it made
    // the user, with no keys) no longer stands, as after an operator's pause (src/aws/implied.ts).
    ctx.aws.forgetReads();
    const f = await accessKeyStep.check(ctx);
    expect(f.summary).toMatch(/2 key\(s\) in IAM whose secret is not in the OS keychain/);
    expect(
      accessKeyStep
        .plan(ctx, f, { profile: 'p1' })
        .map((c) => `${c.service}:${c.operation}`)
        .slice(0, 4),
    ).toEqual(['iam:DeleteAccessKey', 'iam:DeleteAccessKey', 'iam:CreateAccessKey', 'keychain:SetPassword']);
    expect((await applyStep(accessKeyStep, ctx, { profile: 'p1' })).status).toBe('done');
    const keys = await keysOf('admin');
    expect(keys).toHaveLength(1);
    expect(keys).not.toContain(a.AccessKey?.AccessKeyId);
    expect(keys).not.toContain(b.AccessKey?.AccessKeyId);
  });

  it('asks before touching an existing profile of that name, and keeps the rest of the file', async () => {
    const ctx = await context();
    await adminReady(ctx);
    mkdirSync(join(configPath, '..'), { recursive: true });
    writeFileSync(configPath, '[profile admin-123456789012]\nregion = ap-south-1\nsso_start_url = https://x\n[profile keep]\nregion = us-west-2\n');
    await resetRecording();
    const f = await accessKeyStep.check(ctx);
    const qs = accessKeyStep.questions!(ctx, f);
    expect(qs.map((q) => q.id)).toEqual(['profile', 'existingProfile']);
    expect(() => accessKeyStep.plan(ctx, f, { profile: 'admin-123456789012', existingProfile: 'no' })).toThrow(/already exists in .* and is not aws-harden's/);
    await expect(accessKeyStep.apply(ctx, f, { profile: 'admin-123456789012', existingProfile: 'no' }, noOperator())).rejects.toThrow(/is left as it is/);
    expect(await mutations()).toEqual([]);
    expect((await applyStep(accessKeyStep, ctx, { profile: 'admin-123456789012', existingProfile: 'replace' })).status).toBe('done');
    const text = readFileSync(configPath, 'utf8');
    expect(text).not.toContain('sso_start_url');
    expect(text).toContain('[profile keep]\nregion = us-west-2\n');
  });

  it('an unwritable config file: a clear error, and no key is created', async () => {
    const ctx = await context();
    await adminReady(ctx);
    mkdirSync(join(configPath, '..'), { recursive: true });
    writeFileSync(configPath, '');
    chmodSync(configPath, 0o400);
    chmodSync(join(configPath, '..'), 0o500);
    try {
      if (process.getuid?.() === 0) {
        // root ignores permission bits; point the config below a regular file instead.
        ctx.env = { AWS_CONFIG_FILE: join(configPath, 'config') };
      }
      const f = await accessKeyStep.check(ctx);
      await expect(accessKeyStep.apply(ctx, f, { profile: 'p' }, noOperator())).rejects.toThrow(/Cannot write the AWS config file/);
      expect(await keysOf('admin')).toEqual([]);
    } finally {
      chmodSync(join(configPath, '..'), 0o700);
    }
  });

  it('keychain unavailable: a clear message, and no key is created (the keychain is tried first)', async () => {
    const ctx = await context();
    await adminReady(ctx);
    await resetRecording();
    const r = await runChild(
      ['access-key', em.endpoint, JSON.stringify(em.rootCredentials)],
      envWithout(['DISPLAY'], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', AWS_CONFIG_FILE: configPath }),
    );
    expect(r.error?.message).toMatch(/^Could not store a test entry in the OS keychain: no OS keychain \(Secret Service\) is reachable .* No access key was made\.$/);
    expect(r.error?.remedy).toMatch(/dbus-run-session/);
    expect(await keysOf('admin')).toEqual([]);
    expect(await mutations()).toEqual([]);
  });
});

describe('root-access-keys', () => {
  it('is blocked until the admin key is proven, then deletes root keys and verifies with the admin key', async () => {
    const ctx = await context();
    expect(ctx.identity.isRoot).toBe(true);
    const early = await rootAccessKeysStep.check(ctx);
    expect(early.status).toBe('blocked');
    expect(early.summary).toMatch(/^Root has an access key; it stays until the admin user's own key is proven to work\. Not yet: the admin user "admin" has no access key in the OS keychain yet/);
    await adminReady(ctx);
    await applyStep(accessKeyStep, ctx, { profile: 'admin-123456789012' });
    const f = await rootAccessKeysStep.check(ctx);
    expect(f.status).toBe('todo');
    const q = rootAccessKeysStep.questions!(ctx, f)[0];
    expect(q?.kind === 'text' && q.validate?.('')).toMatch(/Type yes/);
    expect(rootAccessKeysStep.plan(ctx, f, { delete: 'yes' })[0]).toMatchObject({ operation: 'DeleteAccessKey', params: { AccessKeyId: em.rootCredentials.accessKeyId } });
    await resetRecording();
    const done = await applyStep(rootAccessKeysStep, ctx, { delete: 'yes' });
    expect(done.status).toBe('done');
    expect(done.summary).toMatch(/read with the admin key of "admin"/);
    expect(((await (await fetch(`${em.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] }).rootAccessKeyIds).toEqual([]);
    expect(await mutations()).toEqual(['iam:DeleteAccessKey']);
    // The root key is dead now; the admin key still works.
    await expect(getAccountSummary(ctx.aws)).rejects.toThrow(/rejected the credentials/);
    const stored = parseAccessKey(await keychain.get(accessKeyEntry(em.accountId, 'admin')))!;
    const asAdmin = await context({ credentials: { accessKeyId: stored.AccessKeyId, secretAccessKey: stored.SecretAccessKey } });
    expect(asAdmin.identity.isRoot).toBe(false);
    expect((await rootAccessKeysStep.check(asAdmin)).status).toBe('done');
  });

  it('a retry after the root keys are gone reads with the admin key, never the deleted root key', async () => {
    const ctx = await context();
    await adminReady(ctx);
    await applyStep(accessKeyStep, ctx, { profile: 'admin-123456789012' });
    await applyStep(rootAccessKeysStep, ctx, { delete: 'yes' });
    // The runner's retry (or a re-check) comes back with the same, root-signed context.
    const again = await rootAccessKeysStep.check(ctx);
    expect(again).toMatchObject({ status: 'done', summary: expect.stringMatching(/read with the admin key of "admin"/) });
  });

  it('as a non-root caller: checks only and says how to do it in the console', async () => {
    const ctx = await context();
    await adminReady(ctx);
    await applyStep(accessKeyStep, ctx, { profile: 'p' });
    const stored = parseAccessKey(await keychain.get(accessKeyEntry(em.accountId, 'admin')))!;
    const asAdmin = await context({ credentials: { accessKeyId: stored.AccessKeyId, secretAccessKey: stored.SecretAccessKey } });
    const f = await rootAccessKeysStep.check(asAdmin);
    expect(f.status).toBe('blocked');
    expect(f.summary).toMatch(/only root can delete them\. Sign in to the console as root/);
  });
});
