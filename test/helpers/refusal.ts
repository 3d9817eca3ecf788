/** What AWS (or the strict sandbox) answered to a refused SDK call: the wire code, the HTTP status, the message. */
import { expect } from 'vitest';

export interface Refusal {
  /** The wire code (the SDK's class name may add "Exception"). */
  name: string;
  status: number | undefined;
  message: string;
}

export async function refusal(p: Promise<unknown>): Promise<Refusal> {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as (Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) | undefined;
  expect(e, 'the request was accepted').toBeDefined();
  return { name: e?.Code ?? e?.name ?? '', status: e?.$metadata?.httpStatusCode, message: e?.message ?? '' };
}
