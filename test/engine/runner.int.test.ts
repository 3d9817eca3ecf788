import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/journal.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { STEPS } from '../../src/steps/index.js';
import { passwordPolicyStep } from '../../src/steps/password-policy.js';
import { kmsKeyStep } from '../../src/steps/kms-key/index.js';
import { cloudtrailStep } from '../../src/steps/cloudtrail/index.js';
import { budgetStep } from '../../src/steps/budget/index.js';
import { openKeychain } from '../../src/keychain/index.js';
import type { Answers, Step, StepContext, StepId } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { runHeadless } from '../helpers/headless.js';
import { describeRecorded, isMutatingRecorded, recordedRequests, startAuthorizingSandbox, useEmulator } from '../helpers/emulator.js';

const em = useEmulator({ accountId: '210000000005' });

function journalFor(ctx: StepContext, writable: boolean) {
  const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'runner-test-')) };
  return Journal.open(ctx.identity.account, { env, writable });
}

/** The steps a headless run can finish alone: no person, no keychain. */
const UNATTENDED: readonly Step[] = [passwordPolicyStep, kmsKeyStep, cloudtrailStep, budgetStep];

/** What an operator gives in --config for a full headless run. */
const ANSWERS: Partial<Record<StepId, Answers>> = { budget: { email: 'ops@example.com' } };

/** Runs headless and keeps the printed lines and the reduced state. */
async function run(ctx: StepContext, journal: Journal, dryRun: boolean, presets: Partial<Record<StepId, Answers>> = {}, steps: readonly Step[] = UNATTENDED) {
  return runHeadless(ctx, steps, journal, { dryRun, presets: { ...ANSWERS, ...presets }, headless: true });
}

describe('the runner, headless, against the emulator', () => {
  it('dry-run walks every step, shows the calls, and no mutating request reaches the emulator', async () => {
    const ctx = await emulatorContext(em, { dryRun: true });
    const journal = journalFor(ctx, false);
    const { result, lines, state } = await run(ctx, journal, true);
    expect(result).toEqual({ outcome: 'previewed' });
    expect(state.steps.every((s) => s.status === 'previewed')).toBe(true);
    expect(lines.join('\n')).toContain('would call iam:UpdateAccountPasswordPolicy');
    expect(lines.join('\n')).toContain('"MinimumPasswordLength": 14');
    const requests = await recordedRequests(em);
    expect(requests.map(describeRecorded)).toContain('iam:GetAccountPasswordPolicy');
    expect(requests.filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    expect(ctx.aws.recorder.count('mutate')).toBe(0);
    expect(existsSync(journal.path)).toBe(false);
  });

  it('dry-run of EVERY step, with the real keychain: nothing mutating reaches the emulator, nothing is written', async () => {
    const base = await emulatorContext(em, { dryRun: true });
    const home = mkdtempSync(join(tmpdir(), 'runner-home-'));
    const ctx: StepContext = { ...base, keychain: openKeychain(), env: { AWS_CONFIG_FILE: join(home, 'config') } };
    const journal = journalFor(ctx, false);
    const { result, state } = await run(ctx, journal, true, {}, STEPS);
    expect(result).toEqual({ outcome: 'previewed' });
    const byStatus = Object.fromEntries(state.steps.map((st) => [st.id, st.status]));
    // Steps that need a person are skipped in a headless run; root keys wait for a proven admin key.
    expect(byStatus).toMatchObject({ 'root-mfa': 'skipped', 'admin-mfa': 'skipped', 'password-policy': 'previewed', cloudtrail: 'previewed', budget: 'previewed' });
    expect(Object.values(byStatus).every((st) => ['previewed', 'skipped', 'blocked'].includes(st))).toBe(true);
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    expect(ctx.aws.recorder.count('mutate')).toBe(0);
    expect(existsSync(journal.path)).toBe(false);
    expect(existsSync(join(home, 'config'))).toBe(false);
  });

  it('applies, verifies, journals; a second run changes nothing', async () => {
    const ctx = await emulatorContext(em);
    const journal = journalFor(ctx, true);
    const first = await run(ctx, journal, false, { 'password-policy': { maxAgeDays: '0' } });
    expect(first.result).toEqual({ outcome: 'hardened' });
    expect(first.lines.some((l) => /^✓ password-policy\s+done/.test(l))).toBe(true);
    const saved = JSON.parse(readFileSync(journal.path, 'utf8'));
    for (const step of UNATTENDED) expect(saved.steps[step.id]?.status, step.id).toBe('done');
    expect(saved.answers['password-policy']).toEqual({ maxAgeDays: '0' });
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toContain('iam:UpdateAccountPasswordPolicy');

    await resetRecordingOnly();
    const second = await run(ctx, journal, false);
    expect(second.result).toEqual({ outcome: 'hardened' });
    expect(second.state.steps.find((x) => x.id === 'password-policy')?.note).toMatch(/meets CIS/);
    expect(second.state.steps.every((x) => x.status === 'done')).toBe(true);
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });
});

async function resetRecordingOnly() {
  await fetch(`${em.motoEndpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
  await fetch(`${em.endpoint}/sandbox/recorder/reset-recording`, { method: 'POST' });
}

describe('a step that fails on AccessDenied', () => {
  let sb: Sandbox;
  let creds: { accessKeyId: string; secretAccessKey: string };
  beforeAll(async () => {
    ({ sandbox: sb, credentials: creds } = await startAuthorizingSandbox({ user: 'reader', allow: ['sts:GetCallerIdentity', 'iam:GetAccountPasswordPolicy'] }));
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('stops with the missing action named, and the journal records the failure', async () => {
    const ctx = await emulatorContext(sb, { credentials: creds });
    const journal = journalFor(ctx, true);
    const { result, lines } = await run(ctx, journal, false, {}, [passwordPolicyStep]);
    expect(result).toEqual({ stopped: 'failed' });
    expect(lines.join('\n')).toMatch(/✗ password-policy\s+failed\s+Access denied: the caller may not perform iam:UpdateAccountPasswordPolicy\. — Grant iam:UpdateAccountPasswordPolicy/);
    const saved = JSON.parse(readFileSync(journal.path, 'utf8'));
    expect(saved.steps['password-policy']).toMatchObject({ status: 'failed' });
  });
});
