/**
 * Errors the operator can act on. Each carries a stable code, a one-line message that says what
 * happened, and a remedy that says what to do about it. Anything that is not an OperatorError is a bug
 * and is shown as one.
 */
import { INTERRUPTED_EXIT_CODE } from './signals.js';

/** Documented process exit codes (README "Exit codes"). */
export const ExitCode = {
  /** Everything asked for is done (wizard) or every check passes (audit). */
  Ok: 0,
  /** audit: at least one check fails. wizard/--yes: the run ended with steps not hardened. */
  NotHardened: 1,
  /** Usage, configuration, credential or connection problem, found before anything changed. */
  Usage: 2,
  /** A step failed while applying; the journal records where it stopped. */
  StepFailed: 3,
  /** Bug: an unexpected error. */
  Bug: 70,
  /** Interrupted by Ctrl-C / SIGINT (130; signals.ts has every stop signal's code). */
  Interrupted: INTERRUPTED_EXIT_CODE,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type OperatorErrorCode =
  | 'usage'
  | 'config-invalid'
  | 'no-credentials'
  | 'unknown-profile'
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'access-denied'
  | 'endpoint-unreachable'
  | 'throttled'
  | 'server-error'
  | 'ambiguous-result'
  | 'not-a-tty'
  | 'dry-run-refused'
  | 'journal'
  | 'locked'
  | 'sandbox'
  | 'aws';

export class OperatorError extends Error {
  override readonly name = 'OperatorError';
  constructor(
    readonly code: OperatorErrorCode,
    message: string,
    readonly remedy?: string,
    readonly exitCode: ExitCode = ExitCode.Usage,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isOperatorError(e: unknown): e is OperatorError {
  return e instanceof OperatorError;
}

/** One-line rendering used by headless output and the final message of a failed run. */
export function describeError(e: unknown): { message: string; remedy?: string; bug: boolean } {
  if (isOperatorError(e)) return { message: e.message, remedy: e.remedy, bug: false };
  const message = e instanceof Error ? e.message : String(e);
  return {
    message: `Unexpected error: ${message}`,
    remedy: 'This is a bug in aws-harden. Your account and the journal are unchanged past the last completed step; please report it with the command you ran.',
    bug: true,
  };
}
