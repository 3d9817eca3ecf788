/**
 * This computer's clock is 10 minutes off AWS's. AWS judges MFA codes by its own clock, and says what
 * it reads in the `Date` header of every answer; the AWS layer keeps that, and the admin-mfa step
 * checks codes by it. A wrong computer clock is named as such (with how to fix it), never blamed on
 * the phone. The emulated AWS runs its clock 10 minutes off this machine's (startSandbox's
 * `clockOffsetMs`): answers' `Date` and the sandbox's own MFA code check follow it, as AWS's would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateUserCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { listUserMfaDevices } from '../../src/aws/iam-mfa.js';
import { Journal } from '../../src/engine/journal.js';
import { Runner, type ReplyTo, type RunnerHost } from '../../src/engine/runner.js';
import type { Prompt, WizardEvent } from '../../src/engine/state.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { adminMfaStep } from '../../src/steps/admin-mfa.js';
import type { StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { totp } from '../helpers/totp.js';

const OFFSET_MS = 10 * 60_000;
/** AWS's clock is 10 minutes ahead: this computer's is 10 minutes behind. */
let ahead: Sandbox;
/** A sandbox whose clock is this machine's. */
let same: Sandbox;

beforeAll(async () => {
  [ahead, same] = await Promise.all([startSandbox({ clockOffsetMs: OFFSET_MS }), startSandbox()]);
});
afterAll(async () => {
  await Promise.all([ahead?.stop(), same?.stop()]);
});
beforeEach(async () => {
  for (const sb of [ahead, same]) await fetch(`${sb.endpoint}/moto-api/reset`, { method: 'POST' });
});

type MfaPrompt = Extract<Prompt, { kind: 'mfa' }>;

/** A person at the MFA screen: types what `codes` gives for each showing of the QR, skips after `tries`. */
function person(codes: (p: MfaPrompt) => { code1: string; code2: string }, seen: MfaPrompt[], events: WizardEvent[], tries = 1): RunnerHost {
  return {
    dispatch: (e) => events.push(e),
    prompt: <P extends Prompt>(p: P): Promise<ReplyTo<P>> => {
      if (p.kind === 'mfa') {
        seen.push(p);
        return Promise.resolve((seen.length > tries ? 'skip' : codes(p)) as ReplyTo<P>);
      }
      const defaults: Record<string, unknown> = { start: 'start', confirm: 'apply', failure: 'quit', questions: 'skip', wait: 'skip' };
      return Promise.resolve(defaults[p.kind] as ReplyTo<P>);
    },
  };
}

async function enrol(ctx: StepContext, codes: (p: MfaPrompt) => { code1: string; code2: string }) {
  await (await ctx.aws.client('iam')).send(new CreateUserCommand({ UserName: 'admin' }));
  const seen: MfaPrompt[] = [];
  const events: WizardEvent[] = [];
  const journal = Journal.open(ctx.identity.account, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'clock-skew-')) }, writable: true });
  const result = await new Runner(ctx, [adminMfaStep], journal, person(codes, seen, events), { dryRun: false, presets: {}, verify: { attempts: 3, firstDelayMs: 50 } }).run();
  // What the screens show of the step: the check's finding (the confirm screen) and notes.
  const notes = events.flatMap((e) => (e.type === 'step-updated' ? [e.patch.finding?.summary, e.patch.note] : [])).filter((t): t is string => typeof t === 'string');
  return { result, errors: seen.map((p) => p.error), notes };
}

/** Codes as an authenticator shows them at `epochMs`. */
function codesAt(secret: string, epochMs: number) {
  const now = epochMs / 1000;
  return { code1: totp(secret, now - 30), code2: totp(secret, now) };
}

