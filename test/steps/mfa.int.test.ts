import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { getAccountSummary } from '../../src/aws/iam.js';
import { listUserMfaDevices } from '../../src/aws/iam-mfa.js';
import { Journal } from '../../src/engine/journal.js';
import { Runner, type ReplyTo, type RunnerHost } from '../../src/engine/runner.js';
import type { Prompt, WizardEvent } from '../../src/engine/state.js';
import { adminMfaStep } from '../../src/steps/admin-mfa.js';
import { rootMfaStep } from '../../src/steps/root-mfa.js';
import type { Step, StepContext } from '../../src/steps/types.js';
import { emulatorAws, emulatorContext } from '../helpers/aws.js';
import { runHeadless } from '../helpers/headless.js';
import { useEmulator } from '../helpers/emulator.js';
import { totp } from '../helpers/totp.js';

const em = useEmulator();

type Script = { [K in Prompt['kind']]?: (p: Extract<Prompt, { kind: K }>) => ReplyTo<Extract<Prompt, { kind: K }>> | Promise<ReplyTo<Extract<Prompt, { kind: K }>>> };

/** A person at the prompts: start, confirm with enter, and whatever the script says for the rest. */
function operatorHost(script: Script, seen: Prompt[], events: WizardEvent[] = []): RunnerHost {
  return {
    dispatch: (e) => events.push(e),
    prompt: <P extends Prompt>(p: P) => {
      seen.push(p);
      const handler = script[p.kind] as ((p: P) => ReplyTo<P> | Promise<ReplyTo<P>>) | undefined;
      if (handler) return Promise.resolve(handler(p));
      const defaults: Record<string, unknown> = { start: 'start', confirm: 'apply', failure: 'quit', questions: 'skip', wait: 'skip', mfa: 'skip' };
      return Promise.resolve(defaults[p.kind] as ReplyTo<P>);
    },
  };
}

async function run(ctx: StepContext, step: Step, script: Script) {
  const seen: Prompt[] = [];
  const journal = Journal.open(ctx.identity.account, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'mfa-test-')) }, writable: true });
  const result = await new Runner(ctx, [step], journal, operatorHost(script, seen), { dryRun: false, presets: {}, verify: { attempts: 3, firstDelayMs: 50 } }).run();
  return { result, seen };
}

async function unassigned(ctx: StepContext): Promise<string[]> {
  const out = await (await ctx.aws.client('iam')).send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  return (out.VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? '');
}

