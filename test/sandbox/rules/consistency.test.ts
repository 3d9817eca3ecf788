/**
 * Eventual consistency (rules/consistency.ts): moto makes every change visible to the next request;
 * the strict sandbox, like AWS, does not — for a short, seeded while.
 */
import { AddUserToGroupCommand, CreateAccessKeyCommand, CreateGroupCommand, CreateUserCommand, DeleteAccessKeyCommand, GetAccountSummaryCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { DELAY_RANGES, DelaySource, EventualConsistency } from '../../../src/sandbox/overlay/rules/consistency.js';
import type { OverlayRequest, RuleContext } from '../../../src/sandbox/overlay/types.js';
import { eventually, useEmulator } from '../../helpers/emulator.js';

const sb = useEmulator();

type Creds = { accessKeyId: string; secretAccessKey: string };
const cfg = (endpoint: string, credentials: Creds = sb.rootCredentials) => ({ endpoint, region: sb.region, credentials, maxAttempts: 1 });

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

/** A user with a key made in moto directly: not new to the overlay, so it works at once. */
async function settledUser(name: string): Promise<Creds> {
  const iam = new IAMClient(cfg(sb.motoEndpoint));
  await iam.send(new CreateUserCommand({ UserName: name }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
}

describe('eventual consistency: IAM users and groups', () => {
  it('moto alone shows a new user to the next call', async () => {
    const iam = new IAMClient(cfg(sb.motoEndpoint));
    await iam.send(new CreateUserCommand({ UserName: 'at-once' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'at-once' }))).User?.UserName).toBe('at-once');
  });

  it('strict: the next call after CreateUser is NoSuchEntity (404, as IAM words it), a moment later the user is there', async () => {
    const iam = new IAMClient(cfg(sb.endpoint));
    await iam.send(new CreateUserCommand({ UserName: 'later' }));
    expect(await errorOf(iam.send(new GetUserCommand({ UserName: 'later' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name later cannot be found.',
    });
    const user = await eventually(() => iam.send(new GetUserCommand({ UserName: 'later' })));
    expect(user.User?.UserName).toBe('later');
  });

  it('strict: a new group is NoSuchEntity to AddUserToGroup for a moment', async () => {
    await settledUser('member');
    const iam = new IAMClient(cfg(sb.endpoint));
    await iam.send(new CreateGroupCommand({ GroupName: 'Admins' }));
    const add = new AddUserToGroupCommand({ UserName: 'member', GroupName: 'Admins' });
    expect(await errorOf(iam.send(add))).toEqual({ name: 'NoSuchEntityException', status: 404, message: 'The group with name Admins cannot be found.' });
    await eventually(() => iam.send(add));
  });
});

describe('eventual consistency: access keys', () => {
  it('moto alone accepts a new key at once; strict refuses it as STS does (InvalidClientTokenId, 403), then accepts it', async () => {
    await settledUser('keyholder');
    const moto = new IAMClient(cfg(sb.motoEndpoint));
    const direct = (await moto.send(new CreateAccessKeyCommand({ UserName: 'keyholder' }))).AccessKey;
    const motoSts = new STSClient(cfg(sb.motoEndpoint, { accessKeyId: direct?.AccessKeyId ?? '', secretAccessKey: direct?.SecretAccessKey ?? '' }));
    expect((await motoSts.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/:user\/keyholder$/);
    await moto.send(new DeleteAccessKeyCommand({ UserName: 'keyholder', AccessKeyId: direct?.AccessKeyId ?? '' }));

    const made = (await new IAMClient(cfg(sb.endpoint)).send(new CreateAccessKeyCommand({ UserName: 'keyholder' }))).AccessKey;
    const sts = new STSClient(cfg(sb.endpoint, { accessKeyId: made?.AccessKeyId ?? '', secretAccessKey: made?.SecretAccessKey ?? '' }));
    expect(await errorOf(sts.send(new GetCallerIdentityCommand({})))).toEqual({
      name: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
    const who = await eventually(() => sts.send(new GetCallerIdentityCommand({})));
    expect(who.Arn).toMatch(/:user\/keyholder$/);
  });
});

describe('eventual consistency: KMS keys', () => {
  it('moto alone lets CreateAlias use a new key at once', async () => {
    const kms = new KMSClient(cfg(sb.motoEndpoint));
    const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? '';
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/at-once', TargetKeyId: id }));
  });

  it('strict: CreateAlias, EnableKeyRotation and GetKeyRotationStatus are NotFoundException (400) for a moment', async () => {
    const kms = new KMSClient(cfg(sb.endpoint));
    const meta = (await kms.send(new CreateKeyCommand({}))).KeyMetadata;
    const id = meta?.KeyId ?? '';
    const notFound = { name: 'NotFoundException', status: 400, message: `Key '${meta?.Arn ?? ''}' does not exist` };
    expect(await errorOf(kms.send(new CreateAliasCommand({ AliasName: 'alias/later', TargetKeyId: id })))).toEqual(notFound);
    expect(await errorOf(kms.send(new EnableKeyRotationCommand({ KeyId: meta?.Arn })))).toEqual(notFound);
    expect(await errorOf(kms.send(new GetKeyRotationStatusCommand({ KeyId: id })))).toEqual(notFound);
    await eventually(() => kms.send(new CreateAliasCommand({ AliasName: 'alias/later', TargetKeyId: id })));
    await kms.send(new EnableKeyRotationCommand({ KeyId: id }));
  });
});

describe('eventual consistency: the account summary after the root key is deleted', () => {
  it('still counts the deleted root key (AccountAccessKeysPresent = 1) for a few seconds, then 0', async () => {
    const reader = new IAMClient(cfg(sb.endpoint, await settledUser('auditor')));
    const present = async () => (await reader.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountAccessKeysPresent;
    expect(await present()).toBe(1);
    await new IAMClient(cfg(sb.endpoint)).send(new DeleteAccessKeyCommand({ AccessKeyId: sb.rootCredentials.accessKeyId }));
    expect(await present()).toBe(1);
    await eventually(async () => expect(await present()).toBe(0));
  });
});

describe('the delays are reproducible from the seed', () => {
  it('the same seed gives the same delays; another seed others; the scale multiplies them', () => {
    const draw = (seed: number, scale = 1) => {
      const src = new DelaySource(seed, scale);
      return (['user', 'group', 'accessKey', 'kmsKey', 'rootKeySummary', 'user', 'accessKey'] as const).map((k) => src.next(k));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    const once = draw(7);
    draw(7, 2).forEach((d, i) => expect(Math.abs(d - 2 * (once[i] ?? 0))).toBeLessThanOrEqual(1));
    for (const d of draw(7).slice(0, 2)) expect(d).toBeGreaterThanOrEqual(DELAY_RANGES.user[0]);
    expect(() => new DelaySource(7, 0)).toThrow(/positive/);
  });

  it('two sandboxes with one seed make a new user visible at the same moment; reset replays the delays', () => {
    const visibleAfter = (seed: number) => {
      let t = 1_000_000;
      const root = { keys: [1], keyDeletedAt: undefined };
      const ctx: RuleContext = { accountId: '123456789012', motoEndpoint: 'http://127.0.0.1:1', now: () => t, root, optInRegions: new Set() };
      const rule = new EventualConsistency(ctx, { seed });
      const firstUserDelay = () => {
        const req = (action: string): OverlayRequest => ({
          method: 'POST',
          url: new URL('http://x/'),
          headers: {},
          body: Buffer.alloc(0),
          signer: { accessKeyId: 'AKIAOTHER', service: 'iam' },
          service: 'iam',
          region: 'us-east-1',
          action,
          params: new URLSearchParams({ Action: action, UserName: 'u' }),
          json: {},
          asRoot: false,
        });
        const start = t;
        rule.after(req('CreateUser'), { status: 200, statusMessage: 'OK', upstream: undefined as never, body: Buffer.alloc(0) });
        while (rule.before(req('GetUser')) !== undefined) t += 1;
        return t - start;
      };
      const first = firstUserDelay();
      rule.reset();
      return { first, afterReset: firstUserDelay() };
    };
    const a = visibleAfter(42);
    expect(a).toEqual(visibleAfter(42));
    expect(a.afterReset).toBe(a.first);
    expect(visibleAfter(43).first).not.toBe(a.first);
  });
});
