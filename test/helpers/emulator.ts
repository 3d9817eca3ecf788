/**
 * Integration-test helpers around the sandbox: a sandbox whose moto records every request it serves,
 * and readers for that recording. The recording (what the emulator actually received) is the truth
 * for "no mutating request arrived" assertions; the SDK's view of what it sent is not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { restJsonOperation } from './rest-json.js';
import { SANDBOX_SETUP_KEY } from '../../src/sandbox/overlay/rules/default-security-group.js';
import { restOperation } from '../../src/sandbox/overlay/parse.js';

export interface Emulator extends Sandbox {
  /** moto's recording file (MOTO_RECORDER_FILEPATH). */
  recordingPath: string;
}

/**
 * One request as moto's recorder writes it (moto/moto_api/_internal/recorder/models.py), plus where
 * it was seen: `moto` for requests that reached moto, `overlay` for the few the root overlay answered
 * itself (root GetCallerIdentity/ListAccessKeys/DeleteAccessKey, calls with a deleted root key).
 */
export interface RecordedRequest {
  /** Header names as werkzeug spells them (e.g. `X-Amz-Target`); look them up case-insensitively. */
  headers: Record<string, string>;
  method: string;
  url: string;
  /** Base64 when `body_encoded`; may be empty or null. */
  body?: string | null;
  body_encoded?: boolean;
  source: 'moto' | 'overlay';
  /** For the overlay's own: the rule that answered it (e.g. `eventual-consistency`). */
  answered_by?: string;
}

export interface RecordedOperation {
  /** Signing name: `iam`, `sts`, `kms`, `cloudtrail`, `budgets`, `s3`, … (`moto-api` for moto's control API). */
  service: string;
  /** `CreateUser`, `CreateKey`, … ; for S3 the HTTP method plus sub-resources, e.g. `PUT ?policy`. */
  operation: string;
}

async function post(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST' });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → HTTP ${res.status}: ${text.slice(0, 300)}`);
}

/**
 * A sandbox with moto's request recorder on, and an empty recording. Test files that write to the real
 * keychain service pass an `accountId` of their own: keychain entries are named by account id, and
 * files run in parallel against one test keyring.
 */
export async function startEmulator(opts: { accountId?: string } = {}): Promise<Emulator> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-harden-emulator-'));
  const recordingPath = join(dir, 'recording.jsonl');
  let sb: Sandbox;
  try {
    sb = await startSandbox({ motoEnv: { MOTO_ENABLE_RECORDING: 'true', MOTO_RECORDER_FILEPATH: recordingPath }, ...(opts.accountId ? { accountId: opts.accountId } : {}) });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const emulator: Emulator = {
    ...sb,
    recordingPath,
    stop: async () => {
      await sb.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  // Creates the file (download fails on a missing one) and drops the start-up probe.
  await resetRecording(emulator);
  return emulator;
}

/** Empties the recording (moto's and the overlay's) and keeps recording; the account stays as it is. */
export async function resetRecording(sb: Sandbox): Promise<void> {
  await post(`${sb.motoEndpoint}/moto-api/recorder/reset-recording`);
  // Recording only collects while enabled; the env var enables it at start, this keeps it on.
  await post(`${sb.motoEndpoint}/moto-api/recorder/start-recording`);
  await post(`${sb.endpoint}/sandbox/recorder/reset-recording`);
}

/** Back to a brand-new account (moto and the root overlay) with an empty recording. */
export async function resetEmulator(sb: Sandbox): Promise<void> {
  await post(`${sb.endpoint}/moto-api/reset`);
  await resetRecording(sb);
}

function parseLines(text: string, source: RecordedRequest['source']): RecordedRequest[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ ...(JSON.parse(line) as Omit<RecordedRequest, 'source'>), source }));
}

/**
 * Every request recorded since the last reset: moto's, in arrival order, then the overlay's own, in
 * arrival order. The two lists are not interleaved by time.
 *
 * Left out unless `withPropagationWaits`: the tries the strict sandbox refused because something new
 * had not propagated yet (rules/consistency.ts). They changed nothing, and the product repeats them
 * (src/aws/propagation.ts): a call is counted once, as the operator would count it.
 */
export async function recordedRequests(sb: Sandbox, opts: { withPropagationWaits?: boolean } = {}): Promise<RecordedRequest[]> {
  const motoRes = await fetch(`${sb.motoEndpoint}/moto-api/recorder/download-recording`);
  const motoText = await motoRes.text();
  if (!motoRes.ok) throw new Error(`download-recording → HTTP ${motoRes.status}: ${motoText.slice(0, 300)}`);
  const overlayRes = await fetch(`${sb.endpoint}/sandbox/recorder/download-recording`);
  const overlayText = await overlayRes.text();
  if (!overlayRes.ok) throw new Error(`overlay recording → HTTP ${overlayRes.status}: ${overlayText.slice(0, 300)}`);
  const overlay = parseLines(overlayText, 'overlay').filter((r) => opts.withPropagationWaits === true || r.answered_by !== 'eventual-consistency');
  // The sandbox's own setup of what AWS has and moto lacks (rules/default-security-group.ts) is no request of the product's.
  const moto = parseLines(motoText, 'moto').filter((r) => !(recordedHeader(r, 'Authorization') ?? '').includes(SANDBOX_SETUP_KEY));
  return [...moto, ...overlay];
}

