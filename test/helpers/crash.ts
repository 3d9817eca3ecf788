/**
 * The crash matrix (issue 5, "The proof"): run the built CLI headless against a fresh sandbox, SIGKILL
 * it at the k-th mutating request, run it again to completion, and compare the account with the one an
 * uninterrupted run leaves.
 *
 * The kill point is exact because the CLI talks to the sandbox through a small loopback proxy of our
 * own (AWS_ENDPOINT_URL points at it). The proxy classifies every request the way moto's recorder
 * helper does (test/helpers/emulator.ts), counts the mutating ones the sandbox accepted (not those the
 * strict sandbox refused while a new thing propagated: their number depends on timing) and, at the
 * k-th, kills the CLI
 * either after the emulator answered but before the answer is relayed ('before-response': the change
 * is made, the CLI never learns it), or right after relaying it ('after-response': the CLI got the
 * answer and died before acting on it).
 *
 * Between trials the sandbox is reset (moto's `/moto-api/reset` through the overlay, which also gives
 * the root user back its key and takes its MFA away): a brand-new account, without paying moto's two
 * seconds of start-up per trial. Every trial has its own HOME, state directory and ~/.aws/config; the
 * keychain is the test session's real one, and the sandbox account's entries are removed before each
 * trial (every sandbox account has the same id).
 *
 * Root key deletion is in the matrix: the re-run after a kill authenticates as the operator would.
 * While the root key still works it uses the same root credentials; once a killed run has deleted it
 * (kill at or after root-access-keys' DeleteAccessKey), root credentials are dead, and the re-run uses
 * `--profile <the profile the access-key step wrote>` (credential_process → the OS keychain).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { BudgetsClient, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand } from '@aws-sdk/client-budgets';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type FaultOptions, type FaultReport, type Sandbox } from '../../src/sandbox/index.js';
import { accessKeyEntry, consolePasswordEntry, openKeychain, parseAccessKey, type Keychain } from '../../src/keychain/index.js';
import { defaultProfileName } from '../../src/steps/access-key/index.js';
import { CLI } from './cli.js';
import { describeRecorded, isMutatingRecorded, type RecordedRequest } from './emulator.js';

export type Variant = 'before-response' | 'after-response';
export const VARIANTS: readonly Variant[] = ['before-response', 'after-response'];

/** The answers of every matrix run: the budget needs an e-mail; root keys go only on an explicit yes. */
export const MATRIX_CONFIG = { budget: { email: 'ops@example.com' }, 'root-access-keys': { delete: 'yes' } } as const;
const ADMIN_USER = 'admin';
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect', 'upgrade', 'proxy-connection']);
const RUN_TIMEOUT_MS = 120_000;

// ─── the proxy ──────────────────────────────────────────────────────────────────────────────────────

interface Arming {
  k: number;
  variant: Variant;
  kill: () => Promise<void>;
}

/** A loopback proxy in front of the sandbox that counts mutating requests and kills at the k-th. */
export interface CrashProxy {
  endpoint: string;
  /** Starts counting from zero; with `arming`, kills at its k-th mutating request. */
  reset(arming?: Arming): void;
  /** Mutating requests seen since the last reset, as `service:Operation`. */
  mutating(): string[];
  /** The `service:Operation` of the request the proxy killed at, if it did. */
  killedAt(): string | undefined;
  stop(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
        resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    up.on('error', reject);
    up.end(body);
  });
}

