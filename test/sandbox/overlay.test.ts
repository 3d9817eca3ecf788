/**
 * The root overlay against a real moto: the SDK talks to the overlay exactly as the wizard will.
 */
import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccountSummaryCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { startOverlay, type RootCredentials } from '../../src/sandbox/index.js';
import { eventually, recordedRequests, resetEmulator, classifyRecorded, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator();

/** Retries off: an error must surface on the first answer, not after backoff. */
function clients(credentials: RootCredentials = sb.rootCredentials) {
  const config = { endpoint: sb.endpoint, region: sb.region, credentials, maxAttempts: 1 };
  return { iam: new IAMClient(config), sts: new STSClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

async function summary(iam: IAMClient): Promise<Record<string, number>> {
  const out = await iam.send(new GetAccountSummaryCommand({}));
  return out.SummaryMap ?? {};
}

/** An IAM user with its own access key, made through the overlay with the root key. */
async function makeUserWithKey(name: string): Promise<RootCredentials> {
  const { iam } = clients();
  await iam.send(new CreateUserCommand({ UserName: name }));
  // The new user and then its new key are usable only once propagated (strict sandbox, as AWS: rules/consistency.ts).
  const key = (await eventually(() => iam.send(new CreateAccessKeyCommand({ UserName: name })))).AccessKey;
  expect(key?.AccessKeyId).toBeTruthy();
  const creds = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
  await eventually(() => clients(creds).sts.send(new GetCallerIdentityCommand({})));
  return creds;
}

async function overlayState(): Promise<unknown> {
  const res = await fetch(`${sb.endpoint}/sandbox/state`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('root identity', () => {
  it('GetCallerIdentity with the root key is the root user', async () => {
    const id = await clients().sts.send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:aws:iam::${sb.accountId}:root`);
    expect(id.UserId).toBe(sb.accountId);
    expect(id.Account).toBe(sb.accountId);
    expect(sb.accountId).toMatch(/^\d{12}$/);
  });

  it('the root key has the AWS shape', () => {
    expect(sb.rootCredentials.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(sb.rootCredentials.secretAccessKey).toHaveLength(40);
  });

  it('a key moto does not know is still moto’s default user, not root (the overlay only claims its own keys)', async () => {
    const stranger = clients({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    const id = await stranger.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Arn).not.toMatch(/:root$/);
  });

  it('ListAccessKeys without UserName lists root’s keys, with no UserName', async () => {
    const out = await clients().iam.send(new ListAccessKeysCommand({}));
    expect(out.AccessKeyMetadata).toHaveLength(1);
    const [key] = out.AccessKeyMetadata ?? [];
    expect(key?.AccessKeyId).toBe(sb.rootCredentials.accessKeyId);
    expect(key?.Status).toBe('Active');
    expect(key?.CreateDate).toBeInstanceOf(Date);
    expect(key?.UserName).toBeUndefined();
  });

  it('/sandbox/state tells ids, never secrets', async () => {
    const res = await fetch(`${sb.endpoint}/sandbox/state`);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      accountId: sb.accountId,
      strict: true,
      rootMfaEnabled: false,
      rootAccessKeyIds: [sb.rootCredentials.accessKeyId],
    });
    expect(text).not.toContain(sb.rootCredentials.secretAccessKey);
  });
});

describe('root access keys', () => {
  it('AccountAccessKeysPresent is 1, then 0 after root deletes its key without UserName', async () => {
    const admin = clients(await makeUserWithKey('admin'));
    expect((await summary(clients().iam)).AccountAccessKeysPresent).toBe(1);
    expect((await summary(admin.iam)).AccountAccessKeysPresent).toBe(1);

    await clients().iam.send(new DeleteAccessKeyCommand({ AccessKeyId: sb.rootCredentials.accessKeyId }));

    // As in AWS, the summary counts the deleted key for a few seconds more (rules/consistency.ts).
    await eventually(async () => expect((await summary(admin.iam)).AccountAccessKeysPresent).toBe(0));
    expect(await overlayState()).toMatchObject({ rootAccessKeyIds: [] });
  });

  it('a deleted root key gets InvalidClientTokenId (403) from STS and IAM, and its calls never reach moto', async () => {
    const admin = clients(await makeUserWithKey('admin'));
    const root = clients();
    await root.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: sb.rootCredentials.accessKeyId }));

    const stsError = await root.sts.send(new GetCallerIdentityCommand({})).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(stsError).toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });

    const iamError = await root.iam.send(new CreateGroupCommand({ GroupName: 'ghosts' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(iamError).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
    const groups = await admin.iam.send(new ListGroupsCommand({}));
    expect(groups.Groups ?? []).toEqual([]);
  });

  it('DeleteAccessKey without UserName of a key root does not own is NoSuchEntity, and root keeps its key', async () => {
    const err = await clients()
      .iam.send(new DeleteAccessKeyCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(NoSuchEntityException);
    expect(err).toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect((await summary(clients().iam)).AccountAccessKeysPresent).toBe(1);
  });
});

describe('root MFA', () => {
  it('markRootMfaEnrolled flips AccountMFAEnabled to 1; DELETE /sandbox/root-mfa flips it back', async () => {
    expect((await summary(clients().iam)).AccountMFAEnabled).toBe(0);
    await sb.markRootMfaEnrolled();
    expect((await summary(clients().iam)).AccountMFAEnabled).toBe(1);
    expect(await overlayState()).toMatchObject({ rootMfaEnabled: true });

    const res = await fetch(`${sb.endpoint}/sandbox/root-mfa`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect((await summary(clients().iam)).AccountMFAEnabled).toBe(0);
  });

  it('the rewrite leaves the rest of the summary as moto computed it', async () => {
    await clients().iam.send(new CreateUserCommand({ UserName: 'someone' }));
    await sb.markRootMfaEnrolled();
    const map = await summary(clients().iam);
    expect(map.Users).toBe(1);
    expect(map.AccessKeysPerUserQuota).toBe(2);
  });
});

describe('pass-through', () => {
  it('an IAM user’s key made through the overlay is that user in GetCallerIdentity', async () => {
    const user = clients(await makeUserWithKey('alice'));
    const id = await user.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(`arn:aws:iam::${sb.accountId}:user/alice`);
    expect(id.Account).toBe(sb.accountId);
    expect(id.UserId).not.toBe(sb.accountId);
  });

  it('calls the overlay does not own reach moto unchanged (CreateGroup, ListGroups)', async () => {
    const { iam } = clients();
    await iam.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
    const groups = await iam.send(new ListGroupsCommand({}));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['Administrators']);
    expect(groups.Groups?.[0]?.Arn).toBe(`arn:aws:iam::${sb.accountId}:group/Administrators`);

    const seen = (await recordedRequests(sb)).map((r) => ({ source: r.source, ...classifyRecorded(r) }));
    expect(seen).toEqual([
      { source: 'moto', service: 'iam', operation: 'CreateGroup' },
      { source: 'moto', service: 'iam', operation: 'ListGroups' },
    ]);
  });

  it('moto’s errors come back with their status and code', async () => {
    const err = await clients()
      .iam.send(new GetUserCommand({ UserName: 'nobody' }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(NoSuchEntityException);
    expect(err).toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('S3 bodies stream through both ways', async () => {
    const { s3 } = clients();
    const payload = Buffer.alloc(3 * 1024 * 1024, 'x');
    payload.write('start', 0);
    payload.write('end', payload.length - 3);
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
    await s3.send(new PutObjectCommand({ Bucket: 'trail-logs', Key: 'a/b.txt', Body: payload }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'trail-logs', Key: 'a/b.txt' }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(bytes.length).toBe(payload.length);
    expect(bytes.equals(payload)).toBe(true);
  });
});

describe('reset', () => {
  it('POST /moto-api/reset restores the brand-new account: root key back, MFA off, users gone', async () => {
    const admin = await makeUserWithKey('admin');
    await sb.markRootMfaEnrolled();
    await clients().iam.send(new DeleteAccessKeyCommand({ AccessKeyId: sb.rootCredentials.accessKeyId }));

    await resetEmulator(sb);

    expect(await overlayState()).toEqual({
      accountId: sb.accountId,
      strict: true,
      rootMfaEnabled: false,
      rootAccessKeyIds: [sb.rootCredentials.accessKeyId],
    });
    const root = clients();
    expect((await root.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${sb.accountId}:root`);
    const map = await summary(root.iam);
    expect(map.AccountAccessKeysPresent).toBe(1);
    expect(map.AccountMFAEnabled).toBe(0);
    expect(map.Users).toBe(0);
    // The old user's key died with moto's state.
    const old = await clients(admin).sts.send(new GetCallerIdentityCommand({}));
    expect(old.Arn).not.toContain('user/admin');
  });
});

describe('another account id', () => {
  it('root of a non-default account gets its own ARNs from moto too', async () => {
    const other = await startOverlay({ target: sb.motoEndpoint, accountId: '111122223333' });
    try {
      const config = { endpoint: other.endpoint, region: sb.region, credentials: other.rootCredentials, maxAttempts: 1 };
      const iam = new IAMClient(config);
      expect((await new STSClient(config).send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::111122223333:root');
      const group = await iam.send(new CreateGroupCommand({ GroupName: 'Administrators' }));
      expect(group.Group?.Arn).toBe('arn:aws:iam::111122223333:group/Administrators');
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      const key = (await eventually(() => iam.send(new CreateAccessKeyCommand({ UserName: 'bob' })))).AccessKey;
      const bob = new STSClient({ ...config, credentials: { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' } });
      // Bob's key works once it has propagated (strict sandbox, as AWS).
      expect((await eventually(() => bob.send(new GetCallerIdentityCommand({})))).Arn).toBe('arn:aws:iam::111122223333:user/bob');
      // The default account (the first overlay's) is untouched.
      expect((await clients().iam.send(new ListGroupsCommand({}))).Groups ?? []).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
