/**
 * A loopback HTTP proxy in front of moto that makes the sandbox behave like AWS where moto does not:
 * the account's root user (root.ts), and, in strict mode (the default), the rules under rules/ that
 * enforce documented AWS validations moto skips. Each rule cites the AWS page it follows.
 *
 * A request that no rule wants to see goes to moto byte for byte (streamed). One a rule wants is read
 * whole, shown to each rule in turn (`before`: the first reply wins and moto never sees the request),
 * relayed to moto, and moto's answer shown to each rule (`after`: observe or rewrite).
 *
 * Its own routes, for tests and the `--sandbox` mode: `POST|DELETE /sandbox/root-mfa`, `POST /sandbox/mfa-code`
 * (JSON `{serial}` → `{code}`: what the device's app shows now),
 * `GET /sandbox/state`, `GET|POST|DELETE /sandbox/faults` (JSON FaultOptions), `GET /sandbox/recorder/download-recording`, `POST /sandbox/recorder/reset-recording`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, Relay } from '../relay.js';
import { queryError, sendJson, sendReply, signerOf, type Reply } from './http.js';
import { offsetClock, stampDate } from './clock.js';
import { Faults, FaultOptionsError, type FaultOptions } from './faults.js';
import { RootUser, type RootCredentials, type RootSession } from './root.js';
import { strictRules, type StrictOptions } from './rules/index.js';
import { MfaCodesRule } from './rules/mfa-codes.js';
import { SignatureTimeRule } from './rules/signature-time.js';
import { actionOf, parseRequest } from './parse.js';
import type { Rule, RuleContext } from './types.js';

export type { FaultOptions, FaultReport } from './faults.js';
export type { RootCredentials, RootSession } from './root.js';
export type { StrictOptions } from './rules/index.js';

/** moto's default account (moto/core/models.py DEFAULT_ACCOUNT_ID). */
export const MOTO_DEFAULT_ACCOUNT_ID = '123456789012';

/** What `GET /sandbox/state` returns. Never holds a secret. */
export interface OverlayState {
  accountId: string;
  strict: boolean;
  rootMfaEnabled: boolean;
  rootAccessKeyIds: string[];
}

export interface Overlay {
  /** `http://127.0.0.1:PORT`: point the SDK here (AWS_ENDPOINT_URL). */
  endpoint: string;
  accountId: string;
  /** The root user's initial access key, as an operator holding a fresh account would have. */
  rootCredentials: RootCredentials;
  /** The root user's console session (`aws login`): temporary credentials that act as root. */
  rootSession: RootSession;
  state(): OverlayState;
  /**
   * Every AWS request the overlay has received, by `service:Action` as the wire names it (S3: method
   * and sub-resources), counting each try of a retried call; since the start or the last reset.
   */
  received(): Record<string, number>;
  stop(): Promise<void>;
}

export interface StartOverlayOptions {
  /** The moto endpoint, `http://127.0.0.1:PORT`. */
  target: string;
  accountId?: string;
  /**
   * AWS's documented validations on top of moto (default on). `false` leaves only the root user:
   * moto's own leniency, for tests that show what moto alone accepts.
   */
  strict?: boolean | StrictOptions;
  /** Network faults from the start (see faults.ts); `POST /sandbox/faults` changes them later. */
  faults?: FaultOptions;
  /** The account's partition (default `aws`): the root user's ARN is `arn:<partition>:iam::…:root`. */
  partition?: string;
  /** False for an account whose root user has no credentials at all (an organization member's). */
  rootCredentials?: boolean;
  /** False: the root user has no access key; the owner signs in with `rootSession` (aws login). */
  rootAccessKey?: boolean;
  /** Opt-in regions the account has enabled (default none, as in a new account); see rules/regions.ts. */
  optInRegions?: readonly string[];
  /** Rules of the account's shape (src/sandbox/shapes.ts), after the strict ones. */
  rules?: Rule[];
  /** Rules that see a request before the root user does (a region that is off answers nothing else). */
  gates?: Rule[];
  /** Runs after `POST /moto-api/reset`, to make the account's shape again on the empty moto. */
  afterReset?: () => Promise<void>;
  /** How far the emulated AWS's clock is ahead of this machine's (negative: behind); see clock.ts. */
  clockOffsetMs?: number;
}