export async function startCrashProxy(targetEndpoint: string): Promise<CrashProxy> {
  const target = new URL(targetEndpoint);
  let arming: Arming | undefined;
  let seen: string[] = [];
  let killed: string | undefined;
  let epoch = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const myEpoch = epoch;
      const body = await readAll(req);
      // After the kill, anything still on the wire from the dead process never reaches the emulator.
      if (killed !== undefined && myEpoch === epoch) return void req.socket.destroy();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const rec: RecordedRequest = { headers, method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8'), source: 'moto' };
      let answer: Upstream;
      try {
        answer = await forward(target, req, body);
      } catch {
        res.writeHead(502).end();
        return;
      }
      // Only changes the account accepted count: a call the strict sandbox refused while something was
      // still propagating changed nothing, and how many such retries a run makes depends on timing.
      let hit: Arming | undefined;
      if (isMutatingRecorded(rec) && answer.status >= 200 && answer.status < 300) {
        seen.push(describeRecorded(rec));
        if (arming && seen.length === arming.k) {
          hit = arming;
          killed = describeRecorded(rec);
        }
      }
      if (hit?.variant === 'before-response') {
        // The emulator made the change; the CLI dies without hearing of it.
        await hit.kill();
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      if (hit?.variant === 'after-response') {
        await new Promise<void>((r) => (res.writableFinished ? r() : res.once('finish', () => r())));
        await hit.kill();
      }
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reset: (a) => {
      epoch += 1;
      arming = a;
      seen = [];
      killed = undefined;
    },
    mutating: () => [...seen],
    killedAt: () => killed,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ─── running the CLI ────────────────────────────────────────────────────────────────────────────────

export interface RunOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<RunOutput> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const done = new Promise<RunOutput>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

// ─── what the account looks like ────────────────────────────────────────────────────────────────────

/** The account as far as the matrix compares it: names and settings, never ids that differ per run. */
export interface AccountSnapshot {
  users: Array<{ name: string; groups: string[]; policies: string[]; accessKeys: number; loginProfile: boolean; mfaDevices: number }>;
  groups: Array<{ name: string; policies: string[] }>;
  unassignedMfaDevices: number;
  rootAccessKeys: number;
  kms: { aliases: string[]; liveKeys: number; aliasKey: { enabled: boolean; rotation: boolean } | undefined };
  trails: Array<{ name: string; multiRegion: boolean; validation: boolean; bucket: string; logging: boolean; keyIsAliasKey: boolean }>;
  buckets: Array<{ name: string; policy: boolean; publicAccessBlocked: boolean }>;
  passwordPolicy: PasswordPolicy | undefined;
  budgets: Array<{ name: string; limit: string; notifications: string[] }>;
}

const sorted = <T>(xs: T[], key: (x: T) => string = String): T[] => [...xs].sort((a, b) => key(a).localeCompare(key(b)));

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch {
    return undefined;
  }
}

/** Reads the account straight from moto (not through the proxy or the CLI's code). */
export async function snapshotAccount(sb: Sandbox): Promise<AccountSnapshot> {
  const cfg = { endpoint: sb.motoEndpoint, region: sb.region, credentials: { accessKeyId: 'AKIASNAPSHOT0000000', secretAccessKey: 'snapshot' } };
  const iam = new IAMClient(cfg);
  const kms = new KMSClient(cfg);
  const ct = new CloudTrailClient(cfg);
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const budgets = new BudgetsClient(cfg);
  try {
    const users = [];
    for (const u of (await iam.send(new ListUsersCommand({}))).Users ?? []) {
      const name = u.UserName ?? '';
      users.push({
        name,
        groups: sorted(((await iam.send(new ListGroupsForUserCommand({ UserName: name }))).Groups ?? []).map((g) => g.GroupName ?? '')),
        policies: sorted(((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '')),
        accessKeys: ((await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? []).length,
        loginProfile: (await orUndefined(iam.send(new GetLoginProfileCommand({ UserName: name })))) !== undefined,
        mfaDevices: ((await iam.send(new ListMFADevicesCommand({ UserName: name }))).MFADevices ?? []).length,
      });
    }
    const groups = [];
    for (const g of (await iam.send(new ListGroupsCommand({}))).Groups ?? []) {
      const name = g.GroupName ?? '';
      groups.push({ name, policies: sorted(((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '')) });
    }
    const unassigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices ?? [];
    const passwordPolicy = (await orUndefined(iam.send(new GetAccountPasswordPolicyCommand({}))))?.PasswordPolicy;

    const aliases = ((await kms.send(new ListAliasesCommand({}))).Aliases ?? []).filter((a) => !(a.AliasName ?? '').startsWith('alias/aws/'));
    let liveKeys = 0;
    for (const k of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata;
      if (meta?.KeyManager === 'CUSTOMER' && meta.KeyState !== 'PendingDeletion') liveKeys += 1;
    }
    const ours = aliases.find((a) => a.AliasName === 'alias/aws-harden');
    let aliasKey: AccountSnapshot['kms']['aliasKey'];
    let aliasKeyArn: string | undefined;
    if (ours?.TargetKeyId) {
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: ours.TargetKeyId }))).KeyMetadata;
      aliasKeyArn = meta?.Arn;
      const rotation = (await kms.send(new GetKeyRotationStatusCommand({ KeyId: ours.TargetKeyId }))).KeyRotationEnabled === true;
      aliasKey = { enabled: meta?.KeyState === 'Enabled', rotation };
    }

    const trails = [];
    for (const t of (await ct.send(new DescribeTrailsCommand({}))).trailList ?? []) {
      const status = await ct.send(new GetTrailStatusCommand({ Name: t.TrailARN ?? t.Name }));
      const keyId = t.KmsKeyId ?? '';
      trails.push({
        name: t.Name ?? '',
        multiRegion: t.IsMultiRegionTrail === true,
        validation: t.LogFileValidationEnabled === true,
        bucket: t.S3BucketName ?? '',
        logging: status.IsLogging === true,
        keyIsAliasKey: keyId !== '' && (keyId === aliasKeyArn || keyId === ours?.TargetKeyId || keyId === ours?.AliasName || keyId === ours?.AliasArn),
      });
    }

    const buckets = [];
    for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      const name = b.Name ?? '';
      const pab = (await orUndefined(s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))))?.PublicAccessBlockConfiguration;
      buckets.push({
        name,
        policy: (await orUndefined(s3.send(new GetBucketPolicyCommand({ Bucket: name }))))?.Policy !== undefined,
        publicAccessBlocked: pab?.BlockPublicAcls === true && pab.BlockPublicPolicy === true && pab.IgnorePublicAcls === true && pab.RestrictPublicBuckets === true,
      });
    }

    const budgetList = [];
    for (const b of (await orUndefined(budgets.send(new DescribeBudgetsCommand({ AccountId: sb.accountId }))))?.Budgets ?? []) {
      const name = b.BudgetName ?? '';
      const notifications = [];
      for (const n of (await budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: sb.accountId, BudgetName: name }))).Notifications ?? []) {
        // moto 5 does not implement DescribeSubscribersForNotification: the subscribers are compared when it answers.
        const subs = (await orUndefined(budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId: sb.accountId, BudgetName: name, Notification: n }))))?.Subscribers ?? [];
        notifications.push(`${n.NotificationType} ${n.ComparisonOperator} ${n.Threshold} ${n.ThresholdType ?? ''} → ${sorted(subs.map((s) => `${s.SubscriptionType}:${s.Address}`)).join(',')}`);
      }
      budgetList.push({ name, limit: `${b.BudgetLimit?.Amount} ${b.BudgetLimit?.Unit} ${b.TimeUnit}`, notifications: sorted(notifications) });
    }

    const state = (await (await fetch(`${sb.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] };
    return {
      users: sorted(users, (u) => u.name),
      groups: sorted(groups, (g) => g.name),
      unassignedMfaDevices: unassigned.length,
      rootAccessKeys: state.rootAccessKeyIds.length,
      kms: { aliases: sorted(aliases.map((a) => a.AliasName ?? '')), liveKeys, aliasKey },
      trails: sorted(trails, (t) => t.name),
      buckets: sorted(buckets, (b) => b.name),
      passwordPolicy,
      budgets: sorted(budgetList, (b) => b.name),
    };
  } finally {
    for (const c of [iam, kms, ct, s3, budgets]) c.destroy();
  }
}

/** Field-by-field differences, as `path: expected → actual` lines. */
export function diffSnapshots(expected: unknown, actual: unknown, path = ''): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(expected) && !Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) => diffSnapshots((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [`${path || '(root)'}: ${JSON.stringify(expected)} → ${JSON.stringify(actual)}`];
}

// ─── the harness ────────────────────────────────────────────────────────────────────────────────────

export interface Baseline {
  /** Mutating requests of an uninterrupted run, in order (`service:Operation`). */
  operations: string[];
  snapshot: AccountSnapshot;
  exitCode: number | null;
  ms: number;
}

export interface TrialResult {
  k: number;
  variant: Variant;
  /** The request the CLI was killed at (`service:Operation`); undefined if the run ended before k. */
  killedAt: string | undefined;
  rerunAs: 'root' | 'profile';
  rerunCode: number | null;
  converged: boolean;
  /** Why not: snapshot differences and broken invariants. */
  problems: string[];
  ms: number;
}

/** How a lost answer reaches the CLI: an HTTP 500, or a connection reset (issue 9). */
export type LostAs = '500' | 'reset';
export const LOST_VARIANTS: readonly LostAs[] = ['500', 'reset'];

export interface FaultTrialResult {
  /** `service:Action` whose answer the sandbox lost, if it lost one. */
  lost: string | undefined;
  /** Requests the sandbox throttled, and answered with a 500 before acting. */
  throttled: number;
  serverErrors: number;
  firstCode: number | null;
  /** The first run did not end as the uninterrupted one did, so it was run once more. */
  reran: boolean;
  finalCode: number | null;
  converged: boolean;
  problems: string[];
  /** The last lines the first run printed (what the operator saw). */
  firstTail: string;
  ms: number;
}

export interface LostAnswerResult extends FaultTrialResult {
  k: number;
  variant: LostAs;
}

export interface CrashHarness {
  baseline(): Promise<Baseline>;
  /**
   * The k-th change the sandbox applies loses its answer (`as` a 500 or a reset connection). The run,
   * plus at most one re-run when it did not end as the uninterrupted one, must end with the same
   * account (issue 9's lost-answer matrix).
   */
  lostAnswer(k: number, as: LostAs, baseline: Baseline): Promise<LostAnswerResult>;
  /** The same with any fault mode of the sandbox (throttling, 5xx, latency), from the first call on. */
  underFaults(faults: FaultOptions, baseline: Baseline): Promise<FaultTrialResult>;
  /** `rerun: false` is the control: the killed run alone must not look converged, or the comparison proves nothing. */
  trial(k: number, variant: Variant, baseline: Baseline, opts?: { rerun?: boolean }): Promise<TrialResult>;
  stop(): Promise<void>;
}

function runDir(): { home: string; env: NodeJS.ProcessEnv; config: string } {
  const home = mkdtempSync(join(tmpdir(), 'aws-harden-crash-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) env[k] = v;
  const config = join(home, 'answers.json');
  writeFileSync(config, JSON.stringify(MATRIX_CONFIG));
  mkdirSync(join(home, 'state'));
  return {
    home,
    config,
    env: { ...env, HOME: home, XDG_STATE_HOME: join(home, 'state'), AWS_CONFIG_FILE: join(home, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'), AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
  };
}

/** The matrix's own account id: its keychain entries never meet those of other tests' sandboxes. */
export const MATRIX_ACCOUNT_ID = '111122223333';

export async function startCrashHarness(opts: { accountId?: string } = {}): Promise<CrashHarness> {
  const sb = await startSandbox({ accountId: opts.accountId ?? MATRIX_ACCOUNT_ID });
  const proxy = await startCrashProxy(sb.endpoint);
  const keychain: Keychain = openKeychain();
  const account = sb.accountId;
  const entries = [accessKeyEntry(account, ADMIN_USER), consolePasswordEntry(account, ADMIN_USER)];
  const profile = defaultProfileName(ADMIN_USER, account);
  const dirs: string[] = [];

  async function freshAccount(): Promise<void> {
    const res = await fetch(`${sb.endpoint}/moto-api/reset`, { method: 'POST' });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`moto reset → HTTP ${res.status}`);
    for (const e of entries) await keychain.delete(e).catch(() => false);
  }

  function rootEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { ...env, AWS_ACCESS_KEY_ID: sb.rootCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.rootCredentials.secretAccessKey, AWS_REGION: sb.region, AWS_ENDPOINT_URL: proxy.endpoint };
  }

  async function rootKeyAlive(): Promise<boolean> {
    const state = (await (await fetch(`${sb.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] };
    return state.rootAccessKeyIds.includes(sb.rootCredentials.accessKeyId);
  }

  /** Invariants of a finished run that do not depend on the baseline. */
  async function invariants(home: string): Promise<string[]> {
    const problems: string[] = [];
    const stored = parseAccessKey(await keychain.get(entries[0] ?? ''));
    const iam = new IAMClient({ endpoint: sb.motoEndpoint, region: sb.region, credentials: { accessKeyId: 'AKIASNAPSHOT0000000', secretAccessKey: 'x' } });
    try {
      const keys = (await iam.send(new ListAccessKeysCommand({ UserName: ADMIN_USER }))).AccessKeyMetadata ?? [];
      if (keys.length !== 1) problems.push(`admin has ${keys.length} access keys, not 1`);
      if (!stored) problems.push('no access key for admin in the keychain');
      else if (!keys.some((k) => k.AccessKeyId === stored.AccessKeyId)) problems.push(`keychain key ${stored.AccessKeyId} is not admin's key in IAM`);
      else {
        const sts = new STSClient({ endpoint: sb.endpoint, region: sb.region, credentials: { accessKeyId: stored.AccessKeyId, secretAccessKey: stored.SecretAccessKey } });
        try {
          const who = await sts.send(new GetCallerIdentityCommand({}));
          if (!who.Arn?.endsWith(`:user/${ADMIN_USER}`)) problems.push(`STS with the keychain key says ${who.Arn}`);
        } catch (e) {
          problems.push(`STS refused the keychain key: ${(e as Error).message}`);
        } finally {
          sts.destroy();
        }
      }
    } finally {
      iam.destroy();
    }
    // The journal: valid JSON, and no secret the keychain holds.
    const secrets: string[] = [];
    for (const e of entries) {
      const v = await keychain.get(e);
      if (v === undefined) continue;
      const key = parseAccessKey(v);
      secrets.push(key ? key.SecretAccessKey : v);
    }
    secrets.push(sb.rootCredentials.secretAccessKey);
    const dir = join(home, 'state', 'aws-harden');
    const journals = readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (journals.length !== 1) problems.push(`${journals.length} journal files in ${dir}`);
    for (const f of journals) {
      const text = readFileSync(join(dir, f), 'utf8');
      try {
        JSON.parse(text);
      } catch {
        problems.push(`journal ${f} is not valid JSON`);
      }
      for (const s of secrets) if (s && text.includes(s)) problems.push(`journal ${f} contains a secret`);
    }
    return problems;
  }

  async function underFaults(options: FaultOptions, baseline: Baseline): Promise<FaultTrialResult> {
    const t0 = Date.now();
    await freshAccount();
    const faults = async (body?: FaultOptions) => {
      const res = await fetch(`${sb.endpoint}/sandbox/faults`, body === undefined ? { method: 'GET' } : { method: 'POST', body: JSON.stringify(body) });
      return (await res.json()) as FaultReport;
    };
    await faults(options);
    const d = runDir();
    dirs.push(d.home);
    proxy.reset();
    const first = await spawnCli(['--yes', '--config', d.config], rootEnv(d.env)).done;
    const report = await faults();
    await faults({});
    let final = first;
    const reran = first.code !== baseline.exitCode;
    if (reran) {
      const asRoot = await rootKeyAlive();
      const args = ['--yes', '--config', d.config, ...(asRoot ? [] : ['--profile', profile])];
      final = await spawnCli(args, asRoot ? rootEnv(d.env) : { ...d.env, AWS_REGION: sb.region, AWS_ENDPOINT_URL: proxy.endpoint }).done;
    }
    const problems: string[] = [];
    if (final.code !== baseline.exitCode) problems.push(`${reran ? 're-run' : 'run'} exit ${final.code}, uninterrupted run exit ${baseline.exitCode}: ${(final.stderr || final.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    problems.push(...diffSnapshots(baseline.snapshot, await snapshotAccount(sb)));
    problems.push(...(await invariants(d.home).catch((e: unknown) => [`invariants: ${(e as Error).message}`])));
    const firstTail = (first.stdout + first.stderr).trim().split('\n').slice(-4).join('\n');
    return { lost: report.lost, throttled: report.throttled, serverErrors: report.serverErrors, firstCode: first.code, reran, finalCode: final.code, converged: problems.length === 0, problems, firstTail, ms: Date.now() - t0 };
  }

  return {
    async baseline() {
      const t0 = Date.now();
      await freshAccount();
      const d = runDir();
      dirs.push(d.home);
      proxy.reset();
      const out = await spawnCli(['--yes', '--config', d.config], rootEnv(d.env)).done;
      const operations = proxy.mutating();
      const problems = await invariants(d.home);
      if (problems.length) throw new Error(`the uninterrupted run is not sound: ${problems.join('; ')}\n${out.stdout}\n${out.stderr}`);
      return { operations, snapshot: await snapshotAccount(sb), exitCode: out.code, ms: Date.now() - t0 };
    },

    async trial(k, variant, baseline, opts = {}) {
      const t0 = Date.now();
      await freshAccount();
      const d = runDir();
      dirs.push(d.home);
      const first = spawnCli(['--yes', '--config', d.config], rootEnv(d.env));
      proxy.reset({ k, variant, kill: () => killAndWait(first.child) });
      const firstOut = await first.done;
      const killedAt = proxy.killedAt();
      proxy.reset();
      const asRoot = await rootKeyAlive();
      const args = ['--yes', '--config', d.config, ...(asRoot ? [] : ['--profile', profile])];
      const env = asRoot ? rootEnv(d.env) : { ...d.env, AWS_REGION: sb.region, AWS_ENDPOINT_URL: proxy.endpoint };
      const second = opts.rerun === false ? firstOut : await spawnCli(args, env).done;
      const problems: string[] = [];
      if (killedAt === undefined) problems.push(`the first run ended (exit ${firstOut.code}) before mutating request ${k}`);
      if (second.code !== baseline.exitCode) problems.push(`re-run exit ${second.code}, uninterrupted run exit ${baseline.exitCode}: ${(second.stderr || second.stdout).trim().split('\n').slice(-3).join(' | ')}`);
      problems.push(...diffSnapshots(baseline.snapshot, await snapshotAccount(sb)));
      problems.push(...(await invariants(d.home).catch((e: unknown) => [`invariants: ${(e as Error).message}`])));
      return { k, variant, killedAt, rerunAs: asRoot ? 'root' : 'profile', rerunCode: second.code, converged: problems.length === 0, problems, ms: Date.now() - t0 };
    },

    async lostAnswer(k, as, baseline) {
      const r = await underFaults({ loseAnswer: { nth: k, as } }, baseline);
      if (r.lost === undefined) r.problems.unshift(`the run ended (exit ${r.firstCode}) before change ${k}`);
      return { ...r, k, variant: as, converged: r.problems.length === 0 };
    },

    underFaults,

    async stop() {
      for (const e of entries) await keychain.delete(e).catch(() => false);
      await proxy.stop();
      await sb.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The points a matrix script was asked to run (`--k 3,7,12`), or undefined for all of them. */
export function onlyPoints(argv: readonly string[]): number[] | undefined {
  const i = argv.indexOf('--k');
  const v = i >= 0 ? argv[i + 1] : undefined;
  return v ? v.split(',').map(Number) : undefined;
}

/** `lost answers converged: X/N`, overall and per variant. */
export function summarizeLost(results: readonly LostAnswerResult[], n: number): string[] {
  const line = (rs: readonly LostAnswerResult[], label: string) => `lost answers converged${label}: ${rs.filter((r) => r.converged).length}/${rs.length}`;
  return [
    line(results, ''),
    ...LOST_VARIANTS.flatMap((v) => {
      const rs = results.filter((r) => r.variant === v);
      return rs.length ? [line(rs, ` (${v === '500' ? 'HTTP 500' : 'connection reset'})`)] : [];
    }),
    `(N = ${n} changes in an uninterrupted run; ${results.length} trials; ${results.filter((r) => r.reran).length} needed the one re-run)`,
  ];
}

/** `crash points converged: X/N`, overall and per variant. */
export function summarize(results: readonly TrialResult[], n: number): string[] {
  const line = (rs: readonly TrialResult[], label: string) => `crash points converged${label}: ${rs.filter((r) => r.converged).length}/${rs.length}`;
  const lines = [line(results, '')];
  for (const v of VARIANTS) {
    const rs = results.filter((r) => r.variant === v);
    if (rs.length) lines.push(line(rs, ` (${v})`));
  }
  lines.push(`(N = ${n} mutating requests in an uninterrupted run; ${results.length} trials)`);
  return lines;
}
