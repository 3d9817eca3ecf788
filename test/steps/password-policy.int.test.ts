import { describe, expect, it } from 'vitest';
import { UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { getPasswordPolicy } from '../../src/aws/iam.js';
import { passwordPolicyStep as step } from '../../src/steps/password-policy.js';
import { emulatorContext } from '../helpers/aws.js';
import { isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';

const em = useEmulator();

describe('password-policy against the emulator', () => {
  it('finds no policy, applies the CIS one, and reads it back exactly', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/no password policy is set/);
    await step.apply(ctx, before, { maxAgeDays: '0' }, noOperator());
    expect(await getPasswordPolicy(ctx.aws)).toEqual({
      minimumLength: 14,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      maxAgeDays: 0,
      reusePrevention: 24,
      hardExpiry: false,
    });
    expect((await step.verify!(ctx, { maxAgeDays: '0' })).status).toBe('done');
    expect((await step.check(ctx)).status).toBe('done');
  });

  it('keeps a stronger length and the chosen expiry', async () => {
    const ctx = await emulatorContext(em);
    await (await ctx.aws.client('iam')).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 20, RequireSymbols: true, MaxPasswordAge: 90 }));
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(step.questions!(ctx, before)[0]?.default).toBe('90');
    expect(step.plan(ctx, before, { maxAgeDays: '90' })[0]?.params).toMatchObject({ MinimumPasswordLength: 20, MaxPasswordAge: 90, PasswordReusePrevention: 24 });
    await step.apply(ctx, before, { maxAgeDays: '90' }, noOperator());
    expect(await getPasswordPolicy(ctx.aws)).toMatchObject({ minimumLength: 20, maxAgeDays: 90 });
    expect((await step.verify!(ctx, { maxAgeDays: '90' })).status).toBe('done');
    // Verification is exact: a different expiry than asked for is not "done".
    expect((await step.verify!(ctx, { maxAgeDays: '0' })).status).toBe('todo');
  });

  it('checks with reads only', async () => {
    const ctx = await emulatorContext(em);
    await step.check(ctx);
    const requests = await recordedRequests(em);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter(isMutatingRecorded)).toEqual([]);
  });
});
