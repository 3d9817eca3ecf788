/**
 * The overlay's fault mode against a real moto: throttling and 500s before AWS acts, and a lost
 * answer after it acted — the case a blind retry turns into a duplicate.
 */
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteAccessKeyCommand } from '@aws-sdk/client-iam';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { startOverlay, type FaultOptions, type FaultReport } from '../../src/sandbox/index.js';
import { eventually, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator();

function clients() {
  const config = { endpoint: sb.endpoint, region: sb.region, credentials: sb.rootCredentials, maxAttempts: 1 };
  return { iam: new IAMClient(config), kms: new KMSClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

async function setFaults(options: FaultOptions | undefined): Promise<FaultReport> {
  const res = await fetch(`${sb.endpoint}/sandbox/faults`, options === undefined ? { method: 'DELETE' } : { method: 'POST', body: JSON.stringify(options) });
  expect(res.status).toBe(200);
  return (await res.json()) as FaultReport;
}

async function report(): Promise<FaultReport> {
  return (await (await fetch(`${sb.endpoint}/sandbox/faults`)).json()) as FaultReport;
}

async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; code?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; code?: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, ...(err.code ? { code: err.code } : {}) };
  }
  throw new Error('expected the call to fail');
}

describe('fault mode', () => {
  it('throttles in each protocol as AWS does, before the request is acted on', async () => {
    const { iam, kms, s3 } = clients();
    await setFaults({ throttle: 1 });
    expect(await failure(iam.send(new ListUsersCommand({})))).toMatchObject({ name: 'Throttling', status: 400 });
    expect(await failure(kms.send(new ListKeysCommand({})))).toMatchObject({ name: 'ThrottlingException', status: 400 });
    expect(await failure(s3.send(new ListBucketsCommand({})))).toMatchObject({ name: 'SlowDown', status: 503 });
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'never' })))).toMatchObject({ name: 'Throttling' });
    expect((await report()).throttled).toBe(4);
    await setFaults(undefined);
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'never' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('a 500 before AWS acts changes nothing', async () => {
    const { iam } = clients();
    await setFaults({ serverError: 1 });
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'not-made' })))).toMatchObject({ status: 500 });
    await setFaults(undefined);
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'not-made' })))).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('a lost answer: the request is applied, the client gets a 500 (or a reset), reads are not counted', async () => {
    const { iam } = clients();
    await setFaults({ loseAnswer: { nth: 2, as: '500' } });
    await iam.send(new CreateUserCommand({ UserName: 'first' }));
    await iam.send(new ListUsersCommand({}));
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'second' })))).toMatchObject({ status: 500 });
    // The user was made; the strict sandbox, as IAM, shows a new user a moment later (rules/consistency.ts).
    expect((await eventually(() => iam.send(new GetUserCommand({ UserName: 'second' })))).User?.UserName).toBe('second');
    expect(await report()).toMatchObject({ mutating: 2, lost: 'iam:CreateUser' });

    await setFaults({ loseAnswer: { nth: 1, as: 'reset' } });
    const reset = await failure(iam.send(new CreateUserCommand({ UserName: 'third' })));
    expect(reset.status).toBeUndefined();
    expect((await eventually(() => iam.send(new GetUserCommand({ UserName: 'third' })))).User?.UserName).toBe('third');
  });

  it("the root user's DeleteAccessKey (answered by the overlay) can lose its answer too: the key is gone", async () => {
    const { iam } = clients();
    await setFaults({ loseAnswer: { nth: 1, as: '500' } });
    expect(await failure(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: sb.rootCredentials.accessKeyId })))).toMatchObject({ status: 500 });
    const state = (await (await fetch(`${sb.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] };
    expect(state.rootAccessKeyIds).toEqual([]);
  });

  it('is reproducible: the same seed throttles the same requests', async () => {
    const { iam } = clients();
    const pattern = async (seed: number): Promise<string> => {
      await setFaults({ seed, throttle: 0.3 });
      let out = '';
      for (let i = 0; i < 20; i += 1)
        out += await iam.send(new ListUsersCommand({})).then(
          () => '.',
          () => 'T',
        );
      return out;
    };
    const first = await pattern(7);
    expect(first).toMatch(/T/);
    expect(first).toMatch(/\./);
    expect(await pattern(7)).toBe(first);
    expect(await pattern(8)).not.toBe(first);
  });

  it('an unreachable region: its requests get no answer until the client gives up; other regions answer meanwhile', async () => {
    await setFaults({ unreachableRegions: ['eu-west-3'] });
    const config = (region: string) => ({ endpoint: sb.endpoint, region, credentials: sb.rootCredentials, maxAttempts: 1 });
    const started = Date.now();
    const held = failure(new EC2Client(config('eu-west-3')).send(new DescribeRegionsCommand({}), { abortSignal: AbortSignal.timeout(2_000) }));
    const heldSts = failure(new STSClient(config('eu-west-3')).send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(2_000) }));
    // Another region, and the same service, answer while those wait.
    expect((await new EC2Client(config('eu-west-2')).send(new DescribeRegionsCommand({ RegionNames: ['eu-west-2'] }))).Regions?.[0]?.RegionName).toBe('eu-west-2');
    expect((await new STSClient(config('us-east-1')).send(new GetCallerIdentityCommand({}))).Account).toBe(sb.accountId);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await held).toMatchObject({ name: 'AbortError', status: undefined });
    expect(await heldSts).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(await report()).toMatchObject({ held: 2, options: { unreachableRegions: ['eu-west-3'] } });
  });

  it('a request held for an unreachable region does not keep the overlay from stopping', async () => {
    const overlay = await startOverlay({ target: sb.motoEndpoint, faults: { unreachableRegions: ['eu-west-3'] } });
    const auth = `AWS4-HMAC-SHA256 Credential=${overlay.rootCredentials.accessKeyId}/20260101/eu-west-3/sts/aws4_request, SignedHeaders=host, Signature=0`;
    const pending = fetch(`${overlay.endpoint}/`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    }).then(
      (r) => `answered ${r.status}`,
      () => 'connection closed',
    );
    await eventually(async () => {
      const state = (await (await fetch(`${overlay.endpoint}/sandbox/faults`)).json()) as FaultReport;
      if (state.held !== 1) throw new Error('not held yet');
    });
    const started = Date.now();
    await overlay.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBe('connection closed');
  });

  it('unreachableRegions that is not a list of names is refused, at start and by POST', async () => {
    const res = await fetch(`${sb.endpoint}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ unreachableRegions: 'eu-west-3' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('unreachableRegions must be a list of region names, e.g. ["eu-west-1"]; got "eu-west-3"');
    await expect(startOverlay({ target: sb.motoEndpoint, faults: { unreachableRegions: 'eu-west-3' } as unknown as FaultOptions })).rejects.toMatchObject({
      name: 'FaultOptionsError',
      remedy: expect.stringMatching(/AWS_HARDEN_SANDBOX_FAULTS/),
    });
  });
});
