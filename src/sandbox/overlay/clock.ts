/**
 * The emulated AWS's clock. AWS puts its own time in the `Date` header of every answer (RFC 7231
 * §7.1.1.2) and judges time-bound input, such as MFA codes, by it. An operator whose computer clock is
 * off sees AWS's clock differ from their own; the sandbox shows that to a test by running its clock at
 * an offset from this machine's: every answer's `Date` and every rule's `now()` follow it.
 */
import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** `now()` of a clock `offsetMs` ahead of this machine's (behind when negative). */
export function offsetClock(offsetMs: number): () => number {
  return () => Date.now() + offsetMs;
}

function withoutDate(headers: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined {
  if (headers === undefined) return undefined;
  if (Array.isArray(headers)) {
    // Node's flat raw form: name, value, name, value, …
    const out: OutgoingHttpHeader[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() !== 'date') out.push(headers[i] as OutgoingHttpHeader, headers[i + 1] as OutgoingHttpHeader);
    }
    return out;
  }
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'date'));
}

/** Makes `res` send `Date: <now()>` in place of the one moto (or Node) would send. */
export function stampDate(res: ServerResponse, now: () => number): void {
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  res.sendDate = false;
  res.setHeader('Date', new Date(now()).toUTCString());
  res.writeHead = (status: number, ...rest: unknown[]) => {
    const last = rest[rest.length - 1];
    const hasHeaders = typeof last === 'object' && last !== null;
    const headers = withoutDate(hasHeaders ? (last as OutgoingHttpHeaders | OutgoingHttpHeader[]) : undefined);
    const date = new Date(now()).toUTCString();
    const message = typeof rest[0] === 'string' ? [rest[0]] : [];
    if (Array.isArray(headers)) {
      res.removeHeader('Date');
      return writeHead(status, ...message, [...headers, 'Date', date]);
    }
    res.setHeader('Date', date);
    return writeHead(status, ...message, ...(headers ? [headers] : []));
  };
}
