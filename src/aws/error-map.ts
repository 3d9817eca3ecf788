/**
 * The one place that turns SDK and network errors into operator errors with a remedy.
 * "Not found" is not an error here: the narrow service APIs return it as a value.
 */
import { ExitCode, OperatorError, isOperatorError } from '../errors.js';
import { OPT_IN_REGIONS } from './partition.js';

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  cause?: unknown;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const INVALID_CREDS = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'IncompleteSignature']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

/**
 * The names an AWS error response goes by: the wire code (`Code`, e.g. "NoSuchEntity") and the SDK's
 * class name (which newer SDKs derive from the shape, e.g. "NoSuchEntityException").
 */
export function awsErrorNames(e: unknown): string[] {
  if (typeof e !== 'object' || e === null) return [];
  const err = e as SdkErrorLike;
  return [err.Code, err.name].filter((n): n is string => typeof n === 'string' && n !== '' && n !== 'Error');
}

function connectionCode(e: unknown, depth = 0): string | undefined {
  if (typeof e !== 'object' || e === null || depth > 4) return undefined;
  const err = e as SdkErrorLike & { errors?: unknown[] };
  if (err.code && CONNECTION_CODES.has(err.code)) return err.code;
  if (err.name === 'TimeoutError') return 'ETIMEDOUT';
  for (const inner of err.errors ?? []) {
    const c = connectionCode(inner, depth + 1);
    if (c) return c;
  }
  return connectionCode(err.cause, depth + 1);
}

/**
 * Node's codes for a TLS certificate it does not trust (https://nodejs.org/api/tls.html, OpenSSL's
 * X509_V_ERR_* names): a private CA or a proxy that inspects HTTPS, or a wrong endpoint name.
 */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function certificateCode(e: unknown, depth = 0): string | undefined {
  if (typeof e !== 'object' || e === null || depth > 4) return undefined;
  const err = e as SdkErrorLike & { errors?: unknown[] };
  if (err.code && CERTIFICATE_CODES.has(err.code)) return err.code;
  for (const inner of err.errors ?? []) {
    const c = certificateCode(inner, depth + 1);
    if (c) return c;
  }
  return certificateCode(err.cause, depth + 1);
}

export interface ErrorContext {
  /** `service:Operation` of the call that failed. */
  action: string;
  /**
   * Whether this run has changed the account yet. A connection or server problem before any change
   * is exit 2 (nothing to resume); after one, exit 3 (a step stopped halfway; the journal knows where).
   */
  changed?: boolean;
  /** Endpoint in use (for the unreachable message). */
  endpoint?: string;
  region?: string;
  profile?: string;
}

