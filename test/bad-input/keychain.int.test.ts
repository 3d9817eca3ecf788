/**
 * No keychain reachable, or a locked one: the identity steps find out before their first change (a
 * test entry is written, read back and deleted), so no IAM user or access key is left whose secret
 * has nowhere to go. Each case runs the step in a child process with a keychain environment of its
 * own (test/bad-input/child.ts); the emulator runs here, and its own recording says what arrived.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CreateUserCommand, IAMClient, ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { openKeychain } from '../../src/keychain/index.js';
import { describeRecorded, isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { envWithout, run } from '../keychain/run-child.js';

const em = useEmulator({ accountId: '210000000017' });
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const WITH_KEYRING = fileURLToPath(new URL('../../scripts/with-keyring.sh', import.meta.url));
/** Locks the private session's "login" collection, as a screen lock or a fresh boot leaves it. */
const LOCK =
  'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null';

interface Answer {
  ok?: boolean;
  error?: { message: string; remedy?: string };
}

function parse(r: { stdout: string; stderr: string }): Answer {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Answer;
  } catch {
    throw new Error(`child said: ${r.stdout}\n${r.stderr}`);
  }
}

function childArgs(step: string, answers: Record<string, string>): string[] {
  return ['--import', 'tsx', CHILD, step, em.endpoint, JSON.stringify(em.rootCredentials), JSON.stringify(answers)];
}

/** A config file of the test's own: the access-key step checks it can write there before the keychain. */
const ENV = { AWS_CONFIG_FILE: join(mkdtempSync(join(tmpdir(), 'bad-keychain-')), '.aws', 'config') };

/** The step with no D-Bus session at all (over SSH, in a container): nothing to reach a keychain with. */
async function withoutDbus(step: string, answers: Record<string, string>): Promise<Answer> {
  return parse(await run(process.execPath, childArgs(step, answers), envWithout(['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY'], ENV)));
}

/** The step in a private D-Bus session whose keyring is running but locked. */
async function withLockedKeyring(step: string, answers: Record<string, string>): Promise<Answer> {
  const node = [process.execPath, ...childArgs(step, answers)].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  return parse(await run('bash', [WITH_KEYRING, 'bash', '-c', `${LOCK} && exec ${node}`], envWithout(['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY'], ENV)));
}

function iam(): IAMClient {
  return new IAMClient({ endpoint: em.motoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } });
}

async function users(): Promise<string[]> {
  return ((await iam().send(new ListUsersCommand({}))).Users ?? []).map((u) => u.UserName ?? '');
}

async function mutations(): Promise<string[]> {
  return (await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded);
}

describe('admin-user without a usable keychain', () => {
  it('no D-Bus session: says so and how to start one; no IAM user is created', async () => {
    const r = await withoutDbus('admin-user', { userName: 'admin' });
    expect(r.error?.message).toMatch(
      /^Could not store a test entry in the OS keychain: no OS keychain \(Secret Service\) is reachable \(.*DBUS_SESSION_BUS_ADDRESS.*\)\. Nothing was changed: "admin" is made or changed only once its console password has a safe place to go\.$/,
    );
    expect(r.error?.remedy).toMatch(/dbus-run-session/);
    expect(await users()).toEqual([]);
    expect(await mutations()).toEqual([]);
  });

  it('a locked keyring: says it is locked and how to unlock it; no IAM user is created', async () => {
    const r = await withLockedKeyring('admin-user', { userName: 'admin' });
    expect(r.error?.message).toMatch(
      /^Could not store a test entry in the OS keychain: the OS keychain is locked or has no "login" collection \(.+\)\. Nothing was changed: "admin" is made or changed only once its console password has a safe place to go\.$/,
    );
    expect(r.error?.remedy).toMatch(/Unlock the keyring/);
    expect(await users()).toEqual([]);
    expect(await mutations()).toEqual([]);
  });
});

describe('access-key without a usable keychain', () => {
  it('no D-Bus session: no access key is created (not even one deleted again)', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'admin', Tags: [{ Key: 'created-by', Value: 'aws-harden' }] }));
    await fetch(`${em.motoEndpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
    const r = await withoutDbus('access-key', { profile: 'p' });
    expect(r.error?.message).toMatch(/^Could not store a test entry in the OS keychain: no OS keychain \(Secret Service\) is reachable \(.*DBUS_SESSION_BUS_ADDRESS.*\)\. No access key was made\.$/);
    expect((await iam().send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata ?? []).toEqual([]);
    expect(await mutations()).toEqual([]);
  });

  it('a locked keyring: no access key is created', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'admin', Tags: [{ Key: 'created-by', Value: 'aws-harden' }] }));
    await fetch(`${em.motoEndpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
    const r = await withLockedKeyring('access-key', { profile: 'p' });
    expect(r.error?.message).toMatch(/the OS keychain is locked .* No access key was made\.$/);
    expect(await mutations()).toEqual([]);
  });
});

describe('the keychain probe on a working keychain (scripts/with-keyring.sh)', () => {
  it('passes, and leaves no test entry behind', async () => {
    const service = `aws-harden-probe-${process.pid}`;
    await openKeychain(service).probe();
    const left = spawnSync('secret-tool', ['search', '--all', 'service', service], { encoding: 'utf8' });
    expect(left.status).not.toBeNull();
    expect(`${left.stdout}${left.stderr}`).not.toMatch(/probe\//);
  });
});
