/**
 * `aws-harden keys rotate` and `keys remove` as the operator runs them (the built CLI, no TTY or a real
 * pty), against the strict sandbox and the real keychain: the happy path end to end, no secret in any
 * file of HOME, and rotations killed (SIGKILL) at three points that a re-run must finish with exactly
 * one key, the keychain's, working.
 *
 * The kill points are exact: the CLI talks to the sandbox through a loopback proxy of the test's own
 * (as test/helpers/crash.ts does for the wizard), which kills it on a given request.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { accessKeyEntry, openKeychain, parseAccessKey, pendingAccessKeyEntry } from '../../../src/keychain/index.js';
import { sessionEntry } from '../../../src/keychain/mfa-session.js';
import { CLI, cleanEnv, runCli, type CliResult } from '../../helpers/cli.js';
import { describeRecorded, recordedHeader, useEmulator, type RecordedRequest } from '../../helpers/emulator.js';
import { runInPty } from '../../helpers/pty.js';
import { adminWithKey, forget, rootIam, type Admin } from './setup.js';

const em = useEmulator({ accountId: '210000000121' });
const keychain = openKeychain();
afterEach(async () => {
  await forget(keychain, em.accountId);
});

// ─── a proxy that kills the CLI on one request ──────────────────────────────────────────────────────

/** `before`: the request never reaches the sandbox; `after`: the sandbox made the change, the CLI never hears of it. */
type KillAt = { op: string; when: 'before' | 'after'; signedByRoot: boolean };

let proxy: { endpoint: string; arm(at: KillAt, kill: () => void): void; killedAt(): string | undefined; server: Server };

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  let armed: { at: KillAt; kill: () => void } | undefined;
  let killed: string | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const rec: RecordedRequest = { headers, method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8'), source: 'moto' };
      const op = describeRecorded(rec);
      const signer = /Credential=([^/]+)\//.exec(recordedHeader(rec, 'Authorization') ?? '')?.[1];
      const hit = armed && armed.at.op === op && (signer === em.rootCredentials.accessKeyId) === armed.at.signedByRoot ? armed : undefined;
      if (hit?.at.when === 'before') {
        armed = undefined;
        killed = `${op} (before)`;
        hit.kill();
        return void req.socket.destroy();
      }
      const target = new URL(em.endpoint);
      const up = await new Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }>((resolve, reject) => {
        const fwd: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== 'connection') fwd[k] = v;
        const r = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: fwd, agent: false }, (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers as Record<string, string | string[]>, body: Buffer.concat(chunks) }));
        });
        r.on('error', reject);
        r.end(body);
      });
      if (hit && up.status >= 200 && up.status < 300) {
        armed = undefined;
        killed = `${op} (after)`;
        hit.kill();
        return void req.socket.destroy();
      }
      res.writeHead(up.status, up.headers);
      res.end(up.body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arm: (at, kill) => {
      armed = { at, kill };
      killed = undefined;
    },
    killedAt: () => killed,
    server,
  };
});
afterAll(async () => {
  proxy.server.closeAllConnections();
  await new Promise<void>((r) => proxy.server.close(() => r()));
});

// ─── helpers ────────────────────────────────────────────────────────────────────────────────────────

/** The operator holding the sandbox's root key, HOME = the admin's temp HOME (its ~/.aws/config). */
function envOf(a: Admin, endpoint: string = em.endpoint): NodeJS.ProcessEnv {
  return cleanEnv({
    HOME: a.home,
    XDG_STATE_HOME: join(a.home, 'state'),
    AWS_ACCESS_KEY_ID: em.rootCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: em.rootCredentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: endpoint,
  });
}

async function adminKeys(): Promise<{ id: string; status: string }[]> {
  const iam = rootIam(em);
  try {
    return ((await iam.send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata ?? []).map((k) => ({ id: k.AccessKeyId ?? '', status: k.Status ?? '' }));
  } finally {
    iam.destroy();
  }
}

async function stsArn(key: { AccessKeyId: string; SecretAccessKey: string }): Promise<string | undefined> {
  const sts = new STSClient({ endpoint: em.endpoint, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } finally {
    sts.destroy();
  }
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The account after a finished rotation: exactly one key, the keychain's, active and working; no pending entry. */
async function expectRotated(a: Admin): Promise<{ AccessKeyId: string; SecretAccessKey: string }> {
  const held = parseAccessKey(await keychain.get(accessKeyEntry(em.accountId, 'admin')));
  expect(held).toBeDefined();
  expect(held!.AccessKeyId).not.toBe(a.key.AccessKeyId);
  expect(await adminKeys()).toEqual([{ id: held!.AccessKeyId, status: 'Active' }]);
  expect(await stsArn(held!)).toBe(`arn:aws:iam::${em.accountId}:user/admin`);
  expect(await keychain.get(pendingAccessKeyEntry(em.accountId, 'admin'))).toBeUndefined();
  return held!;
}

function runKilled(args: string[], env: NodeJS.ProcessEnv, at: KillAt): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proxy.arm(at, () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, stdout }));
  });
}