/** Maps any error thrown by an SDK call to an OperatorError. Bugs stay bugs (returned unchanged). */
export function mapAwsError(e: unknown, ctx: ErrorContext): unknown {
  if (isOperatorError(e)) return e;
  const names = awsErrorNames(e);
  const status = (e as SdkErrorLike | undefined)?.$metadata?.httpStatusCode;
  const name = names[0] ?? '';
  const is = (set: ReadonlySet<string>) => names.some((n) => set.has(n));
  const message = (e as SdkErrorLike | undefined)?.message ?? String(e);

  if (names.includes('CredentialsProviderError') || /Could not load credentials/i.test(message)) {
    if (ctx.profile && /profile/i.test(message)) {
      return new OperatorError(
        'unknown-profile',
        `Could not get credentials for profile "${ctx.profile}": ${message}`,
        'Check the profile name (aws configure list-profiles), or sign in again if it uses SSO (aws sso login).',
        ExitCode.Usage,
        { cause: e },
      );
    }
    return new OperatorError(
      'no-credentials',
      'No AWS credentials found.',
      'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile NAME, or try the emulator with --sandbox.',
      ExitCode.Usage,
      { cause: e },
    );
  }
  const cert = certificateCode(e);
  if (cert) {
    const where = ctx.endpoint ?? `the AWS endpoint for ${ctx.region ?? 'your region'}`;
    return new OperatorError(
      'endpoint-unreachable',
      `The TLS certificate of ${where} is not trusted (${cert}: ${message}) while calling ${ctx.action}.`,
      "If a private certificate authority or a proxy that inspects HTTPS sits in between, point AWS_CA_BUNDLE (or the profile's ca_bundle) at its CA certificate in PEM form; otherwise check --endpoint-url.",
      ctx.changed ? ExitCode.StepFailed : ExitCode.Usage,
      { cause: e },
    );
  }
  const conn = connectionCode(e);
  if (conn) {
    const where = ctx.endpoint ?? `the AWS endpoint for ${ctx.region ?? 'your region'}`;
    return new OperatorError(
      'endpoint-unreachable',
      `Cannot reach ${where} (${conn}) while calling ${ctx.action}.`,
      ctx.endpoint ? 'Check --endpoint-url / AWS_ENDPOINT_URL, and that the server there is running.' : 'Check your network connection and --region.',
      ctx.changed ? ExitCode.StepFailed : ExitCode.Usage,
      { cause: e },
    );
  }
  // A 403 whose body the SDK could not parse (e.g. an XML AccessDenied from a JSON-protocol service
  // behind an emulator or proxy) is still a refusal, not a bug.
  const unparseable403 = status === 403 && names.includes('SyntaxError');
  if (unparseable403 || is(ACCESS_DENIED) || ((e as SdkErrorLike | undefined)?.$metadata?.httpStatusCode === 403 && /not authorized|access denied/i.test(message))) {
    // AWS names the policy type that denied: "… with an explicit deny in a service control policy".
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
    if (/explicit deny in a service control policy/i.test(message)) {
      return new OperatorError(
        'access-denied',
        `Denied by a service control policy of your AWS Organization: ${ctx.action} is not allowed in this account, whatever its IAM policies say.`,
        `Only the organization's management account can change service control policies: ask its administrators to allow ${ctx.action} here, or skip this step.`,
        ExitCode.Usage,
        { cause: e },
      );
    }
    return new OperatorError(
      'access-denied',
      `Access denied: the caller may not perform ${ctx.action}.`,
      `Grant ${ctx.action} to this identity (or run as an administrator), then run again.`,
      ExitCode.Usage,
      { cause: e },
    );
  }
  if (is(EXPIRED)) {
    return new OperatorError('expired-credentials', 'Your AWS session token has expired.', 'Refresh your credentials (for SSO: aws sso login --profile NAME) and run again.', ExitCode.Usage, {
      cause: e,
    });
  }
  // An opt-in region the account has not enabled answers every call as if the key were unknown.
  // https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
  if (is(INVALID_CREDS) && ctx.region !== undefined && OPT_IN_REGIONS.has(ctx.region) && (names.includes('InvalidClientTokenId') || names.includes('UnrecognizedClientException'))) {
    return new OperatorError(
      'invalid-credentials',
      `AWS rejected the credentials (${name}) in ${ctx.region}, an opt-in region: AWS answers this way in a region that is not enabled for the account.`,
      `Enable ${ctx.region} (console: account menu → Account → AWS Regions; or \`aws account enable-region --region-name ${ctx.region}\` from an enabled region), or choose an enabled region with --region. If ${ctx.region} is enabled, check that the access key is active.`,
      ExitCode.Usage,
      { cause: e },
    );
  }
  if (is(INVALID_CREDS)) {
    return new OperatorError(
      'invalid-credentials',
      `AWS rejected the credentials (${name}) while calling ${ctx.action}.`,
      'Check that the access key is active and the secret matches; a deleted key cannot be used.',
      ExitCode.Usage,
      { cause: e },
    );
  }
  if (is(THROTTLED)) {
    return new OperatorError('throttled', `AWS kept throttling ${ctx.action} after several retries.`, 'Wait a minute and run again; the run resumes where it stopped.', ExitCode.StepFailed, {
      cause: e,
    });
  }
  // Still a server error after the layer's retries (aws/retry.ts): AWS is having trouble, not the operator.
  if (status !== undefined && status >= 500) {
    return new OperatorError(
      'server-error',
      `AWS kept answering ${ctx.action} with a server error (HTTP ${status}${name ? ` ${name}` : ''}).`,
      'Wait a minute and run the same command again; nothing is lost, the run carries on where it stopped.',
      ctx.changed ? ExitCode.StepFailed : ExitCode.Usage,
      { cause: e },
    );
  }
  if (name && (e as SdkErrorLike | undefined)?.$metadata) {
    return new AwsServiceError(names, ctx.action, message, { cause: e });
  }
  return e;
}

/** An AWS service error that is not one of the general categories above, with its AWS name kept. */
export class AwsServiceError extends OperatorError {
  /** The error's wire code first ("NoSuchEntity"), then the SDK's name for it. */
  readonly awsNames: readonly string[];
  constructor(
    names: readonly string[],
    readonly action: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('aws', `${action} failed: ${names[0] ?? 'error'}: ${message}`, undefined, ExitCode.StepFailed, options);
    this.awsNames = names;
  }
}

/** True when `e` is one of the AWS service errors `names` (wire codes, e.g. "NoSuchEntity"). */
export function isAwsError(e: unknown, ...names: string[]): e is AwsServiceError {
  return e instanceof AwsServiceError && e.awsNames.some((n) => names.includes(n));
}
