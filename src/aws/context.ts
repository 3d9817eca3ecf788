/**
 * The AWS layer: one SDK configuration shared by every client (credentials, region, endpoint, retry),
 * clients created lazily on first use, a recorder of every call, error mapping, and the dry-run guard.
 * Nothing else in aws-harden constructs an SDK client.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ExitCode, OperatorError } from '../errors.js';
import { awsErrorNames, mapAwsError } from './error-map.js';
import { SERVICE_OF_CLIENT, classify, type OperationKind, type Service } from './operations.js';
import { nextDelay, Propagation, saysUnknownKey, type Fresh } from './propagation.js';
import { AmbiguousResultError, decide, failureOf } from './retry.js';
import { InFlight } from './in-flight.js';
import { retrySettings, type RetrySettings } from './retry-settings.js';
import { networkAgents, type NetworkAgents } from './network.js';
import { knownProfiles } from './profiles.js';
import { purposeSuffix } from './purpose.js';
import { ownCopy, ReadCache } from './read-cache.js';
import { CallRecorder } from './recorder.js';

export interface AwsOptions {
  profile?: string;
  region?: string;
  /** Explicit endpoint (--endpoint-url). AWS_ENDPOINT_URL is honoured by the SDK itself. */
  endpoint?: string;
  dryRun: boolean;
  /** Explicit credentials (the sandbox); otherwise the SDK's standard provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  env?: NodeJS.ProcessEnv;
  /**
   * What this run made, for waiting out AWS's propagation delays (propagation.ts). A layer derived for
   * another key (e.g. to prove a new access key) shares its parent's, so it knows the key is new.
   */
  propagation?: Propagation;
  /** The calls on their way (in-flight.ts); a derived layer shares its parent's, so one halt stops both. */
  inFlight?: InFlight;
  /** The run's read cache (read-cache.ts); a derived layer shares its parent's, so a change by either forgets both. */
  reads?: ReadCache;
  /** --debug: one line per attempt (action, status, time, request id); never a request or response body. */
  debug?: (line: string) => void;
  /** Retry settings already read (a derived layer takes its parent's); otherwise init() reads them. */
  retry?: RetrySettings;
  /** Proxy and CA agents already made (a derived layer takes its parent's); otherwise init() makes them. */
  agents?: NetworkAgents;
}

export { CallRecorder, type CallRecord } from './recorder.js';

interface ClientTypes {
  sts: STSClient;
  iam: IAMClient;
  s3: S3Client;
  kms: KMSClient;
  cloudtrail: CloudTrailClient;
  budgets: BudgetsClient;
  organizations: OrganizationsClient;
}

/** `option`: given to this layer (--region, or the sandbox's own). */
export type RegionSource = 'option' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'default';

