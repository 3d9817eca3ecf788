/**
 * Propagation: AWS is eventually consistent. Right after a user, group, access key, KMS key, bucket,
 * trail or budget is made, the next call may not see it yet and says "not found" (or, for a new access
 * key, "invalid token"). That is a delay, not a fact, and never the cause to show the operator.
 *
 * IAM: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 * KMS: https://docs.aws.amazon.com/kms/latest/developerguide/programming-eventual-consistency.html
 *
 * `Propagation` remembers what this run made (from the answers of its own Create* calls) and tells the
 * AWS layer's middleware (context.ts) when a failed call's not-found is about one of those things, so
 * that the call is retried with backoff for up to a minute instead of failing. Only what this run made
 * counts: a not-found for anything else is the truth, at once. Pure, apart from the clock.
 */
import { awsErrorNames } from './error-map.js';

export type FreshKind = 'user' | 'group' | 'role' | 'access key' | 'KMS key' | 'KMS alias' | 'bucket' | 'trail' | 'budget';

/** Something this run made (or found it could not make because it already exists), and when. */
export interface Fresh {
  kind: FreshKind;
  name: string;
  at: number;
}

/** A call waits for a fresh thing: shown to the operator as a progress line. */
export interface PropagationWaiting {
  type: 'waiting';
  thing: Fresh;
  /** `service:Operation` of the call that is retried. */
  action: string;
  /** The error AWS answered, e.g. `NoSuchEntity`. */
  code: string;
  waitedMs: number;
  nextDelayMs: number;
}

/** The wait is over: AWS answered (`ok`), or the minute passed and the call failed after all. */
export interface PropagationSettled {
  type: 'settled';
  thing: Fresh;
  action: string;
  waitedMs: number;
  ok: boolean;
}

export type PropagationEvent = PropagationWaiting | PropagationSettled;

/** How long one call waits at most for a thing to propagate. */
export const MAX_WAIT_MS = 60_000;
/** How long after it was made a thing counts as new: "right after", not "earlier today". */
export const FRESH_FOR_MS = 5 * 60_000;
/**
 * The first try goes at once (on AWS it usually succeeds); after a propagation error the next one waits
 * a second, the typical time IAM takes to show a new user or group: AWS's own waiters for it (the
 * CLI's `aws iam wait user-exists`, botocore's iam waiters-2.json) poll every second. Retrying sooner
 * only spends requests on answers that cannot have changed yet (measured: 250 ms made 2 failed tries of
 * every new user, group and KMS key, and 4 of a new access key, which takes longer to reach STS).
 */
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 8_000;

/**
 * A new access key is the one thing whose first use is tried late: STS accepts it only once IAM's
 * change has reached it ("a new access key may not work" at once, the IAM page above), longer than a
 * user or group takes to show. A proof sent sooner is all but sure to be refused, and that only spends
 * a request, so it is first sent once the key is this old (the guard's backoff follows if needed).
 */
export const NEW_KEY_FIRST_TRY_MS = 2_000;

/** How long to wait before the first use of access key `id` this run made (0 when it is not new or old enough). */
export function untilKeyUsable(propagation: Propagation, id: string, now: number = Date.now()): number {
  const made = propagation.fresh('access key', id);
  return made ? Math.max(0, made.at + NEW_KEY_FIRST_TRY_MS - now) : 0;
}

/** The wait before retry `attempt` (0-based): 1 s doubling, at most 8 s between two tries. */
export function backoffDelay(attempt: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
}

/** The wait before the next try after `waitedMs` of waiting, or undefined once the minute is used up. */
export function nextDelay(attempt: number, waitedMs: number, maxWaitMs = MAX_WAIT_MS): number | undefined {
  const left = maxWaitMs - waitedMs;
  return left > 0 ? Math.min(backoffDelay(attempt), left) : undefined;
}

/** The codes AWS answers for a key it does not know (yet): STS/IAM, JSON services, S3. */
const UNKNOWN_KEY = ['InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId'];

/** True when AWS answered that it does not know the access key the call was signed with. */
export function saysUnknownKey(error: unknown): boolean {
  return awsErrorNames(error).some((n) => UNKNOWN_KEY.includes(n));
}

type Input = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A KMS key or alias reference (id, ARN, alias name or alias ARN) as the fresh thing it names. */
function kmsRef(ref: string | undefined): { kind: FreshKind; name: string } | undefined {
  if (!ref) return undefined;
  const alias = /(?:^|:)(alias\/.+)$/.exec(ref)?.[1];
  if (alias) return { kind: 'KMS alias', name: alias };
  return { kind: 'KMS key', name: ref.startsWith('arn:') ? (/:key\/(.+)$/.exec(ref)?.[1] ?? ref) : ref };
}

/** A trail is named by its name or its ARN (…:trail/<name>). */
function trailName(ref: string | undefined): string | undefined {
  return ref?.startsWith('arn:') ? /:trail\/(.+)$/.exec(ref)?.[1] : ref;
}

export class Propagation {
  private readonly things = new Map<string, Fresh>();
  /** Users and groups this run's own Create* made (answered 200, not "already exists"), and when. */
  private readonly born = new Map<string, number>();
  private readonly listeners = new Set<(e: PropagationEvent) => void>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Remembers a thing this run made. */
  made(kind: FreshKind, name: string | undefined): void {
    if (name) this.things.set(`${kind}\0${name}`, { kind, name, at: this.now() });
  }

  /** Forgets a thing this run deleted: a not-found for it is then the truth. */
  gone(kind: FreshKind, name: string | undefined): void {
    if (name) this.things.delete(`${kind}\0${name}`);
  }