export function recordedHeader(r: RecordedRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(r.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function recordedBody(r: RecordedRequest): string {
  if (r.body === undefined || r.body === null) return '';
  return r.body_encoded === true ? Buffer.from(r.body, 'base64').toString('utf8') : r.body;
}

/** Query parameters that are not S3 sub-resources (SDK hints and presigned-URL signing). */
function isSubresource(name: string): boolean {
  return name !== 'x-id' && !name.toLowerCase().startsWith('x-amz-');
}

export function classifyRecorded(r: RecordedRequest): RecordedOperation {
  const url = new URL(r.url, 'http://emulator.invalid');
  if (url.pathname.startsWith('/moto-api')) return { service: 'moto-api', operation: `${r.method} ${url.pathname}` };

  const scope = /Credential=[^/,\s]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(recordedHeader(r, 'Authorization') ?? '');
  const signedService = scope?.[1];

  // JSON protocol: the operation is named in X-Amz-Target, e.g. TrentService.CreateKey.
  const target = recordedHeader(r, 'X-Amz-Target');
  if (target !== undefined && target !== '') {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const byPrefix = prefix.startsWith('TrentService') ? 'kms' : prefix.includes('CloudTrail') ? 'cloudtrail' : prefix.startsWith('AWSBudgetServiceGateway') ? 'budgets' : prefix;
    return { service: signedService ?? byPrefix, operation: target.slice(dot + 1) };
  }

  // Query protocol (IAM, STS): Action= in the form body or the query string.
  const contentType = recordedHeader(r, 'Content-Type') ?? '';
  const form = contentType.includes('x-www-form-urlencoded') ? new URLSearchParams(recordedBody(r)) : new URLSearchParams();
  const action = form.get('Action') ?? url.searchParams.get('Action');
  if (action !== null && action !== '') return { service: signedService ?? 'unknown', operation: action };

  // REST-JSON (GuardDuty, Security Hub): named by method and path.
  const rest = signedService === undefined ? undefined : restJsonOperation(signedService, r.method, url.pathname);
  if (rest !== undefined) return { service: signedService ?? '', operation: rest };
  // REST paths that name their operation (Account Management; S3 Control, signed as s3).
  const named = restOperation(r.method, url.pathname);
  if (named) return { service: url.pathname.startsWith('/v20180820/') ? 's3control' : (signedService ?? 'unknown'), operation: named };

  // REST (S3): method plus the sub-resources in the query string.
  const service = signedService ?? 's3';
  const subresources = [...new Set(url.searchParams.keys())].filter(isSubresource).sort();
  return { service, operation: subresources.length === 0 ? r.method : `${r.method} ?${subresources.join('&')}` };
}

/** `service:operation`, e.g. `iam:CreateUser`, `s3:PUT ?policy`. */
export function describeRecorded(r: RecordedRequest): string {
  const { service, operation } = classifyRecorded(r);
  return `${service}:${operation}`;
}

const READ_ONLY_PREFIXES = ['Get', 'List', 'Describe', 'Head'];

/**
 * Reads by another name: GenerateCredentialReport makes the IAM credential report, a snapshot of the
 * users' credentials, and changes no setting of the account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).
 */
const READS_BY_NAME = new Set(['GenerateCredentialReport']);

/** True unless the request only reads: Get/List/Describe/Head operations, S3 (or any REST) GET/HEAD. */
export function isMutatingRecorded(r: RecordedRequest): boolean {
  const { operation } = classifyRecorded(r);
  if (READS_BY_NAME.has(operation)) return false;
  const method = r.method.toUpperCase();
  if (operation === method || operation.startsWith(`${method} `)) return method !== 'GET' && method !== 'HEAD';
  return !READ_ONLY_PREFIXES.some((prefix) => operation.startsWith(prefix));
}

/**
 * A sandbox whose moto authorizes every request against IAM (INITIAL_NO_AUTH_ACTION_COUNT), with one
 * user allowed only `allow`. The first three actions make that user unauthenticated; `moreUnauthenticated`
 * leaves room for the test's own setup calls before authorization starts.
 */
export async function startAuthorizingSandbox(opts: { user: string; allow: string[]; moreUnauthenticated?: number }): Promise<{
  sandbox: Sandbox;
  credentials: { accessKeyId: string; secretAccessKey: string };
}> {
  const { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } = await import('@aws-sdk/client-iam');
  const sandbox = await startSandbox({ motoEnv: { INITIAL_NO_AUTH_ACTION_COUNT: String(3 + (opts.moreUnauthenticated ?? 0)) } });
  const iam = new IAMClient({ endpoint: sandbox.motoEndpoint, region: 'us-east-1', credentials: sandbox.rootCredentials });
  await iam.send(new CreateUserCommand({ UserName: opts.user }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: opts.user }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: opts.user,
      PolicyName: 'only-these',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: opts.allow, Resource: '*' }] }),
    }),
  );
  iam.destroy();
  return { sandbox, credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! } };
}

/**
 * One emulator for a test file: started before its tests, stopped after them, and reset to a brand-new
 * account (with an empty recording) before each test. The returned object stands for the started
 * emulator; use it inside hooks and tests only.
 */
export function useEmulator(opts: { accountId?: string } = {}): Emulator {
  let current: Emulator | undefined;
  beforeAll(async () => {
    current = await startEmulator(opts);
  });
  afterAll(async () => {
    await current?.stop();
  });
  beforeEach(async () => {
    if (current) await resetEmulator(current);
  });
  return new Proxy({} as Emulator, {
    get(_target, key) {
      if (!current) throw new Error('the emulator starts in beforeAll: use it inside hooks and tests');
      return Reflect.get(current, key) as unknown;
    },
  });
}

/**
 * Retries `call` until it succeeds (or `timeoutMs` passes, then throws its last error): for setup that
 * uses something just made through the strict sandbox, which, like AWS, shows new users, groups, keys
 * and KMS keys only after a moment (src/sandbox/overlay/rules/consistency.ts). A condition, not a sleep.
 */
export async function eventually<T>(call: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
