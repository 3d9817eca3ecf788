/**
 * A loopback HTTP proxy in front of moto that adds what moto cannot emulate: the account's root user.
 *
 * moto 5.2.1 has no root principal: an unknown access key is "arn:aws:sts::ACCT:user/moto"
 * (moto/sts/models.py:180-184), and GetAccountSummary hard-codes AccountMFAEnabled and
 * AccountAccessKeysPresent to 0 (moto/iam/models.py:1756, 1774). The overlay owns a small root-user
 * state (its access keys, whether its MFA is enrolled) and answers the few IAM/STS calls whose result
 * depends on it; every other request goes to moto byte for byte.
 *
 * Its own routes, for tests and the `--sandbox` mode: `POST|DELETE /sandbox/root-mfa`,
 * `GET /sandbox/state`, `GET /sandbox/recorder/download-recording`, `POST /sandbox/recorder/reset-recording`.
 */
import { randomBytes } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** moto's default account (moto/core/models.py DEFAULT_ACCOUNT_ID). */
export const MOTO_DEFAULT_ACCOUNT_ID = '123456789012';

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What `GET /sandbox/state` returns. Never holds a secret. */
export interface OverlayState {
  accountId: string;
  rootMfaEnabled: boolean;
  rootAccessKeyIds: string[];
}

export interface Overlay {
  /** `http://127.0.0.1:PORT`: point the SDK here (AWS_ENDPOINT_URL). */
  endpoint: string;
  accountId: string;
  /** The root user's initial access key, as an operator holding a fresh account would have. */
  rootCredentials: RootCredentials;
  state(): OverlayState;
  stop(): Promise<void>;
}

export interface StartOverlayOptions {
  /** The moto endpoint, `http://127.0.0.1:PORT`. */
  target: string;
  accountId?: string;
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SECRET_CHARS = `${ALNUM}+/`;
/** IAM/STS form bodies are small; this only guards the proxy's memory. */
const MAX_BUFFERED_BODY = 16 * 1024 * 1024;
/** Cap on requests kept in the overlay's own recording (oldest dropped). */
const MAX_RECORDED = 10_000;
/** Hop-by-hop headers: they describe one connection, not the message, so they are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect', 'upgrade', 'proxy-connection']);

function randomString(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Same shape as moto's request ids (52 alphanumerics), so logs look alike. */
function requestId(): string {
  return randomString(52, ALNUM);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Signer {
  accessKeyId: string;
  service: string;
}

/** The access key and service from a SigV4 `Authorization` header or a presigned URL's X-Amz-Credential. */
function signerOf(headers: IncomingHttpHeaders, url: URL): Signer | undefined {
  const fromHeader = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '');
  if (fromHeader?.[1] !== undefined && fromHeader[2] !== undefined) {
    return { accessKeyId: fromHeader[1], service: fromHeader[2] };
  }
  const fromQuery = /^([^/]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request$/.exec(url.searchParams.get('X-Amz-Credential') ?? '');
  if (fromQuery?.[1] !== undefined && fromQuery[2] !== undefined) {
    return { accessKeyId: fromQuery[1], service: fromQuery[2] };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BUFFERED_BODY) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Query-protocol parameters: the query string plus a form-encoded body. */
function queryParams(url: URL, headers: IncomingHttpHeaders, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(url.searchParams);
  if ((headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.append(key, value);
  }
  return params;
}

/** The client's headers (Host included) for moto. A streamed body keeps chunked framing; a buffered one gets its exact length. */
function forwardHeaders(headers: IncomingHttpHeaders, extra: Record<string, string>, body?: Buffer): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  if (headers['transfer-encoding'] !== undefined && body === undefined) out['transfer-encoding'] = headers['transfer-encoding'];
  if (body !== undefined) out['content-length'] = String(body.length);
  return { ...out, ...extra };
}

/** moto's response headers as a flat raw list (keeps its spelling), minus hop-by-hop ones. */
function responseHeaders(upstream: IncomingMessage, contentLength?: number): string[] {
  const out: string[] = [];
  const raw = upstream.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (contentLength !== undefined && lower === 'content-length') continue;
    out.push(name, raw[i + 1] ?? '');
  }
  if (contentLength !== undefined) out.push('Content-Length', String(contentLength));
  return out;
}

interface Buffered {
  status: number;
  statusMessage: string;
  upstream: IncomingMessage;
  body: Buffer;
}

export async function startOverlay(opts: StartOverlayOptions): Promise<Overlay> {
  const target = new URL(opts.target);
  const accountId = opts.accountId ?? MOTO_DEFAULT_ACCOUNT_ID;
  const initialKey = {
    accessKeyId: `AKIA${randomString(16, ALNUM_UPPER)}`,
    secretAccessKey: randomString(40, SECRET_CHARS),
    createDate: new Date(),
  };
  type RootKey = typeof initialKey;
  /** Every key id that has ever been a root key, so a deleted one can be told from a user's key. */
  const everRootKeyIds = new Set([initialKey.accessKeyId]);
  let rootKeys: RootKey[] = [];
  let rootMfaEnabled = false;
  const resetState = (): void => {
    rootKeys = [initialKey];
    rootMfaEnabled = false;
  };
  resetState();

  const state = (): OverlayState => ({
    accountId,
    rootMfaEnabled,
    rootAccessKeyIds: rootKeys.map((k) => k.accessKeyId),
  });
  /**
   * Requests the overlay answered itself never reach moto, so moto's recorder cannot see them (root's
   * DeleteAccessKey is a mutating call). They are kept here, one JSON object per line in the same
   * shape as moto's recorder (moto/moto_api/_internal/recorder/models.py), for tests to merge.
   */
  let recording: string[] = [];
  const record = (req: IncomingMessage, body: Buffer): void => {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i] ?? ''] = req.rawHeaders[i + 1] ?? '';
    const entry = {
      headers,
      method: req.method ?? 'GET',
      url: `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`,
      body: body.toString('base64'),
      body_encoded: true,
    };
    recording.push(JSON.stringify(entry));
    if (recording.length > MAX_RECORDED) recording.shift();
  };

