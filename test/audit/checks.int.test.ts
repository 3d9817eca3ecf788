/**
 * The audit's read-only checks against the emulator: a fresh account passes every one, and each
 * finding CIS names (a user's own policy, two active keys, a console password without MFA, a
 * full-admin customer policy) fails exactly the check that decides it. Reads only.
 */
import { describe, expect, it } from 'vitest';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateLoginProfileCommand, CreatePolicyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { runReadOnlyChecks } from '../../src/audit/checks/index.js';
import { emulatorAws } from '../helpers/aws.js';
import { describeRecorded, eventually, isMutatingRecorded, recordedRequests, resetRecording, useEmulator } from '../helpers/emulator.js';

const em = useEmulator();

const ADMIN_DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

function iam(): IAMClient {
  return new IAMClient({ endpoint: em.endpoint, region: em.region, credentials: em.rootCredentials });
}

/** A user the strict sandbox already shows (new IAM users appear after a moment, as on AWS). */
async function user(client: IAMClient, name: string): Promise<void> {
  await client.send(new CreateUserCommand({ UserName: name }));
  await eventually(() => client.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'probe', PolicyDocument: ADMIN_DOCUMENT })).then(() => undefined));
}

async function statuses(): Promise<Record<string, string>> {
  const aws = await emulatorAws(em);
  try {
    return Object.fromEntries((await runReadOnlyChecks(aws)).map((r) => [r.id, r.status]));
  } finally {
    aws.destroy();
  }
}

const ALL_PASS = { 'console-mfa': 'pass', 'unused-credentials': 'pass', 'one-active-key': 'pass', 'key-rotation': 'pass', 'group-permissions': 'pass', 'admin-policies': 'pass' };

describe('the read-only checks against the emulator', () => {
  it('a fresh account passes them all, with reads only, and each names its CIS controls', async () => {
    const aws = await emulatorAws(em);
    const results = await runReadOnlyChecks(aws);
    aws.destroy();
    expect(Object.fromEntries(results.map((r) => [r.id, r.status]))).toEqual(ALL_PASS);
    expect(results.find((r) => r.id === 'console-mfa')).toMatchObject({ controls: ['CIS 1.9'], detail: 'No IAM user has a console password.' });
    expect(results.find((r) => r.id === 'group-permissions')?.controls).toEqual(['CIS 1.14']);
    const requests = await recordedRequests(em);
    expect(requests.map(describeRecorded)).toContain('iam:GetCredentialReport');
    // One report for the four checks that read it.
    expect(requests.map(describeRecorded).filter((r) => r === 'iam:GetCredentialReport')).toHaveLength(1);
    expect(requests.filter(isMutatingRecorded)).toEqual([]);
  });

  it('a user with an inline policy: permissions not through a group; the AWS managed AdministratorAccess is no customer policy', async () => {
    const client = iam();
    await user(client, 'inline-alice');
    await client.send(new AttachUserPolicyCommand({ UserName: 'inline-alice', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    client.destroy();
    await resetRecording(em);
    const aws = await emulatorAws(em);
    const results = await runReadOnlyChecks(aws);
    aws.destroy();
    expect(Object.fromEntries(results.map((r) => [r.id, r.status]))).toEqual({ ...ALL_PASS, 'group-permissions': 'fail' });
    expect(results.find((r) => r.id === 'group-permissions')?.detail).toBe('1 user with policies of their own, not through a group: inline-alice (2 policies).');
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('a user with two active access keys', async () => {
    const client = iam();
    await user(client, 'two-keys');
    await client.send(new CreateAccessKeyCommand({ UserName: 'two-keys' }));
    await client.send(new CreateAccessKeyCommand({ UserName: 'two-keys' }));
    client.destroy();
    await eventually(async () => expect((await statuses())['one-active-key']).toBe('fail'));
    const aws = await emulatorAws(em);
    const results = await runReadOnlyChecks(aws);
    aws.destroy();
    expect(results.find((r) => r.id === 'one-active-key')?.detail).toBe('1 user with two active access keys: two-keys.');
    expect(results.find((r) => r.id === 'key-rotation')?.status).toBe('pass'); // new keys are not old
  });

  it('a console password without MFA', async () => {
    const client = iam();
    await user(client, 'console-carol');
    await client.send(new CreateLoginProfileCommand({ UserName: 'console-carol', Password: 'Correct-Horse-Battery-9' }));
    client.destroy();
    await eventually(async () => expect((await statuses())['console-mfa']).toBe('fail'));
    const aws = await emulatorAws(em);
    const results = await runReadOnlyChecks(aws);
    aws.destroy();
    expect(results.find((r) => r.id === 'console-mfa')?.detail).toBe('1 user with a console password and no MFA: console-carol.');
  });

  it('a customer managed policy that allows "*" on "*", attached: full admin', async () => {
    const client = iam();
    await user(client, 'admin-dave');
    const { Policy } = await client.send(new CreatePolicyCommand({ PolicyName: 'everything', PolicyDocument: ADMIN_DOCUMENT }));
    await eventually(() => client.send(new AttachUserPolicyCommand({ UserName: 'admin-dave', PolicyArn: Policy!.Arn! })).then(() => undefined));
    client.destroy();
    await eventually(async () => expect((await statuses())['admin-policies']).toBe('fail'));
    const aws = await emulatorAws(em);
    const results = await runReadOnlyChecks(aws);
    aws.destroy();
    expect(results.find((r) => r.id === 'admin-policies')?.detail).toBe('Attached customer managed policies that allow "*" on "*": everything.');
  });
});
