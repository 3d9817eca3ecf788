/**
 * The shape every typed action shares, and what the screen shows for one. A step plans a list of
 * actions; the table in index.ts turns each into the `PlannedCall` the screen, the dry run and
 * `aws-harden plan` show, and executes that same action in apply.
 */
import type { Aws } from '../context.js';

/** One call a step would make, shown verbatim in dry-run and before applying. */
export interface PlannedCall {
  service: string;
  operation: string;
  params: Record<string, unknown>;
  /** The region it is sent to, for a regional step's call; otherwise the run's region. */
  region?: string;
  /** Why this call, in a few words. */
  note?: string;
}

/** A typed AWS action: which service, which operation, its input, and why (shown with the call). */
export interface ActionShape<S extends string = string, O extends string = string, I = unknown> {
  service: S;
  op: O;
  input: I;
  /** For a regional step: the region to send it to (the run's region when absent). */
  region?: string;
  note?: string;
}

/**
 * How the table handles one operation: what the screen shows of its input (default: the input as
 * it is; an override hides a secret or shows our own type in AWS's spelling), and how it is made,
 * through the src/aws helper that owns its idempotency, send-once and propagation rules.
 */
export interface Operation<A extends ActionShape, R> {
  params?(input: A['input']): Record<string, unknown>;
  run(aws: Aws, input: A['input']): Promise<R>;
}

/** Stands for a secret in a planned call: plans never hold one. */
export const REDACTED = '‹redacted›';
