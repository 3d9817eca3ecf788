/**
 * When a failed call is sent again, decided by the AWS layer (context.ts), not by the SDK: the SDK's
 * own retry sends every call again after a 5xx or a lost connection — for a create that AWS already
 * applied but whose answer was lost, that makes a duplicate (a second access key whose secret nobody
 * has, a second billed KMS key). So:
 * - throttling, and a connection that never reached AWS, were not acted on: every call is sent again;
 * - a 5xx or a connection lost mid-call may have been acted on: reads and mutations that set a state
 *   (Put…, Update…, Attach…) are sent again; a create or delete is not — it fails as an
 *   `AmbiguousResultError`, and the caller reads AWS to see whether it took effect (aws/once.ts).
 * Backoff: full jitter, as AWS's SDKs do (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
import { ExitCode, OperatorError } from '../errors.js';
import { awsErrorNames } from './error-map.js';

/**
 * Attempts per call, the first included, unless AWS_MAX_ATTEMPTS or the profile's max_attempts says
 * otherwise (retry-settings.ts). The SDK's standard mode uses 3; a few more ride out a burst.
 */
export const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'RequestThrottled', 'RequestThrottledException']);
/** The connection was never made: the request did not reach AWS. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** The connection broke after the request may have been read. */
const LOST = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

/**
 * Mutations that set a state rather than make a thing: sending one twice leaves the account as
 * sending it once does. Every other mutation is sent once (see the module comment).
 */
const RESENDABLE = new Set([
  'iam:UpdateAccountPasswordPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutGroupPolicy',
  'iam:AddUserToGroup',
  'iam:TagUser',
  'iam:UpdateLoginProfile',
  'iam:UpdateAccessKey',
  's3:PutBucketPolicy',
  's3:PutPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutBucketVersioning',
  's3:PutBucketEncryption',
  's3:PutBucketTagging',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  'kms:UpdateAlias',
  'kms:EnableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:TagResource',
  'kms:EnableKey',
  'cloudtrail:UpdateTrail',
  'cloudtrail:StartLogging',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:AddTags',
  'budgets:UpdateBudget',
  'guardduty:UpdateDetector',
  'securityhub:BatchEnableStandards',
  'config:PutConfigurationRecorder',
  'config:PutDeliveryChannel',
  'config:StartConfigurationRecorder',
  'ec2:EnableEbsEncryptionByDefault',
  // A create, but sent with a client token of its own (access-analyzer.ts): AWS answers a repeat with the first one's analyzer.
  'accessanalyzer:CreateAnalyzer',
  'iam:AttachRolePolicy',
  'account:PutAlternateContact',
  's3control:PutPublicAccessBlock',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'logs:PutRetentionPolicy',
  'logs:PutMetricFilter',
  'cloudwatch:PutMetricAlarm',
  // Same name (and attributes): the existing topic's ARN; an endpoint already subscribed: no second subscription.
  'sns:CreateTopic',
  'sns:Subscribe',
]);

export type Failure = 'throttled' | 'not-sent' | 'server' | 'lost' | 'other';

interface ErrorLike {
  code?: string;
  name?: string;
  message?: string;
  errors?: unknown[];
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function networkCode(e: unknown, depth = 0): string | undefined {
  if (typeof e !== 'object' || e === null || depth > 4) return undefined;
  const err = e as ErrorLike;
  if (err.code && (NOT_SENT.has(err.code) || LOST.has(err.code))) return err.code;
  if (err.name === 'TimeoutError') return 'ETIMEDOUT';
  if (/socket hang up/i.test(err.message ?? '')) return 'ECONNRESET';
  for (const inner of err.errors ?? []) {
    const c = networkCode(inner, depth + 1);
    if (c) return c;
  }
  return networkCode(err.cause, depth + 1);
}

/** What kind of failure an SDK error is, as far as sending it again goes. */
export function failureOf(e: unknown): Failure {
  if (awsErrorNames(e).some((n) => THROTTLED.has(n))) return 'throttled';
  const status = (e as ErrorLike | undefined)?.$metadata?.httpStatusCode;
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'server';
  const net = networkCode(e);
  if (net) return NOT_SENT.has(net) ? 'not-sent' : 'lost';
  return 'other';
}

export type Decision = { retry: true; delayMs: number } | { retry: false; ambiguous: boolean };

/**
 * Whether attempt `attempt` (0-based) of `service:operation`, which failed with `failure`, is sent
 * again (and after how long), or gives up — ambiguously when a mutation that is not resendable may
 * have been applied.
 */
export function decide(action: string, mutating: boolean, failure: Failure, attempt: number, random: () => number = Math.random, maxAttempts = MAX_ATTEMPTS): Decision {
  if (failure === 'other') return { retry: false, ambiguous: false };
  const mayHaveActed = failure === 'server' || failure === 'lost';
  if (mayHaveActed && mutating && !RESENDABLE.has(action)) return { retry: false, ambiguous: true };
  if (attempt + 1 >= maxAttempts) return { retry: false, ambiguous: false };
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return { retry: true, delayMs: Math.round(random() * cap) };
}

/**
 * A create or delete whose answer was lost (a 5xx or a broken connection): AWS may or may not have
 * applied it. Not an error to show as such: the caller reads AWS and adopts the result, or sends it
 * again once (aws/once.ts). Shown to the operator only when that is not possible.
 */
export class AmbiguousResultError extends OperatorError {
  constructor(
    readonly action: string,
    readonly failure: Failure,
    options?: { cause?: unknown },
  ) {
    super(
      'ambiguous-result',
      `The answer to ${action} was lost (${failure === 'server' ? 'AWS answered with a server error' : 'the connection broke'}): AWS may or may not have made the change.`,
      'Run the same command again: aws-harden reads AWS first and carries on from what is really there, without making anything twice.',
      ExitCode.StepFailed,
      options,
    );
  }
}

export function isAmbiguous(e: unknown): e is AmbiguousResultError {
  return e instanceof AmbiguousResultError;
}
