/**
 * The retry settings an AWS CLI user has already chosen, honoured by the guard (context.ts), which owns
 * retries: `AWS_MAX_ATTEMPTS` / the profile's `max_attempts` (attempts per call, the first included), and
 * `AWS_RETRY_MODE` / `retry_mode` (`standard`, `adaptive`, or `legacy`, which the guard treats as
 * standard). Environment first, then the profile, as the AWS CLI and SDKs read them:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 *
 * In `adaptive` mode every call also waits for a token of the SDK's own client-side rate limiter, which
 * slows sending down once AWS throttles.
 */
import { ExitCode, OperatorError } from '../errors.js';
import { profileInForce } from './config-file.js';
import { MAX_ATTEMPTS } from './retry.js';

export type RetryMode = 'standard' | 'adaptive';

export interface RetrySettings {
  maxAttempts: number;
  mode: RetryMode;
  /** Where each came from, for --debug: `AWS_MAX_ATTEMPTS`, `profile "x"`, or `default`. */
  source: { maxAttempts: string; mode: string };
}

function setting(env: NodeJS.ProcessEnv, inForce: ReturnType<typeof profileInForce>, envName: string, key: string): { value: string; from: string } | undefined {
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv.trim(), from: envName };
  const fromProfile = inForce.settings[key];
  return fromProfile !== undefined && fromProfile !== '' ? { value: fromProfile, from: `${key} of profile "${inForce.name}"` } : undefined;
}

/** Reads and checks the settings; a value that is not one the AWS CLI accepts is refused by name. */
export function retrySettings(env: NodeJS.ProcessEnv, profile: string | undefined): RetrySettings {
  const inForce = profileInForce(env, profile);
  const attempts = setting(env, inForce, 'AWS_MAX_ATTEMPTS', 'max_attempts');
  const mode = setting(env, inForce, 'AWS_RETRY_MODE', 'retry_mode');
  let maxAttempts = MAX_ATTEMPTS;
  if (attempts) {
    maxAttempts = Number(attempts.value);
    if (!/^\d+$/.test(attempts.value) || maxAttempts < 1) {
      throw new OperatorError(
        'usage',
        `${attempts.from} is "${attempts.value}": it must be a whole number of attempts, 1 or more.`,
        `Fix it (e.g. ${attempts.from.startsWith('AWS_') ? 'AWS_MAX_ATTEMPTS=5' : 'max_attempts = 5'}), or remove it to use aws-harden's default of ${MAX_ATTEMPTS}.`,
        ExitCode.Usage,
      );
    }
  }
  let retryMode: RetryMode = 'standard';
  if (mode) {
    const v = mode.value.toLowerCase();
    if (v !== 'standard' && v !== 'adaptive' && v !== 'legacy') {
      throw new OperatorError('usage', `${mode.from} is "${mode.value}": the retry modes are standard, adaptive and legacy.`, 'Fix it, or remove it to use standard.', ExitCode.Usage);
    }
    retryMode = v === 'adaptive' ? 'adaptive' : 'standard';
  }
  return {
    maxAttempts,
    mode: retryMode,
    source: { maxAttempts: attempts?.from ?? 'default', mode: mode?.from ?? 'default' },
  };
}
