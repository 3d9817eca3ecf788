/**
 * The overlay's HTTP plumbing: reading a request, relaying it to moto, and writing answers in the
 * wire shapes AWS uses (query-protocol XML for IAM/STS, JSON 1.1 for KMS/CloudTrail/Budgets, REST XML
 * for S3). Rules build their answers with these, so a refusal looks exactly like AWS's.
 */
import { randomBytes } from 'node:crypto';
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';

export const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** IAM/STS form bodies are small; this only guards the proxy's memory. */
const MAX_BUFFERED_BODY = 16 * 1024 * 1024;
/** Hop-by-hop headers: they describe one connection, not the message, so they are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect', 'upgrade', 'proxy-connection']);
const XML_NS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

export function randomString(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Same shape as moto's request ids (52 alphanumerics), so logs look alike. */
export function requestId(): string {
  return randomString(52, ALNUM);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An answer the overlay sends instead of (or in place of) moto's. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function xmlReply(status: number, xml: string, id: string = requestId()): Reply {
  return { status, headers: { 'Content-Type': 'text/xml', server: 'amazon.com', 'x-amzn-requestid': id }, body: Buffer.from(xml, 'utf8') };
}

/**
 * A query-protocol error document (IAM, STS), shaped like AWS's and moto's. IAM's modelled errors
 * repeat the text as `<message>` in moto's answers; `repeatLowercase` keeps that.
 */
export function queryError(service: string, status: number, code: string, message: string, repeatLowercase = false): Reply {
  const id = requestId();
  const msg = escapeXml(message);
  const ns = XML_NS[service] ?? XML_NS.iam;
  return xmlReply(
    status,
    `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${msg}</Message>${repeatLowercase ? `<message>${msg}</message>` : ''}</Error><RequestId>${id}</RequestId></ErrorResponse>`,
    id,
  );
}

/** A query-protocol success document; `result` is the inner XML of `<ActionResult>`, if any. */
export function queryResult(service: string, action: string, result: string | undefined): Reply {
  const id = requestId();
  const inner = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
  const ns = XML_NS[service] ?? XML_NS.iam;
  return xmlReply(200, `<${action}Response xmlns="${ns}">${inner}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`, id);
}

/**
 * A JSON 1.1 protocol error (KMS, CloudTrail, Budgets): HTTP 400 unless said otherwise, the code in
 * `__type` and in the `x-amzn-ErrorType` header, as AWS sends it
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization).
 */
export function jsonError(code: string, message: string, status = 400): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId(), 'x-amzn-ErrorType': code },
    body: Buffer.from(JSON.stringify({ __type: code, message }), 'utf8'),
  };
}

/** A JSON 1.1 protocol success answer. */
export function jsonResult(value: unknown): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() },
    body: Buffer.from(JSON.stringify(value), 'utf8'),
  };
}

/** A REST-XML error (S3), as S3 sends it. */
export function s3Error(status: number, code: string, message: string): Reply {
  const id = randomString(16, ALNUM_UPPER);
  return xmlReply(status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${id}</RequestId></Error>`, id);
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.end(reply.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
  res.end(body);
}

export interface Signer {
  accessKeyId: string;
  service: string;
}

/** The access key and service from a SigV4 `Authorization` header or a presigned URL's X-Amz-Credential. */
export function signerOf(headers: IncomingHttpHeaders, url: URL): Signer | undefined {
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

/** The whole body, or undefined past the buffering limit (the rest is drained). */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
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

/** moto's whole answer to a relayed request. */
export interface Buffered {
  status: number;
  statusMessage: string;
  upstream: IncomingMessage;
  body: Buffer;
}

/** Relays requests to moto, streamed or buffered. */
export class Relay {
  constructor(private readonly target: URL) {}

  private options(req: IncomingMessage, headers: OutgoingHttpHeaders) {
    return {
      protocol: this.target.protocol,
      hostname: this.target.hostname,
      port: this.target.port,
      method: req.method,
      path: req.url,
      headers,
      agent: false as const,
    };
  }

  /** Streams the request to moto and moto's answer back, untouched. */
  stream(req: IncomingMessage, res: ServerResponse, extra: Record<string, string>): void {
    const up = httpRequest(this.options(req, forwardHeaders(req.headers, extra)), (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, responseHeaders(upstream));
      upstream.pipe(res);
    });
    up.on('error', (e) => this.fail(res, e));
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  }

  /** Sends an already-read request to moto and reads the whole answer (to inspect or rewrite it). */
  buffered(req: IncomingMessage, body: Buffer, extra: Record<string, string>): Promise<Buffered> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(this.options(req, forwardHeaders(req.headers, extra, body)), (upstream) => {
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

  send(res: ServerResponse, answer: Buffered, body: Buffer = answer.body): void {
    res.writeHead(answer.status, answer.statusMessage, responseHeaders(answer.upstream, body.length));
    res.end(body);
  }

  fail(res: ServerResponse, e: unknown): void {
    const message = `aws-harden sandbox overlay could not relay the request to moto at ${this.target.origin}: ${e instanceof Error ? e.message : String(e)}`;
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(message);
    } else {
      res.destroy();
    }
  }
}
