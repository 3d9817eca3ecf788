/**
 * A run-scoped cache of AWS reads, so that a fact read once is not asked for again while nothing has
 * changed it: the survey before the first step, a step's check, its apply (which reads again before it
 * changes anything) and the next step's check ask for many of the same things (the admin user, its MFA
 * devices, the KMS key behind the alias, …).
 *
 * - A mutating call, by any layer sharing the cache (`Aws.withCredentials()`), forgets every answer it
 *   may alter (its families, read-families.ts) when it starts, and again when it ends, whatever it
 *   answered. So no read of what a step changed is answered from before the change: a step's
 *   verification reads back from AWS everything its apply changed.
 * - A read started before a mutation and answered after it is not kept (its entry went with the
 *   forgetting), so a check running alongside cannot plant a stale answer.
 * - Only answers are kept: a success, or an AWS service error about the input (`NoSuchEntity` …).
 *   Throttling, network trouble, access denied and the like are sent again next time.
 * - The guard's own tries again (aws/retry.ts, and the waits for something new to propagate in
 *   aws/propagation.ts) happen inside one read, before its answer is kept. A caller that reads again
 *   because AWS may not show a change yet (the runner's verify loop, a poll for a console action)
 *   forgets the cache first (`Aws.forgetReads()`).
 * - A person at a prompt may change the account in the console meanwhile: the runner forgets the cache
 *   whenever a person answered a prompt (engine/runner.ts), so an old answer never stands for the
 *   account as it is after a pause. A --yes run has no pauses.
 */
import { AwsServiceError } from './error-map.js';
import { familiesOf } from './read-families.js';

/**
 * Reads that make something new each time (fresh temporary credentials), or whose answer moves on by
 * itself (the credential report, STARTED then COMPLETE): never answered twice.
 */
const NEVER_CACHED = new Set(['sts:GetSessionToken', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport']);

interface Entry {
  answer: Promise<unknown>;
  /** What changes may alter it; undefined: any change. */
  families: readonly string[] | undefined;
}

/** JSON with object keys sorted: the same input, in whatever key order, is the same read. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  /** When a change of each family last began or ended (ms); `all`: a forget of everything. */
  private readonly changedAt = new Map<string, number>();
  private allChangedAt = Number.NEGATIVE_INFINITY;
  /** Reads answered from the cache. */
  hits = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /**
   * True when no change that may alter `family` began or ended at or after `since` (ms), and nothing
   * forgot every answer (a person's pause, a verify that reads again). A change that began and whose
   * answer was lost counts: it was forgotten when it began.
   */
  unchangedSince(family: string, since: number): boolean {
    return this.allChangedAt < since && (this.changedAt.get(family) ?? Number.NEGATIVE_INFINITY) < since;
  }

  /**
   * The answer of an identical read (`action`, `input`, by the same `signer`: another key's answers
   * may differ) made since the last change that may alter it, joining it if it is still on its way; or
   * `send`'s, which is then kept. `hit` is told before the answer arrives.
   */
  read<T>(signer: string, action: string, input: Record<string, unknown>, send: () => Promise<T>, hit?: () => void): Promise<T> {
    if (NEVER_CACHED.has(action)) return send();
    const key = `${signer}\0${action}\0${stableJson(input)}`;
    const entry = this.entries.get(key);
    if (entry) {
      this.hits++;
      hit?.();
      return entry.answer as Promise<T>;
    }
    const answer = send();
    const kept: Entry = { answer, families: familiesOf(action) };
    this.entries.set(key, kept);
    answer.catch((e: unknown) => {
      // Not an answer about the input (throttled, unreachable, denied, …): ask again next time.
      if (!(e instanceof AwsServiceError) && this.entries.get(key) === kept) this.entries.delete(key);
    });
    return answer;
  }

  /**
   * Forgets the answers the change `action` (`service:Operation`) may alter. Without an action, or
   * for one of no known family, every answer: a caller wants AWS's answer as it is now.
   */
  forget(action?: string): void {
    const changed = action === undefined ? undefined : familiesOf(action);
    const now = this.now();
    if (changed === undefined) {
      this.allChangedAt = now;
      return this.entries.clear();
    }
    for (const f of changed) this.changedAt.set(f, now);
    for (const [key, entry] of this.entries) {
      if (entry.families === undefined || entry.families.some((f) => changed.includes(f))) this.entries.delete(key);
    }
  }
}

/** The guard's `{ output, response }` with an output of its own: one caller must not see what another did to its answer. */
export function ownCopy(answer: unknown): unknown {
  const a = answer as { output?: unknown } | undefined;
  return a && typeof a === 'object' && 'output' in a ? { ...a, output: structuredClone(a.output) } : answer;
}