describe('admin-mfa, enrolled as an operator does it', () => {
  it('refuses bad codes locally with a specific message, then enables the device with good ones', async () => {
    const ctx = await emulatorContext(em);
    await (await ctx.aws.client('iam')).send(new CreateUserCommand({ UserName: 'admin' }));
    let attempts = 0;
    const { result, seen } = await run(ctx, adminMfaStep, {
      mfa: (p) => {
        attempts += 1;
        expect(p.uri).toMatch(new RegExp(`^otpauth://totp/AWS%3Aadmin%40${em.accountId}\\?secret=${p.secret}&issuer=AWS$`));
        const now = Date.now() / 1000;
        if (attempts === 1) return { code1: totp(p.secret, now), code2: totp(p.secret, now) }; // the same code twice
        if (attempts === 2) return { code1: '12345', code2: totp(p.secret, now) };
        return { code1: totp(p.secret, now - 30), code2: totp(p.secret, now) };
      },
    });
    expect(result).toEqual({ outcome: 'hardened' });
    const errors = seen.filter((p) => p.kind === 'mfa').map((p) => p.error);
    expect(errors).toEqual([undefined, expect.stringMatching(/same code twice/), expect.stringMatching(/5 digits/)]);
    expect(await listUserMfaDevices(ctx.aws, 'admin')).toHaveLength(1);
    expect(await unassigned(ctx)).toEqual([]);
  });

  it('deletes the device when the operator skips, leaving nothing unassigned', async () => {
    const ctx = await emulatorContext(em);
    await (await ctx.aws.client('iam')).send(new CreateUserCommand({ UserName: 'admin' }));
    const { result } = await run(ctx, adminMfaStep, { mfa: () => 'skip' });
    expect(result).toEqual({ outcome: 'incomplete' });
    expect(await listUserMfaDevices(ctx.aws, 'admin')).toEqual([]);
    expect(await unassigned(ctx)).toEqual([]);
  });

  it('replaces a device an abandoned run left unassigned (its seed is gone)', async () => {
    const ctx = await emulatorContext(em);
    const iam = await ctx.aws.client('iam');
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    // What an abandoned aws-harden run leaves: its tags say it made the device for this user.
    await iam.send(
      new CreateVirtualMFADeviceCommand({
        VirtualMFADeviceName: 'admin',
        Tags: [
          { Key: 'created-by', Value: 'aws-harden' },
          { Key: 'aws-harden-user', Value: 'admin' },
        ],
      }),
    );
    const before = await adminMfaStep.check(ctx);
    expect(before.summary).toMatch(/left unfinished by an earlier run is replaced/);
    expect(adminMfaStep.plan(ctx, before, {}).map((c) => c.operation)).toEqual(['DeleteVirtualMFADevice', 'CreateVirtualMFADevice', 'EnableMFADevice']);
    const { result } = await run(ctx, adminMfaStep, { mfa: (p) => ({ code1: totp(p.secret, Date.now() / 1000 - 30), code2: totp(p.secret) }) });
    expect(result).toEqual({ outcome: 'hardened' });
    expect(await unassigned(ctx)).toEqual([]);
  });

  it('an interactive dry run previews root MFA as needing a person, not as "would make 0 calls"', async () => {
    const ctx = { ...(await emulatorContext(em)), aws: await emulatorAws(em, { dryRun: true }) };
    const journal = Journal.open(ctx.identity.account, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'mfa-test-')) }, writable: false });
    const events: WizardEvent[] = [];
    await new Runner(ctx, [rootMfaStep], journal, operatorHost({}, [], events), { dryRun: true, presets: {} }).run();
    const notes = events.flatMap((e) => (e.type === 'step-updated' && e.patch.note ? [e.patch.note] : []));
    expect(notes).toContain('needs a person, no API call: AWS allows enrolling root MFA only in the AWS console');
    expect(notes.join(' ')).not.toMatch(/would make 0 calls/);
  });

  it('--yes cannot enrol, but removes the unusable device an earlier run left (and only that one); a dry run only says so', async () => {
    const ctx = await emulatorContext(em);
    const iam = await ctx.aws.client('iam');
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    const left = await iam.send(
      new CreateVirtualMFADeviceCommand({
        VirtualMFADeviceName: 'admin',
        Tags: [
          { Key: 'created-by', Value: 'aws-harden' },
          { Key: 'aws-harden-user', Value: 'admin' },
        ],
      }),
    );
    const notOurs = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'someone-elses' }));
    const journal = () => Journal.open(ctx.identity.account, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'mfa-test-')) }, writable: true });

    const dry = await runHeadless({ ...ctx, aws: await emulatorAws(em, { dryRun: true }) }, [adminMfaStep], journal(), { dryRun: true, headless: true, presets: {} });
    expect(dry.lines.join('\n')).toMatch(/skipped\s+needs a person: .*; would remove what an earlier run left: iam:DeleteVirtualMFADevice arn:aws:iam::\d+:mfa\/admin/);
    expect((await unassigned(ctx)).sort()).toEqual([left.VirtualMFADevice!.SerialNumber, notOurs.VirtualMFADevice!.SerialNumber].sort());

    const { lines } = await runHeadless(ctx, [adminMfaStep], journal(), { dryRun: false, headless: true, presets: {} });
    expect(lines.join('\n')).toMatch(/skipped\s+needs a person: .*; removed what an earlier run left: iam:DeleteVirtualMFADevice arn:aws:iam::\d+:mfa\/admin/);
    expect(await unassigned(ctx)).toEqual([notOurs.VirtualMFADevice!.SerialNumber]);
  });

  it("a device name taken by another user's device: a free name, said so; that device is left alone", async () => {
    const ctx = await emulatorContext(em);
    const iam = await ctx.aws.client('iam');
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    // bob's own device happens to be called "admin", and is in use.
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const bobs = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'admin' }));
    const bobSeed = new TextDecoder().decode(bobs.VirtualMFADevice!.Base32StringSeed);
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'bob',
        SerialNumber: bobs.VirtualMFADevice!.SerialNumber!,
        AuthenticationCode1: totp(bobSeed, Date.now() / 1000 - 30),
        AuthenticationCode2: totp(bobSeed),
      }),
    );
    const before = await adminMfaStep.check(ctx);
    expect(before.summary).toMatch(/The device name "admin" is taken by the MFA device of user "bob" \(device names are unique per account\): the new device is named "admin-2"\./);
    expect(adminMfaStep.plan(ctx, before, {}).map((c) => `${c.operation} ${(c.params.VirtualMFADeviceName as string | undefined) ?? ''}`.trim())).toEqual([
      'CreateVirtualMFADevice admin-2',
      'EnableMFADevice',
    ]);
    const { result } = await run(ctx, adminMfaStep, { mfa: (p) => ({ code1: totp(p.secret, Date.now() / 1000 - 30), code2: totp(p.secret) }) });
    expect(result).toEqual({ outcome: 'hardened' });
    expect(await listUserMfaDevices(ctx.aws, 'admin')).toEqual([expect.stringMatching(/:mfa\/admin-2$/)]);
    expect(await listUserMfaDevices(ctx.aws, 'bob')).toEqual([bobs.VirtualMFADevice!.SerialNumber]);
  });

  it('an unassigned device of that name that aws-harden did not make is not deleted', async () => {
    const ctx = await emulatorContext(em);
    const iam = await ctx.aws.client('iam');
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    // Someone is enrolling a device called "admin" in the console right now.
    const theirs = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'admin' }))).VirtualMFADevice!.SerialNumber!;
    const before = await adminMfaStep.check(ctx);
    expect(before.summary).toMatch(/taken by an unassigned MFA device aws-harden did not make for this user \(left alone\).*named "admin-2"/);
    expect(adminMfaStep.plan(ctx, before, {}).map((c) => c.operation)).toEqual(['CreateVirtualMFADevice', 'EnableMFADevice']);
    const { result } = await run(ctx, adminMfaStep, { mfa: (p) => ({ code1: totp(p.secret, Date.now() / 1000 - 30), code2: totp(p.secret) }) });
    expect(result).toEqual({ outcome: 'hardened' });
    expect(await unassigned(ctx)).toEqual([theirs]);
  });

  it('codes AWS refuses (strict sandbox: too old by the time they arrive) are a clear message, and the device is removed', async () => {
    const ctx = await emulatorContext(em);
    await (await ctx.aws.client('iam')).send(new CreateUserCommand({ UserName: 'admin' }));
    const before = await adminMfaStep.check(ctx);
    const operator = {
      waitFor: () => Promise.reject(new Error('not asked')),
      reveal: () => Promise.reject(new Error('not asked')),
      // Codes that were right some minutes ago: the local check is bypassed, as a slow network would.
      enrollMfa: (r: { secret: string }) => Promise.resolve({ code1: totp(r.secret, Date.now() / 1000 - 330), code2: totp(r.secret, Date.now() / 1000 - 300) }),
    };
    await expect(adminMfaStep.apply(ctx, before, {}, operator)).rejects.toMatchObject({
      name: 'OperatorError',
      message: expect.stringMatching(/^AWS did not accept the two codes/),
      remedy: expect.stringMatching(/fresh consecutive codes/),
    });
    expect(await unassigned(ctx)).toEqual([]);
  });

  it('says the admin user is missing rather than failing its check', async () => {
    const ctx = await emulatorContext(em);
    const f = await adminMfaStep.check(ctx);
    expect(f).toMatchObject({ status: 'todo' });
    expect(f.summary).toMatch(/does not exist yet/);
  });
});