  const isActiveRootKey = (id: string): boolean => rootKeys.some((k) => k.accessKeyId === id);
  const isDeletedRootKey = (id: string): boolean => everRootKeyIds.has(id) && !isActiveRootKey(id);

  function sendXml(res: ServerResponse, status: number, xml: string, id: string): void {
    const body = Buffer.from(xml, 'utf8');
    res.writeHead(status, {
      'Content-Type': 'text/xml',
      server: 'amazon.com',
      'x-amzn-requestid': id,
      'Content-Length': String(body.length),
    });
    res.end(body);
  }

  /** A query-protocol error document, shaped like moto's (IAM's modelled errors repeat `<message>`). */
  function sendError(res: ServerResponse, service: 'iam' | 'sts', status: number, code: string, message: string, repeatLowercase = false): void {
    const id = requestId();
    const msg = escapeXml(message);
    sendXml(
      res,
      status,
      `<ErrorResponse xmlns="${service === 'iam' ? IAM_NS : STS_NS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
        `<Message>${msg}</Message>${repeatLowercase ? `<message>${msg}</message>` : ''}</Error><RequestId>${id}</RequestId></ErrorResponse>`,
      id,
    );
  }

  function sendResult(res: ServerResponse, service: 'iam' | 'sts', action: string, result: string | undefined): void {
    const id = requestId();
    const inner = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
    sendXml(
      res,
      200,
      `<${action}Response xmlns="${service === 'iam' ? IAM_NS : STS_NS}">${inner}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`,
      id,
    );
  }

  function sendJson(res: ServerResponse, status: number, value: unknown): void {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
    res.end(body);
  }

  function upstreamOptions(req: IncomingMessage, headers: OutgoingHttpHeaders) {
    return {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      agent: false as const,
    };
  }

  /** Streams the request to moto and moto's answer back, untouched. */
  function forwardStreaming(req: IncomingMessage, res: ServerResponse, extra: Record<string, string>): void {
    const up = httpRequest(upstreamOptions(req, forwardHeaders(req.headers, extra)), (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, responseHeaders(upstream));
      upstream.pipe(res);
    });
    up.on('error', (e) => failUpstream(res, e));
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }

  /** Sends an already-read request to moto and reads the whole answer (to inspect or rewrite it). */
  function forwardBuffered(req: IncomingMessage, body: Buffer, extra: Record<string, string>): Promise<Buffered> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(upstreamOptions(req, forwardHeaders(req.headers, extra, body)), (upstream) => {
        const chunks: Buffer[] = [];
        upstream.on('data', (c: Buffer) => chunks.push(c));
        upstream.on('end', () =>
          resolve({ status: upstream.statusCode ?? 502, statusMessage: upstream.statusMessage ?? '', upstream, body: Buffer.concat(chunks) }),
        );
        upstream.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  function sendBuffered(res: ServerResponse, answer: Buffered, body: Buffer = answer.body): void {
    res.writeHead(answer.status, answer.statusMessage, responseHeaders(answer.upstream, body.length));
    res.end(body);
  }

  function failUpstream(res: ServerResponse, e: unknown): void {
    const message = `aws-harden sandbox overlay could not relay the request to moto at ${target.origin}: ${e instanceof Error ? e.message : String(e)}`;
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(message);
    } else {
      res.destroy();
    }
  }

  async function handleSandboxApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    await readBody(req);
    if (path === '/sandbox/state' && req.method === 'GET') return sendJson(res, 200, state());
    if (path === '/sandbox/root-mfa' && (req.method === 'POST' || req.method === 'DELETE')) {
      // f. What the operator does in the console: enrol (POST) or remove (DELETE) the root's MFA device.
      rootMfaEnabled = req.method === 'POST';
      return sendJson(res, 200, state());
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
      // g. Resetting moto resets the root user too: the initial key is active again, MFA off.
      const answer = await forwardBuffered(req, (await readBody(req)) ?? Buffer.alloc(0), {});
      if (answer.status >= 200 && answer.status < 300) resetState();
      return sendBuffered(res, answer);
    }

    const signer = signerOf(req.headers, url);
    const asRoot = signer !== undefined && isActiveRootKey(signer.accessKeyId);
    // moto picks the account from the key; a root key is unknown to it, so name the account explicitly.
    const extra: Record<string, string> = asRoot && accountId !== MOTO_DEFAULT_ACCOUNT_ID ? { 'x-moto-account-id': accountId } : {};
    if (signer === undefined || (signer.service !== 'iam' && signer.service !== 'sts')) {
      return forwardStreaming(req, res, extra);
    }
    const service = signer.service;

    const body = await readBody(req);
    if (body === undefined) return sendError(res, service, 413, 'RequestEntityTooLarge', 'Request body too large for the sandbox overlay.');

    // b. A deleted root key is dead everywhere in IAM/STS, as in AWS.
    if (isDeletedRootKey(signer.accessKeyId)) {
      record(req, body);
      return sendError(res, service, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }

    const params = queryParams(url, req.headers, body);
    const action = params.get('Action') ?? '';
    const userName = params.get('UserName') ?? '';

    if (asRoot && service === 'sts' && action === 'GetCallerIdentity') {
      record(req, body);
      // a. The root user's identity: UserId is the account id, the ARN ends in ":root".
      const acct = escapeXml(accountId);
      return sendResult(res, 'sts', action, `<UserId>${acct}</UserId><Account>${acct}</Account><Arn>arn:aws:iam::${acct}:root</Arn>`);
    }

    if (asRoot && service === 'iam' && action === 'ListAccessKeys' && userName === '') {
      record(req, body);
      // c. Without UserName, root lists its own keys; AWS sends no UserName element for root's keys.
      const members = rootKeys
        .map(
          (k) =>
            `<member><AccessKeyId>${k.accessKeyId}</AccessKeyId><Status>Active</Status><CreateDate>${k.createDate.toISOString()}</CreateDate></member>`,
        )
        .join('');
      return sendResult(res, 'iam', action, members === '' ? '<AccessKeyMetadata/>' : `<AccessKeyMetadata>${members}</AccessKeyMetadata>`);
    }

    if (asRoot && service === 'iam' && action === 'DeleteAccessKey' && userName === '') {
      record(req, body);
      // d. Without UserName, root deletes one of its own keys (NoSuchEntity as moto words it if unknown).
      const keyId = params.get('AccessKeyId') ?? '';
      if (!isActiveRootKey(keyId)) {
        return sendError(res, 'iam', 404, 'NoSuchEntity', `The Access Key with id ${keyId} cannot be found`, true);
      }
      rootKeys = rootKeys.filter((k) => k.accessKeyId !== keyId);
      return sendResult(res, 'iam', action, undefined);
    }

    const answer = await forwardBuffered(req, body, extra);
    if (service === 'iam' && action === 'GetAccountSummary' && answer.status === 200) {
      // e. moto hard-codes both root facts to 0; the overlay knows them.
      const xml = answer.body
        .toString('utf8')
        .replace(/(<key>AccountMFAEnabled<\/key>\s*<value>)\d+(<\/value>)/, `$1${rootMfaEnabled ? 1 : 0}$2`)
        .replace(/(<key>AccountAccessKeysPresent<\/key>\s*<value>)\d+(<\/value>)/, `$1${rootKeys.length > 0 ? 1 : 0}$2`);
      return sendBuffered(res, answer, Buffer.from(xml, 'utf8'));
    }
    return sendBuffered(res, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => failUpstream(res, e));
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
    rootCredentials: { accessKeyId: initialKey.accessKeyId, secretAccessKey: initialKey.secretAccessKey },
    state,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
