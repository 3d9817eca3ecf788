/**
 * Network faults on demand, for tests and demos: what a real network does to AWS calls now and then.
 * Seeded, so a run is reproducible.
 * - throttling: AWS refuses the request before acting on it (IAM/STS `Throttling`, JSON services
 *   `ThrottlingException`, S3 `SlowDown` 503);
 * - server errors: a 500 before AWS acted (`InternalFailure`, S3 `InternalError`);
 * - latency: every request waits before it is served;
 * - a lost answer: the n-th mutating request IS applied (moto acts on it), and the client gets a 500
 *   or a reset connection instead of the answer. This is the case that makes a blind retry of a
 *   non-idempotent create (CreateAccessKey, CreateKey) make a duplicate;
 * - an unreachable region: every request signed for it is held, never answered (the connection is
 *   accepted and nothing comes back: a firewall that drops, an endpoint that hangs) until the client
 *   gives up. The worst case for a scan over regions, which must bound how long it waits.
 * AWS's error shapes: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
 */
import { jsonError, queryError, s3Error, type Reply } from './http.js';
import { seededRandom } from './random.js';
import type { OverlayRequest } from './types.js';

export interface FaultOptions {
  /** Seed of the random draws (default 1). */
  seed?: number;
  /** Fraction (0–1) of requests refused with a throttling error before they reach moto. */
  throttle?: number;
  /** Fraction (0–1) of requests answered with a 500 before they reach moto. */
  serverError?: number;
  /** Milliseconds every request waits first. */
  latencyMs?: number;
  /** The `nth` (1-based) mutating request is applied, and its answer lost `as` a 500 or a connection reset. */
  loseAnswer?: { nth: number; as: '500' | 'reset' };
  /** Regions (by the SigV4 credential scope) whose requests are held without an answer until the client gives up. */
  unreachableRegions?: string[];
}

/** What `GET /sandbox/faults` tells: the options in force and what they did so far. */
export interface FaultReport {
  options: FaultOptions;
  /** Mutating requests seen since the options were set. */
  mutating: number;
  throttled: number;
  serverErrors: number;
  /** Requests held without an answer (unreachableRegions). */
  held: number;
  /** `service:Action` of the request whose answer was lost, once it was. */
  lost?: string;
}

/** Fault options that cannot be used: `POST /sandbox/faults` answers 400, a `--sandbox` run does not start (exit 2). */
export class FaultOptionsError extends Error {
  override readonly name = 'FaultOptionsError';
  readonly remedy = 'Fix the fault options (AWS_HARDEN_SANDBOX_FAULTS, or the body of POST /sandbox/faults), e.g. {"unreachableRegions": ["eu-west-1"]}, or leave them unset.';
}

const READ_PREFIXES = ['Get', 'List', 'Describe', 'Head'];

/** True unless the request only reads (Get/List/Describe/Head, or an HTTP GET/HEAD for REST). */
export function isMutating(req: OverlayRequest): boolean {
  const method = req.method.toUpperCase();
  if (req.action === method || req.action.startsWith(`${method} `)) return method !== 'GET' && method !== 'HEAD';
  return !READ_PREFIXES.some((p) => req.action.startsWith(p));
}

type Protocol = 'query' | 'json' | 'rest';

function protocolOf(req: OverlayRequest): Protocol {
  if (req.params.get('Action')) return 'query';
  if (typeof req.headers['x-amz-target'] === 'string') return 'json';
  return 'rest';
}

function throttling(req: OverlayRequest): Reply {
  switch (protocolOf(req)) {
    case 'query':
      return queryError(req.service, 400, 'Throttling', 'Rate exceeded');
    case 'json':
      return jsonError('ThrottlingException', 'Rate exceeded');
    case 'rest':
      return s3Error(503, 'SlowDown', 'Please reduce your request rate.');
  }
}

function internal(req: OverlayRequest): Reply {
  switch (protocolOf(req)) {
    case 'query':
      return { ...queryError(req.service, 500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'), status: 500 };
    case 'json':
      return jsonError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
    case 'rest':
      return s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
  }
}

export class Faults {
  private options: FaultOptions = {};
  private random = seededRandom(1);
  private report: FaultReport = { options: {}, mutating: 0, throttled: 0, serverErrors: 0, held: 0 };

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replaces the options in force and starts the counts again. Throws a FaultOptionsError on a malformed value. */
  set(options: FaultOptions): void {
    const regions: unknown = options.unreachableRegions;
    if (regions !== undefined && !(Array.isArray(regions) && regions.every((r) => typeof r === 'string'))) {
      throw new FaultOptionsError(`unreachableRegions must be a list of region names, e.g. ["eu-west-1"]; got ${JSON.stringify(regions)}`);
    }
    this.options = { ...options };
    this.random = seededRandom(options.seed ?? 1);
    this.report = { options: { ...options }, mutating: 0, throttled: 0, serverErrors: 0, held: 0 };
  }

  get active(): boolean {
    const o = this.options;
    return (o.throttle ?? 0) > 0 || (o.serverError ?? 0) > 0 || (o.latencyMs ?? 0) > 0 || o.loseAnswer !== undefined || (o.unreachableRegions ?? []).length > 0;
  }

  /** True when the request's region is unreachable: the overlay never answers it (nothing reaches moto). */
  holds(req: OverlayRequest): boolean {
    if (!(this.options.unreachableRegions ?? []).includes(req.region)) return false;
    this.report.held += 1;
    return true;
  }

  state(): FaultReport {
    return { ...this.report, options: { ...this.report.options } };
  }

  /** Before moto: wait, then maybe refuse. A refused request was not applied, so it is not counted as mutating. */
  async before(req: OverlayRequest): Promise<Reply | undefined> {
    const o = this.options;
    if ((o.latencyMs ?? 0) > 0) await new Promise((r) => setTimeout(r, o.latencyMs));
    if ((o.throttle ?? 0) > 0 && this.random() < (o.throttle ?? 0)) {
      this.report.throttled += 1;
      return throttling(req);
    }
    if ((o.serverError ?? 0) > 0 && this.random() < (o.serverError ?? 0)) {
      this.report.serverErrors += 1;
      return internal(req);
    }
    return undefined;
  }

  /** After moto applied the request: the answer to send instead, 'reset' to cut the connection, or undefined. */
  lose(req: OverlayRequest, status: number): Reply | 'reset' | undefined {
    if (!isMutating(req) || status >= 300) return undefined;
    this.report.mutating += 1;
    const lose = this.options.loseAnswer;
    if (lose === undefined || this.report.mutating !== lose.nth) return undefined;
    this.report.lost = `${req.service}:${req.action}`;
    return lose.as === 'reset' ? 'reset' : internal(req);
  }
}
