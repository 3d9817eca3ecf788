/**
 * AWS's clock against this computer's: measured from every answer, and the one refusal (a signing time
 * too far off) that the send loop answers by signing again.
 */

/**
 * AWS's clock minus this computer's, in milliseconds, from an HTTP answer's `Date` header (RFC 7231);
 * undefined if it has none.
 */
export function clockSkewOf(response: unknown): number | undefined {
  const headers = (response as { headers?: Record<string, string | undefined> } | undefined)?.headers;
  const date = headers?.date ?? headers?.Date;
  const aws = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(aws) ? undefined : aws - Date.now();
}

/**
 * AWS refused the signing time (this computer's clock is more than ~15 minutes off; nothing was
 * applied) and the SDK has taken AWS's time from the refusal, so signing again would be accepted.
 * https://aws.amazon.com/blogs/developer/clock-skew-correction/
 */
export function signingTimeCorrected(e: unknown): boolean {
  return (e as { $metadata?: { clockSkewCorrected?: boolean } } | undefined)?.$metadata?.clockSkewCorrected === true;
}