  /** A user or group this run's Create* made: new, and also born empty (bornAt). */
  private madeHere(kind: 'user' | 'group', name: string | undefined): void {
    this.made(kind, name);
    if (name) this.born.set(`${kind}\0${name}`, this.now());
  }

  /**
   * When this run's own CreateUser / CreateGroup made it; undefined if it did not (it was there, or a
   * resumed run found it "already exists": then nothing is known of what it has).
   */
  bornAt(kind: 'user' | 'group', name: string): number | undefined {
    return this.born.get(`${kind}\0${name}`);
  }

  /** The thing, if this run made it recently. */
  fresh(kind: FreshKind, name: string | undefined): Fresh | undefined {
    const thing = name ? this.things.get(`${kind}\0${name}`) : undefined;
    return thing && this.now() - thing.at < FRESH_FOR_MS ? thing : undefined;
  }

  /** Learns from a call that succeeded: what it made or deleted. */
  succeeded(service: string, operation: string, input: Input, output: unknown): void {
    const out = (output ?? {}) as Record<string, Record<string, unknown> | undefined>;
    switch (`${service}:${operation}`) {
      case 'iam:CreateUser':
        return this.madeHere('user', str(input.UserName));
      case 'iam:CreateGroup':
        return this.madeHere('group', str(input.GroupName));
      case 'iam:CreateRole':
        return this.made('role', str(input.RoleName));
      case 'iam:CreateAccessKey':
        return this.made('access key', str(out.AccessKey?.AccessKeyId));
      case 'iam:DeleteAccessKey':
        return this.gone('access key', str(input.AccessKeyId));
      case 'kms:CreateKey':
        return this.made('KMS key', str(out.KeyMetadata?.KeyId));
      case 'kms:CreateAlias':
        return this.made('KMS alias', str(input.AliasName));
      case 's3:CreateBucket':
        return this.made('bucket', str(input.Bucket));
      case 'cloudtrail:CreateTrail':
        return this.made('trail', str(input.Name));
      case 'budgets:CreateBudget':
        return this.made('budget', str((input.Budget as Input | undefined)?.BudgetName));
      default:
        return undefined;
    }
  }

  /**
   * Learns from a Create* that failed because the thing exists (a resumed run made it just before it
   * was killed): it may not be visible to the next call yet either.
   */
  failed(service: string, operation: string, input: Input, error: unknown): void {
    const names = awsErrorNames(error);
    if (service === 'iam' && names.includes('EntityAlreadyExists')) {
      if (operation === 'CreateUser') this.made('user', str(input.UserName));
      if (operation === 'CreateGroup') this.made('group', str(input.GroupName));
      if (operation === 'CreateRole') this.made('role', str(input.RoleName));
    }
    if (service === 's3' && operation === 'CreateBucket' && names.includes('BucketAlreadyOwnedByYou')) this.made('bucket', str(input.Bucket));
  }

  /**
   * The fresh thing a failed call's error is about, if the error is one AWS gives while a new thing
   * propagates. `signer` is the access key id the call was signed with (for an unknown-key error).
   */
  propagating(service: string, operation: string, input: Input, error: unknown, signer?: string): Fresh | undefined {
    const names = awsErrorNames(error);
    const has = (...codes: string[]) => names.some((n) => codes.includes(n));
    const message = error instanceof Error ? error.message : '';
    if (saysUnknownKey(error)) return this.fresh('access key', signer);
    switch (service) {
      case 'iam': {
        if (!has('NoSuchEntity')) return undefined;
        // IAM names what it cannot find; "Login Profile for User x" is a fact about x, not about x missing.
        const entity = /\b(user|group|role) with name (\S+?)\.? cannot be found/i.exec(message);
        if (entity) return this.fresh(entity[1]?.toLowerCase() === 'group' ? 'group' : entity[1]?.toLowerCase() === 'role' ? 'role' : 'user', entity[2]);
        return this.fresh('access key', /Access Key with id (\S+) cannot be found/i.exec(message)?.[1]);
      }
      case 'kms': {
        if (!has('NotFoundException')) return undefined;
        for (const field of ['KeyId', 'TargetKeyId']) {
          const ref = kmsRef(str(input[field]));
          const thing = ref && this.fresh(ref.kind, ref.name);
          if (thing) return thing;
        }
        return undefined;
      }
      case 's3':
        // HeadBucket has no body: its 404 is a bare `NotFound`.
        return has('NoSuchBucket') || (operation === 'HeadBucket' && has('NotFound')) ? this.fresh('bucket', str(input.Bucket)) : undefined;
      case 'cloudtrail': {
        if (has('S3BucketDoesNotExistException')) return this.fresh('bucket', str(input.S3BucketName));
        if (has('TrailNotFoundException')) return this.fresh('trail', trailName(str(input.Name) ?? str(input.TrailName)));
        if (has('KmsKeyNotFoundException')) {
          const ref = kmsRef(str(input.KmsKeyId));
          return ref && this.fresh(ref.kind, ref.name);
        }
        return undefined;
      }
      case 'budgets':
        return has('NotFoundException') ? this.fresh('budget', str(input.BudgetName)) : undefined;
      default:
        return undefined;
    }
  }

  /** Listens to waits (the runner turns them into the operator's progress line); returns the unsubscribe. */
  onEvent(listener: (e: PropagationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: PropagationEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 && ms % 1000 !== 0 ? 1 : 0)}s`;

/** The operator's progress line for a wait. */
export function waitingLine(e: PropagationWaiting): string {
  return `Waiting for AWS to show the new ${e.thing.kind} "${e.thing.name}" (${e.action} answered ${e.code}: new things take a moment to propagate) · retry in ${seconds(e.nextDelayMs)}, waited ${seconds(e.waitedMs)} of at most ${seconds(MAX_WAIT_MS)}`;
}
