/**
 * Waiting out propagation, against the strict sandbox (whose consistency rule delays new users, groups,
 * access keys and KMS keys as AWS does): the product's own AWS layer retries a not-found about what it
 * just made, says so in events, and leaves every other not-found alone.
 */
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import type { Aws } from '../../src/aws/context.js';
import type { PropagationEvent } from '../../src/aws/propagation.js';
import { addUserToGroup, awsWithKey, createAccessKey, createGroup, createUser, getUser, groupsForUser, identityOfKey } from '../../src/aws/iam-identity.js';
import { getCallerIdentity } from '../../src/aws/sts.js';
import { emulatorAws } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';

const sb = useEmulator({ accountId: '210000000031' });

function watch(aws: Aws): PropagationEvent[] {
  const events: PropagationEvent[] = [];
  aws.propagation.onEvent((e) => events.push(e));
  return events;
}

const propagatingAttempts = (aws: Aws) => aws.recorder.calls.filter((c) => c.error === 'propagating').length;

describe('the AWS layer waits for what this run made', () => {
  it('a new user: the next call waits until IAM shows it, with progress events, and finds it', async () => {
    const aws = await emulatorAws(sb);
    const events = watch(aws);
    await createUser(aws, 'admin', {});
    const user = await getUser(aws, 'admin');
    expect(user?.name).toBe('admin');
    expect(events[0]).toMatchObject({ type: 'waiting', thing: { kind: 'user', name: 'admin' }, action: 'iam:GetUser', code: 'NoSuchEntity' });
    expect(events.at(-1)).toMatchObject({ type: 'settled', ok: true, thing: { name: 'admin' } });
    expect(propagatingAttempts(aws)).toBeGreaterThan(0);
  });

  it('a user this run did not make is "not found" at once: no wait', async () => {
    const aws = await emulatorAws(sb);
    const events = watch(aws);
    expect(await getUser(aws, 'nobody')).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('a new group is never reported missing to AddUserToGroup', async () => {
    const aws = await emulatorAws(sb);
    await createUser(aws, 'member', {});
    await createGroup(aws, 'Administrators');
    await addUserToGroup(aws, 'member', 'Administrators');
    expect(await groupsForUser(aws, 'member')).toEqual(['Administrators']);
  });

  it('a new access key: STS signed with it is waited out, through a layer derived for that key', async () => {
    const aws = await emulatorAws(sb);
    const events = watch(aws);
    await createUser(aws, 'keyholder', {});
    const key = await createAccessKey(aws, 'keyholder');
    // Signed with the new key at once (identityOfKey would first let it age: NEW_KEY_FIRST_TRY_MS).
    const other = await awsWithKey(aws, key);
    const who = await getCallerIdentity(other).finally(() => other.destroy());
    expect(who.arn).toMatch(/:user\/keyholder$/);
    expect(events.some((e) => e.type === 'waiting' && e.thing.kind === 'access key' && e.thing.name === key.accessKeyId && e.action === 'sts:GetCallerIdentity')).toBe(true);
  });

  it("a new key another run made is not this run's to wait for: STS refusing it answers at once", async () => {
    const other = await emulatorAws(sb);
    await createUser(other, 'stranger', {});
    await getUser(other, 'stranger');
    const key = await createAccessKey(other, 'stranger');
    const aws = await emulatorAws(sb);
    const events = watch(aws);
    expect(await identityOfKey(aws, key)).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('a new KMS key: CreateAlias and EnableKeyRotation wait until KMS shows it', async () => {
    const aws = await emulatorAws(sb);
    const events = watch(aws);
    const kms = await aws.client('kms');
    const id = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? '';
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/propagation', TargetKeyId: id }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: id }));
    expect(events[0]).toMatchObject({ type: 'waiting', thing: { kind: 'KMS key', name: id }, action: 'kms:CreateAlias', code: 'NotFoundException' });
  });
});