describe('root-mfa, done in the console while the wizard watches', () => {
  it('notices by itself when root MFA appears', async () => {
    const ctx = await emulatorContext(em);
    expect((await rootMfaStep.check(ctx)).status).toBe('todo');
    const { result, seen } = await run(ctx, rootMfaStep, {
      // The operator goes to the console; the prompt itself is never answered.
      wait: () => {
        setTimeout(() => void em.markRootMfaEnrolled(), 500);
        return new Promise<never>(() => undefined);
      },
    });
    expect(result).toEqual({ outcome: 'hardened' });
    const wait = seen.find((p) => p.kind === 'wait') as Extract<Prompt, { kind: 'wait' }>;
    expect(wait.instructions.join('\n')).toMatch(/Security credentials/);
    expect(wait.canSimulate).toBe(false);
    expect((await getAccountSummary(ctx.aws)).AccountMFAEnabled).toBe(1);
  });

  it('in the sandbox, can do the console part for the operator', async () => {
    const ctx = { ...(await emulatorContext(em)), sandbox: { enrollRootMfa: () => em.markRootMfaEnrolled(), mfaCode: (serial: string) => em.mfaCode(serial) } };
    let asked = 0;
    const { result } = await run(ctx, rootMfaStep, { wait: (p) => (asked++ === 0 && p.canSimulate ? 'simulate' : new Promise<never>(() => undefined)) });
    expect(result).toEqual({ outcome: 'hardened' });
  });

  it('records a skip, and the check stays red', async () => {
    const ctx = await emulatorContext(em);
    const { result } = await run(ctx, rootMfaStep, { wait: () => 'skip' });
    expect(result).toEqual({ outcome: 'incomplete' });
    expect((await rootMfaStep.check(ctx)).status).toBe('todo');
  });
});
