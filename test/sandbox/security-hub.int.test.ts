/**
 * Security Hub standards: moto has no standards API; the strict sandbox answers GetEnabledStandards and
 * BatchEnableStandards as AWS documents them, refuses both while the hub is off, refuses a second
 * EnableSecurityHub, and forgets everything on reset.
 */
import { BatchEnableStandardsCommand, DisableSecurityHubCommand, EnableSecurityHubCommand, GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { resetEmulator, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator();
const CIS5 = (region: string) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/5.0.0`;

function hub(endpoint: string, region = 'us-east-1'): SecurityHubClient {
  return new SecurityHubClient({ endpoint, region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

describe('security hub standards in the strict sandbox', () => {
  it('moto alone has no standards API and enables a hub twice without a word', async () => {
    const moto = hub(sb.motoEndpoint);
    await moto.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await moto.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect((await errorOf(moto.send(new GetEnabledStandardsCommand({})))).status).toBeGreaterThanOrEqual(400);
  });

  it('refuses the standards calls while the hub is off (InvalidAccessException), and a second EnableSecurityHub (ResourceConflictException)', async () => {
    const strict = hub(sb.endpoint);
    expect(await errorOf(strict.send(new GetEnabledStandardsCommand({})))).toMatchObject({ name: 'InvalidAccessException', status: 401 });
    expect(await errorOf(strict.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS5('us-east-1') }] })))).toMatchObject({
      name: 'InvalidAccessException',
      status: 401,
    });
    await strict.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect(await errorOf(strict.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false })))).toEqual({
      name: 'ResourceConflictException',
      status: 409,
      message: 'Account is already subscribed to Security Hub',
    });
  });

  it('enables a standard (PENDING, then READY), keeps it once when asked again, refuses an unknown or other-region ARN, per region', async () => {
    const strict = hub(sb.endpoint);
    await strict.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect((await strict.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions).toEqual([]);
    const made = await strict.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS5('us-east-1') }] }));
    expect(made.StandardsSubscriptions).toEqual([
      expect.objectContaining({
        StandardsArn: CIS5('us-east-1'),
        StandardsStatus: 'PENDING',
        StandardsSubscriptionArn: `arn:aws:securityhub:us-east-1:${sb.accountId}:subscription/cis-aws-foundations-benchmark/v/5.0.0`,
      }),
    ]);
    await strict.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS5('us-east-1') }] }));
    expect((await strict.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions?.map((s) => [s.StandardsArn, s.StandardsStatus])).toEqual([[CIS5('us-east-1'), 'READY']]);

    const wrong = await errorOf(strict.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS5('eu-west-1') }] })));
    expect(wrong).toMatchObject({ name: 'InvalidInputException', status: 400 });
    expect(wrong.message).toContain('Invalid StandardsSubscriptionRequest(s)');

    // Another region has its own hub and standards.
    expect((await errorOf(hub(sb.endpoint, 'eu-west-1').send(new GetEnabledStandardsCommand({})))).name).toBe('InvalidAccessException');
  });

  it('DisableSecurityHub and POST /moto-api/reset forget the subscriptions', async () => {
    const strict = hub(sb.endpoint);
    await strict.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await strict.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS5('us-east-1') }] }));
    await strict.send(new DisableSecurityHubCommand({}));
    await strict.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect((await strict.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions).toEqual([]);

    await strict.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS5('us-east-1') }] }));
    await resetEmulator(sb);
    await strict.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    expect((await strict.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions).toEqual([]);
  });
});
