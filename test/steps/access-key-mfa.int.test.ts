/**
 * Once the admin has an MFA device, the profile the access-key step writes hands out MFA sessions
 * (credential-process --mfa-serial), not the long-term key; a profile written before the device existed
 * is written again. Strict sandbox, real keychain.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { accessKeyEntry, openKeychain } from '../../src/keychain/index.js';
import { accessKeyStep } from '../../src/steps/access-key/index.js';
import type { StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { eventually, useEmulator } from '../helpers/emulator.js';
import { totp } from '../helpers/totp.js';
import { noOperator } from '../helpers/operator.js';

const em = useEmulator({ accountId: '210000000083' });
const keychain = openKeychain();
afterAll(async () => {
  await keychain.delete(accessKeyEntry(em.accountId, 'admin')).catch(() => false);
});

async function run(ctx: StepContext) {
  // The test changes the account with clients of its own (a user it made may not show yet): each run
  // reads AWS, not what an earlier try of the run's read cache holds.
  ctx.aws.forgetReads();
  const finding = await accessKeyStep.check(ctx);
  const answers = { profile: 'ops' };
  const plan = accessKeyStep.plan(ctx, finding, answers);
  await accessKeyStep.apply(ctx, finding, answers, noOperator());
  return {
    finding,
    plan,
    verified: await eventually(async () => {
      // Each try reads AWS, as the runner's verification does, not the run's read cache.
      ctx.aws.forgetReads();
      const v = await accessKeyStep.verify!(ctx, answers);
      if (v.status !== 'done') throw new Error(v.summary);
      return v;
    }),
  };
}

describe('the admin profile and the MFA device', () => {
  it('without a device: the long-term key; once one is enrolled: MFA sessions, the profile written again', async () => {
    const iam = new IAMClient({ endpoint: em.endpoint, region: em.region, credentials: em.rootCredentials });
    await iam.send(new CreateUserCommand({ UserName: 'admin', Tags: [{ Key: 'created-by', Value: 'aws-harden' }] }));
    const base = await emulatorContext(em);
    const config = join(mkdtempSync(join(tmpdir(), 'access-key-mfa-')), 'config');
    const ctx: StepContext = { ...base, keychain, env: { AWS_CONFIG_FILE: config }, answersOf: (id) => (id === 'access-key' ? { profile: 'ops' } : undefined) };

    const first = await eventually(() => run(ctx));
    expect(readFileSync(config, 'utf8')).toMatch(/credential_process = .* credential-process --account 210000000083 --user admin\n/);

    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'admin' }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString('utf8');
    await eventually(async () => {
      const now = Date.now() / 1000;
      await iam.send(new EnableMFADeviceCommand({ UserName: 'admin', SerialNumber: device.SerialNumber!, AuthenticationCode1: totp(seed, now - 30), AuthenticationCode2: totp(seed, now) }));
    });
    // Enrolled behind the run's back, as in the console while a prompt waits (the runner then forgets its reads).
    ctx.aws.forgetReads();
    const again = await accessKeyStep.check(ctx);
    expect(again.status).toBe('todo');
    expect(again.summary).toContain(`profile "ops" hands out the long-term key: it will ask for an MFA code of ${device.SerialNumber} once per session instead`);
    const second = await run(ctx);
    // Only the profile changes: the key stays.
    expect(second.plan.map((c) => c.operation)).toEqual(['WriteProfile', 'GetCallerIdentity']);
    expect(second.plan[0]!.params.credential_process).toMatch(new RegExp(`--mfa-serial ${device.SerialNumber!.replace(/[/.]/g, '\\$&')} --region us-east-1$`));
    expect(readFileSync(config, 'utf8')).toContain(`credential-process --account 210000000083 --user admin --mfa-serial ${device.SerialNumber} --region us-east-1\n`);
    expect(second.verified.summary).toContain('it asks for an MFA code');
    expect(first.verified.status).toBe('done');
    iam.destroy();
  }, 60_000);
});