const DEFAULT_REGION = 'us-east-1';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Aws {
  readonly recorder = new CallRecorder();
  /** What this run made; its events are the "waiting for AWS" progress line. */
  readonly propagation: Propagation;
  /** Halted when the run is interrupted: calls in flight finish, no new call starts. */
  readonly inFlight: InFlight;
  /** Reads answered once while nothing changes (read-cache.ts). */
  readonly reads: ReadCache;
  /** Whose reads these are in the shared cache: another key's answers may differ. */
  private readonly signer: string;
  readonly dryRun: boolean;
  readonly profile: string | undefined;
  /** The endpoint override in force, if any (flag first, then AWS_ENDPOINT_URL). */
  readonly endpoint: string | undefined;
  private regionValue: string | undefined;
  /** Where the region came from, said on the first screen: never a silent fall-back to us-east-1. */
  regionSource: RegionSource = 'option';
  /**
   * AWS's clock minus this computer's, in milliseconds, from the `Date` header of the latest answer
   * (success or error); undefined until AWS has answered. Whole seconds on the wire, measured on
   * arrival: good to a second or so. Whatever AWS judges by its own time (MFA codes) is checked with it.
   */
  clockSkewMs: number | undefined;
  private credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** AWS_MAX_ATTEMPTS / AWS_RETRY_MODE or the profile's, read by init(). */
  retry: RetrySettings | undefined;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY and AWS_CA_BUNDLE / ca_bundle, read by init() (network.ts). */
  private agents: NetworkAgents | undefined;
  /** The SDK's client-side rate limiter, in adaptive retry mode. */
  private limiter: { getSendToken(): Promise<void>; updateClientSendingRate(response: unknown): void } | undefined;
  private readonly clients = new Map<Service, Promise<unknown>>();

  constructor(private readonly options: AwsOptions) {
    const env = options.env ?? process.env;
    this.dryRun = options.dryRun;
    this.profile = options.profile ?? env.AWS_PROFILE;
    this.endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL;
    this.regionValue = options.region;
    this.credentials = options.credentials;
    this.propagation = options.propagation ?? new Propagation();
    this.inFlight = options.inFlight ?? new InFlight();
    this.reads = options.reads ?? new ReadCache();
    // The run's layer is 'run'; one derived for another key (withCredentials, which shares the cache) names it.
    const creds = options.credentials;
    this.signer = options.reads && creds && typeof creds !== 'function' ? `key ${creds.accessKeyId}` : 'run';
  }

  /**
   * Reads after this go to AWS: for a caller that reads again because AWS may not show a change yet
   * (a verification read again, a poll for something done in the console).
   */
  forgetReads(): void {
    this.reads.forget();
  }

  /**
   * Resolves region and credentials once, before any UI starts, so that a typo in --profile or a
   * missing region is reported clearly.
   */
  async init(): Promise<void> {
    const env = this.options.env ?? process.env;
    if (this.options.profile && !this.options.credentials && !knownProfiles(env).includes(this.options.profile)) {
      throw new OperatorError('unknown-profile', `The profile "${this.options.profile}" is not defined in ~/.aws/config or ~/.aws/credentials.`,
        'List the profiles with: aws configure list-profiles — or drop --profile to use the default credentials.', ExitCode.Usage);
    }
    this.retry = this.options.retry ?? retrySettings(env, this.profile);
    if (this.retry.mode === 'adaptive') {
      const { DefaultRateLimiter } = await import('@smithy/core/retry');
      this.limiter = new DefaultRateLimiter();
    }
    this.agents = this.options.agents ?? (await networkAgents(env, this.profile));
    if (!this.options.agents) for (const line of this.agents.summary) this.debug(`network: ${line}`);
    if (!this.options.retry) this.debug(`retries: up to ${this.retry.maxAttempts} attempts per call (${this.retry.source.maxAttempts}), ${this.retry.mode} mode (${this.retry.source.mode})`);
    if (!this.credentials) {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      this.credentials = fromNodeProviderChain(this.profile ? { profile: this.profile } : {});
    }
    if (!this.regionValue) {
      const fromEnv = env.AWS_REGION ? 'AWS_REGION' : env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : undefined;
      const fromProfile = fromEnv ? undefined : await this.profileRegion();
      this.regionValue = (fromEnv ? env[fromEnv] : undefined) ?? fromProfile ?? DEFAULT_REGION;
      this.regionSource = fromEnv ?? (fromProfile ? 'profile' : 'default');
    }
  }

  /** Region from the profile's config, if it sets one. */
  private async profileRegion(): Promise<string | undefined> {
    const { STSClient } = await import('@aws-sdk/client-sts');
    const probe = new STSClient(this.profile ? { profile: this.profile } : {});
    try {
      return await probe.config.region();
    } catch {
      return undefined;
    } finally {
      probe.destroy();
    }
  }

  get region(): string {
    if (!this.regionValue) throw new Error('Aws.init() must run before the region is read');
    return this.regionValue;
  }

  private sharedConfig(service: Service): Record<string, unknown> {
    return {
      region: this.region,
      credentials: this.credentials,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(service === 's3' && this.endpoint ? { forcePathStyle: true } : {}),
      // An existing bucket in another region answers with a redirect; follow it instead of failing.
      ...(service === 's3' ? { followRegionRedirects: true } : {}),
      // One attempt per SDK send: the guard decides what is sent again (aws/retry.ts), so a create
      // whose answer was lost is never blindly sent twice.
      maxAttempts: 1,
      // Recognisable in CloudTrail's userAgent field: "… app/aws-harden".
      userAgentAppId: 'aws-harden',
      requestHandler: {
        connectionTimeout: 5_000,
        requestTimeout: 30_000,
        ...(this.agents?.httpAgent ? { httpAgent: this.agents.httpAgent } : {}),
        ...(this.agents?.httpsAgent ? { httpsAgent: this.agents.httpsAgent } : {}),
      },
    };
  }

  /** The SDK client for a service, created on first use (SDK modules load only when needed). */
  client<S extends Service>(service: S): Promise<ClientTypes[S]> {
    let p = this.clients.get(service);
    if (!p) {
      p = this.createClient(service);
      this.clients.set(service, p);
    }
    return p as Promise<ClientTypes[S]>;
  }

  private async createClient(service: Service): Promise<unknown> {
    const config = this.sharedConfig(service);
    let client: { middlewareStack: { add: (mw: never, opts: object) => void } };
    switch (service) {
      case 'sts': client = new (await import('@aws-sdk/client-sts')).STSClient(config); break;
      case 'iam': client = new (await import('@aws-sdk/client-iam')).IAMClient(config); break;
      case 's3': client = new (await import('@aws-sdk/client-s3')).S3Client(config); break;
      case 'kms': client = new (await import('@aws-sdk/client-kms')).KMSClient(config); break;
      case 'cloudtrail': client = new (await import('@aws-sdk/client-cloudtrail')).CloudTrailClient(config); break;
      case 'budgets': client = new (await import('@aws-sdk/client-budgets')).BudgetsClient(config); break;
      case 'organizations': client = new (await import('@aws-sdk/client-organizations')).OrganizationsClient(config); break;
      default: {
        const never: never = service;
        throw new Error(`unknown service ${String(never)}`);
      }
    }
    client.middlewareStack.add(this.guardMiddleware() as never, { step: 'initialize', name: 'awsHardenGuard', priority: 'high' });
    return client;
  }

  /** Guard + recorder + error mapping, around every call of every client. */
  private guardMiddleware() {
    return (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
      async (args: unknown): Promise<unknown> => {
        const service = SERVICE_OF_CLIENT[context.clientName ?? ''] ?? context.clientName ?? 'unknown';
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const kind = classify(service, operation);
        const action = `${service}:${operation}`;
        if (this.dryRun && kind === 'mutate') {
          this.recorder.record({ service, operation, kind, ms: 0, outcome: 'refused' });
          throw new OperatorError('dry-run-refused', `Dry run: refused to call ${action}, which would change the account.`,
            'This is a safety net and should not be reached; please report it.', ExitCode.Bug);
        }
        const input = ((args as { input?: Record<string, unknown> }).input ?? {});
        const sent = async (): Promise<unknown> => {
          const leave = this.inFlight.enter(action);
          try {
            return await this.send(next, args, { service, operation, kind, action, input });
          } finally {
            leave();
          }
        };
        if (kind === 'read') return ownCopy(await this.reads.read(this.signer, action, input, sent, () => this.debug(`${action} answered from this run's read cache${purposeSuffix()}`)));
        // Whatever it answers, the account may have changed: no read it may alter is used again.
        this.reads.forget(action);
        try {
          return await sent();
        } finally {
          this.reads.forget(action);
        }
      };
  }

  /** One call through the guard: sent, and sent again while AWS propagates or the failure allows it. */
  private async send(
    next: (args: unknown) => Promise<unknown>,
    args: unknown,
    { service, operation, kind, action, input }: { service: string; operation: string; kind: OperationKind; action: string; input: Record<string, unknown> },
  ): Promise<unknown> {
    let waitedMs = 0;
    let waitingFor: Fresh | undefined;
    let sends = 0;
    let clockCorrected = false;
    for (let attempt = 0; ; attempt++) {
      // Interrupted while waiting to send again: the run is winding down, so this call stops here.
      if (attempt > 0) this.inFlight.assertRunning(action);
      await this.limiter?.getSendToken();
      const started = performance.now();
      const recordError = (error: string) => this.recorder.record({ service, operation, kind, ms: performance.now() - started, outcome: 'error', error });
      try {
        const out = await next(args);
        this.noteClock((out as { response?: unknown }).response);
        this.limiter?.updateClientSendingRate(out);
        this.debugCall(action, attempt, started, out);
        this.recorder.record({ service, operation, kind, ms: performance.now() - started, outcome: 'ok' });
        this.propagation.succeeded(service, operation, input, (out as { output?: unknown }).output);
        if (waitingFor) this.propagation.emit({ type: 'settled', thing: waitingFor, action, waitedMs, ok: true });
        return out;
      } catch (e) {
        this.noteClock((e as { $response?: unknown } | undefined)?.$response);
        this.limiter?.updateClientSendingRate(e);
        this.debugCall(action, attempt, started, e);
        // AWS refused the signing time (this computer's clock is more than ~15 minutes off; nothing
        // was applied) and the SDK has taken AWS's time from the refusal: sign again, once, with it.
        // https://aws.amazon.com/blogs/developer/clock-skew-correction/ — maxAttempts: 1 turns off
        // the SDK's own retry that would do this.
        if (!clockCorrected && (e as { $metadata?: { clockSkewCorrected?: boolean } } | undefined)?.$metadata?.clockSkewCorrected === true) {
          clockCorrected = true;
          recordError('retried:clock-skew');
          continue;
        }
        // A not-found about something this run just made: AWS has not propagated it yet. Wait, retry.
        const thing = this.propagation.propagating(service, operation, input, e, await this.signerOf(e));
        const delay = thing ? nextDelay(attempt, waitedMs) : undefined;
        if (thing && delay !== undefined) {
          recordError('propagating');
          waitingFor = thing;
          this.propagation.emit({ type: 'waiting', thing, action, code: awsErrorNames(e)[0] ?? 'error', waitedMs, nextDelayMs: delay });
          await sleep(delay);
          waitedMs += delay;
          continue;
        }
        // Throttled, never sent, or lost where sending again is harmless: again, after a jittered backoff.
        const failure = failureOf(e);
        const decision = decide(action, kind === 'mutate', failure, sends++, Math.random, this.retry?.maxAttempts);
        if (decision.retry) {
          recordError(`retried:${failure}`);
          await sleep(decision.delayMs);
          continue;
        }
        if (decision.ambiguous) {
          recordError('ambiguous-result');
          throw new AmbiguousResultError(action, failure, { cause: e });
        }
        if (waitingFor) this.propagation.emit({ type: 'settled', thing: waitingFor, action, waitedMs, ok: false });
        this.propagation.failed(service, operation, input, e);
        const changed = this.recorder.calls.some((c) => c.kind === 'mutate' && c.outcome === 'ok');
        const mapped = mapAwsError(e, { action, endpoint: this.endpoint, region: this.regionValue, profile: this.profile, changed });
        recordError((mapped as Error).name === 'OperatorError' ? (mapped as OperatorError).code : 'bug');
        throw mapped;
      }
    }
  }

  /**
   * The same endpoint, region, dry-run, retry settings, debug output and in-flight tracking, signed with
   * another key (e.g. to prove a new access key works). The caller destroys it.
   */
  async withCredentials(credentials: AwsCredentialIdentity): Promise<Aws> {
    const other = new Aws({
      dryRun: this.dryRun,
      region: this.region,
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      credentials,
      env: {},
      propagation: this.propagation,
      inFlight: this.inFlight,
      reads: this.reads,
      ...(this.retry ? { retry: this.retry } : {}),
      ...(this.agents ? { agents: this.agents } : {}),
      ...(this.options.debug ? { debug: this.options.debug } : {}),
    });
    await other.init();
    return other;
  }

  private debug(line: string): void {
    this.options.debug?.(line);
  }

  /** --debug: what came back for one attempt, from the SDK's metadata only (never a body), and which step's work made it. */
  private debugCall(action: string, attempt: number, started: number, result: unknown): void {
    if (!this.options.debug) return;
    type Meta = { httpStatusCode?: number; requestId?: string };
    // An error carries $metadata; an answer at this middleware step is { output: { $metadata } }.
    const r = result as { $metadata?: Meta; output?: { $metadata?: Meta } } | undefined;
    const meta = r?.$metadata ?? r?.output?.$metadata;
    const error = result instanceof Error ? ` ${awsErrorNames(result)[0] ?? result.name}` : '';
    const ms = Math.round(performance.now() - started);
    this.debug(`${action} ${meta?.httpStatusCode ?? '-'}${error} ${ms} ms request-id ${meta?.requestId ?? '-'}${attempt > 0 ? ` (attempt ${attempt + 1})` : ''}${purposeSuffix()}`);
  }

  /** Takes AWS's time from an HTTP answer's `Date` header (RFC 7231), if it has one. */
  private noteClock(response: unknown): void {
    const headers = (response as { headers?: Record<string, string | undefined> } | undefined)?.headers;
    const date = headers?.date ?? headers?.Date;
    const aws = date === undefined ? Number.NaN : Date.parse(date);
    if (!Number.isNaN(aws)) this.clockSkewMs = aws - Date.now();
  }

  /** The access key id the calls are signed with, when an error says AWS does not know the key. */
  private async signerOf(e: unknown): Promise<string | undefined> {
    if (!saysUnknownKey(e)) return undefined;
    const creds = this.credentials;
    try {
      return (typeof creds === 'function' ? await creds() : creds)?.accessKeyId;
    } catch {
      return undefined;
    }
  }

  destroy(): void {
    for (const p of this.clients.values()) void p.then((c) => (c as { destroy(): void }).destroy());
  }
}
