/**
 * AWS refuses a SigV4 request whose signing time (`X-Amz-Date`) is more than 15 minutes from its own
 * clock, before anything else: it applied nothing. The SDKs read AWS's time from the refusal and sign
 * again with it ("clock-skew correction":
 * https://aws.amazon.com/blogs/developer/clock-skew-correction/ — "more than about 15 minutes";
 * S3's refusal, RequestTimeTooSkewed, states `MaxAllowedSkewMilliseconds` 900000,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). moto checks no signing time.
 *
 * Only in a sandbox whose clock runs off this machine's (clock.ts): with the two clocks the same,
 * nothing could be refused, and every request would be buffered for nothing.
 */
import { jsonError, queryError, s3Error, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

const MAX_SKEW_MS = 15 * 60_000;
const QUERY_SERVICES = new Set(['iam', 'sts']);

/** `20261129T101500Z` (SigV4's basic ISO 8601) → ms, or undefined. */
function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export class SignatureTimeRule implements Rule {
  readonly name = 'signature-time';

  constructor(
    private readonly ctx: Pick<RuleContext, 'now'>,
    readonly services: readonly string[],
  ) {}

  before(req: OverlayRequest): Reply | undefined {
    const header = req.headers['x-amz-date'];
    const signed = parseAmzDate(typeof header === 'string' ? header : (req.url.searchParams.get('X-Amz-Date') ?? ''));
    if (signed === undefined) return undefined;
    const now = this.ctx.now();
    if (Math.abs(signed - now) <= MAX_SKEW_MS) return undefined;
    if (req.service === 's3') return s3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
    // As AWS words it for the other SigV4 services.
    const message =
      signed < now
        ? `Signature expired: ${amzDate(signed)} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`
        : `Signature not yet current: ${amzDate(signed)} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`;
    return QUERY_SERVICES.has(req.service) ? queryError(req.service, 403, 'SignatureDoesNotMatch', message) : jsonError('InvalidSignatureException', message);
  }
}
