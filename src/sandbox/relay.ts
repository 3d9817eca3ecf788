/**
 * A loopback HTTP relay to an upstream server (moto): reading a request whole, sending it on, streamed
 * or buffered, and sending the answer back. The sandbox overlay relays to moto through it, and so does
 * the crash harness's kill-point proxy (test/helpers/crash/proxy.ts) in front of the overlay.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';

/** IAM/STS form bodies are small; this only guards the proxy's memory. */
const MAX_BUFFERED_BODY = 16 * 1024 * 1024;
/** Hop-by-hop headers: they describe one connection, not the message, so they are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect', 'upgrade', 'proxy-connection']);

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

/** The client's headers (Host included) for the upstream. A streamed body keeps chunked framing; a buffered one gets its exact length. */
function forwardHeaders(headers: IncomingHttpHeaders, extra: Record<string, string>, body?: Buffer): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  if (headers['transfer-encoding'] !== undefined && body === undefined) out['transfer-encoding'] = headers['transfer-encoding'];
  if (body !== undefined) out['content-length'] = String(body.length);
  return { ...out, ...extra };
}

/** The upstream's response headers as a flat raw list (keeps their spelling), minus hop-by-hop ones. */
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

/** The upstream's whole answer to a relayed request. */
export interface Buffered {
  status: number;
  statusMessage: string;
  upstream: IncomingMessage;
  body: Buffer;
}

/** Relays requests to one upstream (moto, or the overlay in front of it), streamed or buffered. */
export class Relay {
  /** `who` and `upstream` name the two ends in the 502 a failed relay answers with. */
  constructor(
    private readonly target: URL,
    private readonly who = 'aws-harden sandbox overlay',
    private readonly upstream = 'moto',
  ) {}

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

  /** Streams the request upstream and the answer back, untouched. */
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

  /** Sends an already-read request upstream and reads the whole answer (to inspect or rewrite it). */
  buffered(req: IncomingMessage, body: Buffer, extra: Record<string, string>): Promise<Buffered> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(this.options(req, forwardHeaders(req.headers, extra, body)), (upstream) => {
        const chunks: Buffer[] = [];
        upstream.on('data', (c: Buffer) => chunks.push(c));
        upstream.on('end', () => resolve({ status: upstream.statusCode ?? 502, statusMessage: upstream.statusMessage ?? '', upstream, body: Buffer.concat(chunks) }));
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
    const message = `${this.who} could not relay the request to ${this.upstream} at ${this.target.origin}: ${e instanceof Error ? e.message : String(e)}`;
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(message);
    } else {
      res.destroy();
    }
  }
}