function lines(r: CliResult): string[] {
  return r.stdout.trimEnd().split('\n');
}

// ─── the tests ──────────────────────────────────────────────────────────────────────────────────────

describe('keys rotate, end to end', () => {
  it('old key gone in IAM, the keychain holds the new one and it works, the MFA session is gone, the profile unchanged, no secret in any file', async () => {
    const a = await adminWithKey(em, keychain);
    await keychain.set(
      sessionEntry(em.accountId, 'admin'),
      JSON.stringify({
        AccessKeyId: 'ASIAOLD',
        SecretAccessKey: 'old-session-secret',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3_600_000).toISOString(),
        SerialNumber: 'arn:aws:iam::1:mfa/x',
      }),
    );
    const configBefore = readFileSync(a.config, 'utf8');
    const env = envOf(a);
    const r = await runCli(['keys', 'rotate'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const held = await expectRotated(a);
    expect(lines(r)).toEqual([
      `Created ${held.AccessKeyId} for "admin"; its secret went straight into the keychain (pending until proven).`,
      `Proved: sts:GetCallerIdentity signed with ${held.AccessKeyId} answers arn:aws:iam::${em.accountId}:user/admin.`,
      `Switched the keychain entry "${em.accountId}/admin/access-key" to ${held.AccessKeyId}.`,
      'Removed the cached MFA session (it was made with the old key); the next use of the profile asks for a code.',
      `Deleted the old key ${a.key.AccessKeyId} in IAM.`,
      `Done: "admin" has the access key ${held.AccessKeyId} (Active) and the keychain holds it; ${a.key.AccessKeyId} is gone. Profile ${a.profile} reads it with no change (its credential_process names the account and user, not the key).`,
    ]);
    expect(await keychain.get(sessionEntry(em.accountId, 'admin'))).toBeUndefined();
    // The profile names the account and user, not the key: unchanged, and it now hands out the new key.
    expect(readFileSync(a.config, 'utf8')).toBe(configBefore);
    const cp = await runCli(['credential-process', '--account', em.accountId, '--user', 'admin'], env);
    expect(JSON.parse(cp.stdout)).toMatchObject({ Version: 1, AccessKeyId: held.AccessKeyId });
    // The AWS CLI with that profile works, the old key being gone: it signs with the new one.
    const cliEnv: NodeJS.ProcessEnv = { ...env, AWS_SHARED_CREDENTIALS_FILE: join(a.home, 'none') };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINT_URL']) delete cliEnv[name];
    // Not spawnSync: the sandbox's overlay answers from this very process.
    const awsCli = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn('aws', ['--profile', a.profile, '--endpoint-url', em.endpoint, 'sts', 'get-caller-identity', '--output', 'json'], { env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(awsCli.stderr).toBe('');
    expect(JSON.parse(awsCli.stdout)).toMatchObject({ Arn: `arn:aws:iam::${em.accountId}:user/admin` });
    // keys list after it, then: no secret (old, new, root) in any file of HOME, nor in what was printed.
    const listed = await runCli(['keys', 'list'], env);
    expect(listed.stdout).toContain(`${held.AccessKeyId}  Active`);
    const secrets = [a.key.SecretAccessKey, held.SecretAccessKey, em.rootCredentials.secretAccessKey];
    const files = filesUnder(a.home);
    expect(files).toContain(a.config);
    for (const f of files) for (const s of secrets) expect(readFileSync(f, 'utf8').includes(s), `${f} holds a secret`).toBe(false);
    for (const out of [r.stdout, r.stderr, listed.stdout, listed.stderr]) for (const s of secrets) expect(out.includes(s)).toBe(false);
  });

  it('bad input: an unknown user, and no terminal to type a confirmation on (exit 2, nothing changed)', async () => {
    const a = await adminWithKey(em, keychain);
    const env = envOf(a);
    const unknown = await runCli(['keys', 'rotate', '--user', 'nobody'], env);
    expect([unknown.code, unknown.stderr]).toEqual([2, `aws-harden: Account ${em.accountId} has no IAM user "nobody".\n  → See the users and their keys with: aws-harden keys list\n`]);
    // setsid: no controlling terminal, so /dev/tty cannot be opened.
    const noTty = await new Promise<CliResult>((resolve) => {
      const child = spawn('setsid', ['-w', process.execPath, CLI, 'keys', 'remove', '--user', 'admin'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toBe('aws-harden: No terminal to ask for a confirmation on (/dev/tty: ENXIO).\n  → Run it in a terminal to type the key id, or add --yes to remove without being asked.\n');
    expect(await adminKeys()).toEqual([{ id: a.key.AccessKeyId, status: 'Active' }]);
  });
});

describe('keys remove on a terminal', () => {
  it('asks for the key id and removes the key once it is typed', async () => {
    const a = await adminWithKey(em, keychain);
    const run = runInPty(['keys', 'remove', '--user', 'admin'], envOf(a));
    await run.waitFor((s) => s.includes('Type the key id to confirm'), 'the confirmation prompt');
    run.write(`${a.key.AccessKeyId}\r`);
    expect((await run.exited).exitCode).toBe(0);
    expect(run.screen()).toContain(`Deleted the access key ${a.key.AccessKeyId} of "admin" in IAM.`);
    expect(await adminKeys()).toEqual([]);
    expect(await keychain.get(accessKeyEntry(em.accountId, 'admin'))).toBeUndefined();
    expect(readFileSync(a.config, 'utf8')).not.toContain(a.profile);
  });
});

describe('keys rotate, killed and run again', () => {
  it('killed after CreateAccessKey and the pending write (before the proof): the re-run resumes from "prove"', async () => {
    const a = await adminWithKey(em, keychain);
    const killed = await runKilled(['keys', 'rotate'], envOf(a, proxy.endpoint), { op: 'sts:GetCallerIdentity', when: 'before', signedByRoot: false });
    expect([killed.signal, proxy.killedAt()]).toEqual(['SIGKILL', 'sts:GetCallerIdentity (before)']);
    // The new key's secret is in the keychain, never only in the dead process's memory.
    const pending = JSON.parse((await keychain.get(pendingAccessKeyEntry(em.accountId, 'admin'))) ?? '{}') as { phase?: string; AccessKeyId?: string; replaces?: string };
    expect(pending).toMatchObject({ phase: 'created', replaces: a.key.AccessKeyId });
    expect((await adminKeys()).map((k) => k.id).sort()).toEqual([a.key.AccessKeyId, pending.AccessKeyId].sort());
    const again = await runCli(['keys', 'rotate'], envOf(a));
    expect(again.code).toBe(0);
    expect(lines(again)[0]).toBe(
      `Resuming an interrupted rotation of "admin": its new key ${pending.AccessKeyId} (replacing ${a.key.AccessKeyId}) is active in IAM and its secret is in the keychain.`,
    );
    expect((await expectRotated(a)).AccessKeyId).toBe(pending.AccessKeyId);
  });

  it('killed when CreateAccessKey was made but its answer never arrived: the re-run deletes that key nobody holds and rotates', async () => {
    const a = await adminWithKey(em, keychain);
    const killed = await runKilled(['keys', 'rotate'], envOf(a, proxy.endpoint), { op: 'iam:CreateAccessKey', when: 'after', signedByRoot: true });
    expect(proxy.killedAt()).toBe('iam:CreateAccessKey (after)');
    expect(killed.signal).toBe('SIGKILL');
    const orphan = (await adminKeys()).map((k) => k.id).find((id) => id !== a.key.AccessKeyId);
    expect(orphan).toBeDefined();
    const again = await runCli(['keys', 'rotate'], envOf(a));
    expect(again.code).toBe(0);
    expect(lines(again)[0]).toBe(`Deleted ${orphan} of "admin": an interrupted rotation made it and its secret was never stored, so nobody could use it.`);
    expect((await expectRotated(a)).AccessKeyId).not.toBe(orphan);
  });

  it('killed when the old key was deleted but the answer never arrived: the re-run finishes', async () => {
    const a = await adminWithKey(em, keychain);
    await runKilled(['keys', 'rotate'], envOf(a, proxy.endpoint), { op: 'iam:DeleteAccessKey', when: 'after', signedByRoot: true });
    expect(proxy.killedAt()).toBe('iam:DeleteAccessKey (after)');
    const again = await runCli(['keys', 'rotate'], envOf(a));
    expect(again.code).toBe(0);
    expect(lines(again)).not.toContainEqual(expect.stringMatching(/^Deleted the old key/));
    await expectRotated(a);
  });
});