describe("the AWS layer reads AWS's clock", () => {
  it("from the Date of its answers: 10 minutes ahead, or the same as this machine's", async () => {
    const skewed = await emulatorContext(ahead);
    const plain = await emulatorContext(same);
    expect(Math.abs((skewed.aws.clockSkewMs ?? Number.NaN) - OFFSET_MS)).toBeLessThan(2_000);
    expect(Math.abs(plain.aws.clockSkewMs ?? Number.NaN)).toBeLessThan(2_000);
  });
});

describe("a computer clock beyond AWS's 15-minute signing window", () => {
  for (const minutes of [20, -20]) {
    it(`${Math.abs(minutes)} minutes ${minutes > 0 ? 'behind' : 'ahead'}: AWS refuses the first signature, the layer signs again with AWS's time, and calls go through`, async () => {
      const sb = await startSandbox({ clockOffsetMs: minutes * 60_000 });
      try {
        const ctx = await emulatorContext(sb);
        expect(ctx.identity.isRoot).toBe(true);
        await (await ctx.aws.client('iam')).send(new CreateUserCommand({ UserName: 'admin' }));
        const calls = ctx.aws.recorder.calls.map((c) => `${c.service}:${c.operation}:${c.outcome}${c.error ? `:${c.error}` : ''}`);
        // Each client learns AWS's time once, from its first refusal; the create is sent once more, and made once.
        expect(calls.filter((c) => c.endsWith('retried:clock-skew'))).toEqual(['sts:GetCallerIdentity:error:retried:clock-skew', 'iam:CreateUser:error:retried:clock-skew']);
        expect(calls.filter((c) => c.startsWith('iam:CreateUser:ok'))).toHaveLength(1);
        expect(Math.abs((ctx.aws.clockSkewMs ?? Number.NaN) - minutes * 60_000)).toBeLessThan(2_000);
      } finally {
        await sb.stop();
      }
    });
  }
});

describe("admin-mfa when this computer's clock is 10 minutes behind AWS's", () => {
  it("a phone that keeps the right time: its codes are accepted, and the step says the computer's clock is off", async () => {
    const ctx = await emulatorContext(ahead);
    const { result, errors, notes } = await enrol(ctx, (p) => codesAt(p.secret, Date.now() + OFFSET_MS));
    expect(errors).toEqual([undefined]);
    expect(result).toEqual({ outcome: 'hardened' });
    expect(await listUserMfaDevices(ctx.aws, 'admin')).toHaveLength(1);
    const check = await adminMfaStep.check({ ...ctx });
    expect(check.status).toBe('done');
    expect(notes.join('\n')).toMatch(/This computer's clock is 10 minutes behind AWS's\. .*sudo timedatectl set-ntp true.* The codes are checked by AWS's clock\./);
  });

  it("an authenticator on this computer (its clock): refused here, naming the computer's clock and the fix, not the phone", async () => {
    const ctx = await emulatorContext(ahead);
    const { result, errors } = await enrol(ctx, (p) => codesAt(p.secret, Date.now()));
    expect(errors).toHaveLength(2);
    expect(errors[1]).toBe("This computer's clock is 10 minutes behind AWS's, and these codes follow it: fix it (sudo timedatectl set-ntp true), then type two fresh codes.");
    expect(errors[1]).not.toMatch(/phone/);
    // Skipped after that: nothing was enabled, and the device is gone again.
    expect(result).toEqual({ outcome: 'incomplete' });
    const iam = await ctx.aws.client('iam');
    expect((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices ?? []).toEqual([]);
  });
});

describe('admin-mfa when the clocks agree', () => {
  it("says nothing about clocks, and a phone's wrong codes are still the phone's", async () => {
    const ctx = await emulatorContext(same);
    const { errors, notes } = await enrol(ctx, (p) => codesAt(p.secret, Date.now() + OFFSET_MS));
    expect(errors[1]).toMatch(/^Neither code matches this device\. .*check that your phone sets its clock automatically\.$/);
    expect(notes.join('\n')).not.toMatch(/computer's clock/);
  });
});
