/** What a matrix trial reports, which trials a script was asked for, and the `converged: X/N` lines. */
import type { AccountSnapshot } from './snapshot.js';
import { VARIANTS, type Change, type Variant } from './proxy.js';

export interface Baseline {
  /** Mutating requests of an uninterrupted run, in order (`service:Operation`). */
  operations: string[];
  /** The changes as the sandbox's lost-answer mode numbers them (proxy.ts changes()). */
  changes: Change[];
  snapshot: AccountSnapshot;
  exitCode: number | null;
  /** What the uninterrupted run printed (stdout, then stderr): each step's final status. */
  output: string;
  ms: number;
}

export interface TrialResult {
  k: number;
  variant: Variant;
  /** The request the CLI was killed at (`service:Operation`); undefined if the run ended before k. */
  killedAt: string | undefined;
  rerunAs: 'root' | 'profile';
  rerunCode: number | null;
  converged: boolean;
  /** Why not: snapshot differences and broken invariants. */
  problems: string[];
  ms: number;
}

/** How a lost answer reaches the CLI: an HTTP 500, or a connection reset (issue 9). */
export type LostAs = '500' | 'reset';
export const LOST_VARIANTS: readonly LostAs[] = ['500', 'reset'];

export interface FaultTrialResult {
  /** `service:Action` whose answer the sandbox lost, if it lost one. */
  lost: string | undefined;
  /** Requests the sandbox throttled, and answered with a 500 before acting. */
  throttled: number;
  serverErrors: number;
  firstCode: number | null;
  /** The first run did not end as the uninterrupted one did, so it was run once more. */
  reran: boolean;
  finalCode: number | null;
  converged: boolean;
  problems: string[];
  /** The last lines the first run printed (what the operator saw). */
  firstTail: string;
  ms: number;
}

export interface LostAnswerResult extends FaultTrialResult {
  k: number;
  variant: LostAs;
}

/** The points a matrix script was asked to run (`--k 3,7,12`), or undefined for all of them. */
export function onlyPoints(argv: readonly string[]): number[] | undefined {
  const i = argv.indexOf('--k');
  const v = i >= 0 ? argv[i + 1] : undefined;
  return v ? v.split(',').map(Number) : undefined;
}

/** `lost answers converged: X/N`, overall and per variant. */
export function summarizeLost(results: readonly LostAnswerResult[], n: number): string[] {
  const line = (rs: readonly LostAnswerResult[], label: string) => `lost answers converged${label}: ${rs.filter((r) => r.converged).length}/${rs.length}`;
  return [
    line(results, ''),
    ...LOST_VARIANTS.flatMap((v) => {
      const rs = results.filter((r) => r.variant === v);
      return rs.length ? [line(rs, ` (${v === '500' ? 'HTTP 500' : 'connection reset'})`)] : [];
    }),
    `(N = ${n} changes in an uninterrupted run; ${results.length} trials; ${results.filter((r) => r.reran).length} needed the one re-run)`,
  ];
}

/** `crash points converged: X/N`, overall and per variant. */
export function summarize(results: readonly TrialResult[], n: number): string[] {
  const line = (rs: readonly TrialResult[], label: string) => `crash points converged${label}: ${rs.filter((r) => r.converged).length}/${rs.length}`;
  const lines = [line(results, '')];
  for (const v of VARIANTS) {
    const rs = results.filter((r) => r.variant === v);
    if (rs.length) lines.push(line(rs, ` (${v})`));
  }
  lines.push(`(N = ${n} mutating requests in an uninterrupted run; ${results.length} trials)`);
  return lines;
}