/** The signing names of every service aws-harden calls (src/aws/operations.ts). */
const SIGNED_SERVICES = ['sts', 'iam', 's3', 'kms', 'cloudtrail', 'budgets', 'organizations', 'ec2', 'account', 'access-analyzer', 'logs', 'monitoring', 'sns', 'guardduty', 'config', 'securityhub'];

/** Cap on requests kept in the overlay's own recording (oldest dropped). */
const MAX_RECORDED = 10_000;

export async function startOverlay(opts: StartOverlayOptions): Promise<Overlay> {
  const relay = new Relay(new URL(opts.target));
  const accountId = opts.accountId ?? MOTO_DEFAULT_ACCOUNT_ID;
  const root = new RootUser(accountId, opts.partition, opts.rootCredentials, opts.rootAccessKey);
  const now = offsetClock(opts.clockOffsetMs ?? 0);
  const ctx: RuleContext = { accountId, motoEndpoint: new URL(opts.target).origin, now, root, optInRegions: new Set(opts.optInRegions ?? []) };
  const strict = opts.strict ?? true;
  // A clock off this machine's is also one that signing times can be off from: refused first, as AWS does.
  const clockRules = opts.clockOffsetMs ? [new SignatureTimeRule(ctx, SIGNED_SERVICES)] : [];
  const rules: Rule[] = [...clockRules, ...(opts.gates ?? []), root, ...(strict === false ? [] : strictRules(ctx, strict === true ? {} : strict)), ...(opts.rules ?? [])];
  const watched = new Set(rules.flatMap((r) => r.services));
  const faults = new Faults(opts.faults);

  const state = (): OverlayState => ({
    accountId,
    strict: strict !== false,
    rootMfaEnabled: root.mfaEnabled,
    rootAccessKeyIds: root.keys.map((k) => k.accessKeyId),
  });

  /**
   * Requests a rule answered never reach moto, so moto's recorder cannot see them (root's
   * DeleteAccessKey is a mutating call; a refused CreateTrail arrived all the same). They are kept
   * here, one JSON object per line in the same shape as moto's recorder
   * (moto/moto_api/_internal/recorder/models.py), for tests to merge.
   */
  let recording: string[] = [];
  let received = new Map<string, number>();
  const receive = (name: string): void => void received.set(name, (received.get(name) ?? 0) + 1);
  const record = (req: IncomingMessage, body: Buffer, answeredBy?: string): void => {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i] ?? ''] = req.rawHeaders[i + 1] ?? '';
    // `answered_by` (not in moto's format): which rule answered, so tests can leave out what only waited on propagation.
    const entry = {
      headers,
      method: req.method ?? 'GET',
      url: `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`,
      body: body.toString('base64'),
      body_encoded: true,
      ...(answeredBy ? { answered_by: answeredBy } : {}),
    };
    recording.push(JSON.stringify(entry));
    if (recording.length > MAX_RECORDED) recording.shift();
  };

  async function handleSandboxApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = (await readBody(req)) ?? Buffer.alloc(0);
    if (path === '/sandbox/state' && req.method === 'GET') return sendJson(res, 200, state());
    if (path === '/sandbox/root-mfa' && (req.method === 'POST' || req.method === 'DELETE')) {
      // What the operator does in the console: enrol (POST) or remove (DELETE) the root's MFA device.
      root.mfaEnabled = req.method === 'POST';
      return sendJson(res, 200, state());
    }
    if (path === '/sandbox/mfa-code' && req.method === 'POST') {
      // What the operator reads off their authenticator app. Only the strict sandbox knows the seeds.
      let serial = '';
      try {
        const asked = (JSON.parse(body.toString('utf8') || '{}') as { serial?: unknown }).serial;
        serial = typeof asked === 'string' ? asked : '';
      } catch {
        return sendJson(res, 400, { error: 'the body must be JSON {"serial": "arn:…:mfa/…"}' });
      }
      const code = rules.find((r): r is MfaCodesRule => r instanceof MfaCodesRule)?.codeNow(serial, now());
      return code === undefined ? sendJson(res, 404, { error: `no MFA device ${serial} was made in this sandbox` }) : sendJson(res, 200, { code });
    }
    if (path === '/sandbox/faults') {
      if (req.method === 'GET') return sendJson(res, 200, faults.state());
      if (req.method === 'DELETE') {
        faults.set({});
        return sendJson(res, 200, faults.state());
      }
      if (req.method === 'POST') {
        try {
          faults.set(JSON.parse(body.toString('utf8') || '{}') as FaultOptions);
        } catch (e) {
          return sendJson(res, 400, { error: e instanceof FaultOptionsError ? e.message : 'the body must be JSON FaultOptions' });
        }
        return sendJson(res, 200, faults.state());
      }
    }
    if (path === '/sandbox/recorder/download-recording' && req.method === 'GET') {
      const body = Buffer.from(recording.map((line) => `${line}\n`).join(''), 'utf8');
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) });
      res.end(body);
      return;
    }
    if (path === '/sandbox/recorder/reset-recording' && req.method === 'POST') {
      recording = [];
      return sendJson(res, 200, {});
    }
    return sendJson(res, 404, { error: `no sandbox route ${req.method ?? ''} ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://overlay.invalid');
    if (url.pathname.startsWith('/sandbox/')) return handleSandboxApi(req, res, url.pathname);

    if (url.pathname === '/moto-api/reset' && req.method === 'POST') {
      // Resetting moto resets the overlay too: the initial root key is active again, MFA off, rules forget, faults as started.
      const answer = await relay.buffered(req, (await readBody(req)) ?? Buffer.alloc(0), {});
      if (answer.status >= 200 && answer.status < 300) {
        received = new Map();
        for (const rule of rules) rule.reset?.();
        faults.set(opts.faults ?? {});
        await opts.afterReset?.();
      }
      return relay.send(res, answer);
    }

    const signer = signerOf(req.headers, url);
    const asRoot = signer !== undefined && root.signsAsRoot(signer.accessKeyId);
    // moto picks the account from the key; a root key is unknown to it, so name the account explicitly.
    const extra: Record<string, string> = asRoot && accountId !== MOTO_DEFAULT_ACCOUNT_ID ? { 'x-moto-account-id': accountId } : {};
    if (signer === undefined || (!faults.active && !watched.has(signer.service))) {
      // Streamed unread: its action is in the URL or a header (REST, JSON), never in a query-protocol body.
      receive(`${signer?.service ?? 'unsigned'}:${actionOf(req, url, url.searchParams)}`);
      return relay.stream(req, res, extra);
    }

    const body = await readBody(req);
    if (body === undefined) return sendReply(res, queryError(signer.service, 413, 'RequestEntityTooLarge', 'Request body too large for the sandbox overlay.'));
    const request = parseRequest(req, url, body, signer, asRoot);
    receive(`${signer.service}:${request.action}`);
    const mine = rules.filter((r) => r.services.includes(signer.service));

    /** Sends `reply`, unless the fault mode loses the answer of this (applied) request. */
    const deliver = (reply: Reply, status: number): void => {
      const lost = faults.lose(request, status);
      if (lost === 'reset') return void req.socket.destroy();
      sendReply(res, lost ?? reply);
    };

    // An unreachable region: no answer at all. The connection stays open until the client gives up
    // (or the overlay stops: stop() closes every connection); nothing reaches moto or the recording.
    if (faults.holds(request)) return;
    const refused = await faults.before(request);
    if (refused !== undefined) {
      record(req, body);
      return sendReply(res, refused);
    }
    for (const rule of mine) {
      const reply: Reply | undefined = await rule.before?.(request);
      if (reply !== undefined) {
        record(req, body, rule.name);
        return deliver(reply, reply.status);
      }
    }
    const answer = await relay.buffered(req, body, extra);
    let out = answer.body;
    for (const rule of mine) {
      const replaced = await rule.after?.(request, { ...answer, body: out });
      if (replaced !== undefined) out = replaced;
    }
    const lost = faults.lose(request, answer.status);
    if (lost === 'reset') return void req.socket.destroy();
    if (lost !== undefined) return sendReply(res, lost);
    return relay.send(res, answer, out);
  }

  const server = createServer((req, res) => {
    if (opts.clockOffsetMs) stampDate(res, now);
    handle(req, res).catch((e: unknown) => relay.fail(res, e));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Like moto's child process, the sandbox alone does not keep the process alive; moto goes with it.
  server.unref();
  const { port } = server.address() as AddressInfo;

  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accountId,
    rootCredentials: { accessKeyId: root.initial.accessKeyId, secretAccessKey: root.initial.secretAccessKey },
    rootSession: { ...root.session },
    state,
    received: () => Object.fromEntries(received),
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
