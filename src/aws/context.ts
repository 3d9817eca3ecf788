/**
 * The AWS layer: one SDK configuration shared by every client (credentials, region, endpoint, retry),
 * clients created lazily on first use, a recorder of every call, error mapping, and the dry-run guard.
 * Nothing else in aws-harden constructs an SDK client (clients.ts); the guard around every call is
 * guard.ts, its send loop send-loop.ts.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ExitCode, OperatorError } from '../errors.js';
import { newClient, sharedConfig, type ClientTypes } from './clients.js';
import { clockSkewOf } from './clock-skew.js';
import { guardMiddleware, type GuardedLayer } from './guard.js';
import type { Service } from './operations.js';
import { Propagation } from './propagation.js';
import { InFlight } from './in-flight.js';
import { retrySettings, type RetrySettings } from './retry-settings.js';
import { networkAgents, type NetworkAgents } from './network.js';
import { knownProfiles } from './profiles.js';
import { ReadCache } from './read-cache.js';
import { CallRecorder } from './recorder.js';
import type { RateLimiter } from './send-loop.js';

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
  /** Whose reads these are in a shared cache, for a derived layer (another key, another region). */
  signer?: string;
}

export { CallRecorder, type CallRecord } from './recorder.js';

/** `option`: given to this layer (--region, or the sandbox's own). */
export type RegionSource = 'option' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile' | 'default';

const DEFAULT_REGION = 'us-east-1';

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
  private limiter: RateLimiter | undefined;
  private readonly clients = new Map<Service, Promise<unknown>>();
  /** This layer in other regions (inRegion), made once each. */
  private readonly regional = new Map<string, Promise<Aws>>();

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
    this.signer = options.signer ?? (options.reads && creds && typeof creds !== 'function' ? `key ${creds.accessKeyId}` : 'run');
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
      throw new OperatorError(
        'unknown-profile',
        `The profile "${this.options.profile}" is not defined in ~/.aws/config or ~/.aws/credentials.`,
        'List the profiles with: aws configure list-profiles — or drop --profile to use the default credentials.',
        ExitCode.Usage,
      );
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
    const config = sharedConfig(service, {
      region: this.region,
      credentials: this.credentials,
      endpoint: this.options.endpoint,
      overridden: Boolean(this.endpoint),
      agents: this.agents,
    });
    const client = await newClient(service, config);
    client.middlewareStack.add(guardMiddleware(this.guarded()) as never, { step: 'initialize', name: 'awsHardenGuard', priority: 'high' });
    return client;
  }

  /** What the guard around every call uses of this layer; what init() sets is read at each call. */
  private guarded(): GuardedLayer {
    return {
      dryRun: this.dryRun,
      reads: this.reads,
      signer: this.signer,
      recorder: this.recorder,
      propagation: this.propagation,
      inFlight: this.inFlight,
      debug: this.options.debug,
      limiter: () => this.limiter,
      maxAttempts: () => this.retry?.maxAttempts,
      credentials: () => this.credentials,
      whereTo: () => ({ endpoint: this.endpoint, region: this.regionValue, profile: this.profile }),
      noteClock: (response) => {
        const skew = clockSkewOf(response);
        if (skew !== undefined) this.clockSkewMs = skew;
      },
    };
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

  /**
   * This layer in another region, for the regional steps (EBS encryption, GuardDuty, …): the same
   * credentials, endpoint, dry-run guard and in-flight tracking; its reads cached apart from this
   * region's. Made once per region; the run's layer destroys none of them (they live as long as it).
   */
  inRegion(region: string): Promise<Aws> {
    if (region === this.region) return Promise.resolve(this);
    let layer = this.regional.get(region);
    if (!layer) {
      const other = new Aws({
        ...this.options,
        region,
        ...(this.credentials ? { credentials: this.credentials } : {}),
        propagation: this.propagation,
        inFlight: this.inFlight,
        reads: this.reads,
        signer: `${this.signer} in ${region}`,
        ...(this.retry ? { retry: this.retry } : {}),
        ...(this.agents ? { agents: this.agents } : {}),
      });
      layer = other.init().then(() => other);
      this.regional.set(region, layer);
    }
    return layer;
  }

  private debug(line: string): void {
    this.options.debug?.(line);
  }

  destroy(): void {
    for (const p of this.clients.values()) void p.then((c) => (c as { destroy(): void }).destroy());
  }
}
