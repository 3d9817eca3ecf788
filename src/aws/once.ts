/**
 * Creates and deletes that AWS does not make idempotent are sent once (aws/retry.ts). When the answer
 * to one is lost, or AWS answers that the thing already exists, AWS is read to settle it: the change
 * took effect (adopt it — for a create this run asked for, "already exists" is its own work, not a
 * failure), or it did not (send it again, once). One place for that rule; each call site says how to
 * read its thing back.
 */
import { isAmbiguous } from './retry.js';

export type Unsettled = 'lost' | 'exists';

/**
 * Sends `send`. On a lost answer, or an error `exists` recognises, `settle` reads AWS and returns what
 * `send` would have returned if the change took effect, or undefined if it did not (yet). Undefined
 * after a lost answer: sent again, once — and if AWS then says the thing exists, the first one did
 * take effect and was not visible yet (eventual consistency): settled again, now that AWS has said so.
 * Undefined after "exists" from the first send: the thing is someone else's, and the error stands.
 */
export async function sendOnce<T>(send: () => Promise<T>, settle: (why: Unsettled) => Promise<T | undefined>, exists: (e: unknown) => boolean = () => false): Promise<T> {
  let first: Unsettled;
  try {
    return await send();
  } catch (e) {
    if (isAmbiguous(e)) first = 'lost';
    else if (exists(e)) first = 'exists';
    else throw e;
    const settled = await settle(first);
    if (settled !== undefined) return settled;
    if (first === 'exists') throw e;
  }
  try {
    return await send();
  } catch (again) {
    if (!exists(again)) throw again;
    const settled = await settle('exists');
    if (settled !== undefined) return settled;
    throw again;
  }
}
