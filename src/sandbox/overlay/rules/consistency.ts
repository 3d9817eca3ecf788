/**
 * Eventual consistency, which moto does not have (every change is visible to the next request).
 *
 * AWS documents that a change takes a moment to be seen everywhere:
 * - IAM: "Changes that I make are not always immediately visible … a new access key may not work, a
 *   new user or group may not be found" —
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 * - KMS: "you might get … a NotFoundException … if you call [an operation on a key] immediately after
 *   CreateKey" — https://docs.aws.amazon.com/kms/latest/developerguide/programming-eventual-consistency.html
 *
 * This rule gives each new thing a short, seeded delay before the rest of the account sees it:
 * - a new access key is refused as an unknown key (`InvalidClientTokenId`, 403, on IAM/STS;
 *   `UnrecognizedClientException`, 400, on KMS) until it has propagated;
 * - a new user, group or role is `NoSuchEntity` (404) to every call that names it but its own Create*;
 * - a new KMS key is `NotFoundException` (400) to every call that names it (CreateAlias,
 *   EnableKeyRotation, GetKeyRotationStatus, DescribeKey, …);
 * - a deleted root access key is still counted by `GetAccountSummary` (AccountAccessKeysPresent = 1).
 *
 * The delays come from a seeded generator, so a run against a fresh sandbox sees the same delays in
 * the same order each time (`reset()` re-seeds). They are a few hundred milliseconds to a few seconds:
 * long enough that a tool which does not wait fails, short enough for the test suite.
 */
import { jsonError, queryError, type Buffered, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';
import { seededRandom } from '../random.js';

/** What a delay is for; each kind has its own range (milliseconds at scale 1). */
export type DelayKind = 'user' | 'group' | 'role' | 'accessKey' | 'kmsKey' | 'rootKeySummary';

/**
 * At scale 1. Users, groups and KMS keys: under a second (AWS: "usually within seconds"); a new
 * access key takes longer (it must reach every STS endpoint); the account summary lags a root-key
 * deletion by "a few seconds".
 */
export const DELAY_RANGES: Readonly<Record<DelayKind, readonly [number, number]>> = {
  user: [300, 900],
  group: [300, 900],
  role: [300, 900],
  kmsKey: [300, 900],
  accessKey: [1_000, 2_500],
  rootKeySummary: [1_500, 3_500],
};

/** The seed when none is given: fixed, so two sandboxes started alike behave alike. */
export const DEFAULT_SEED = 20_251_122;

/** The sequence of delays a seed gives: the n-th call to `next` is the same for the same seed and scale. */
export class DelaySource {
  private random: () => number;
  constructor(
    private readonly seed: number,
    private readonly scale: number,
  ) {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`consistency delay scale must be a positive number, not ${scale}`);
    this.random = seededRandom(seed);
  }
  next(kind: DelayKind): number {
    const [lo, hi] = DELAY_RANGES[kind];
    return Math.round((lo + (hi - lo) * this.random()) * this.scale);
  }
  restart(): void {
    this.random = seededRandom(this.seed);
  }
}

export interface ConsistencyOptions {
  seed?: number;
  /** Multiplies every delay (default 1). Must be positive: the strict sandbox never drops the delays. */
  scale?: number;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';

export class EventualConsistency implements Rule {
  readonly name = 'eventual-consistency';
  readonly services = ['iam', 'sts', 'kms'] as const;
  private readonly delays: DelaySource;
  /** When each new thing becomes visible (ms), by `account/kind/name`; access keys by id alone. */
  private visibleAt = new Map<string, number>();
  /** The summary lag drawn for each root-key deletion (by its time), so repeated reads agree. */
  private summaryLag = new Map<number, number>();

  constructor(
    private readonly ctx: RuleContext,
    opts: ConsistencyOptions = {},
  ) {
    this.delays = new DelaySource(opts.seed ?? DEFAULT_SEED, opts.scale ?? 1);
  }

  reset(): void {
    this.visibleAt = new Map();
    this.summaryLag = new Map();
    this.delays.restart();
  }

  /** moto keeps one state per account; names are only unique within one. */
  private account(req: OverlayRequest): string {
    const header = req.headers['x-moto-account-id'];
    return typeof header === 'string' && header !== '' ? header : this.ctx.accountId;
  }

  private pending(key: string): boolean {
    const at = this.visibleAt.get(key);
    if (at === undefined) return false;
    if (this.ctx.now() < at) return true;
    this.visibleAt.delete(key);
    return false;
  }

  private remember(key: string, kind: DelayKind): void {
    this.visibleAt.set(key, this.ctx.now() + this.delays.next(kind));
  }

  before(req: OverlayRequest): Reply | undefined {
    if (this.pending(`key/${req.signer.accessKeyId}`)) {
      // An access key STS has not seen yet is, to AWS, an unknown key.
      return req.service === 'kms' ? jsonError('UnrecognizedClientException', INVALID_TOKEN, 400) : queryError(req.service, 403, 'InvalidClientTokenId', INVALID_TOKEN);
    }
    const acct = this.account(req);
    if (req.service === 'iam' && req.action !== 'CreateUser' && req.action !== 'CreateGroup' && req.action !== 'CreateRole') {
      const user = req.params.get('UserName');
      if (user && this.pending(`${acct}/user/${user}`)) return queryError('iam', 404, 'NoSuchEntity', `The user with name ${user} cannot be found.`, true);
      const group = req.params.get('GroupName');
      if (group && this.pending(`${acct}/group/${group}`)) return queryError('iam', 404, 'NoSuchEntity', `The group with name ${group} cannot be found.`, true);
      const role = req.params.get('RoleName');
      if (role && this.pending(`${acct}/role/${role}`)) return queryError('iam', 404, 'NoSuchEntity', `The role with name ${role} cannot be found.`, true);
    }
    if (req.service === 'kms' && req.action !== 'CreateKey') {
      for (const field of ['KeyId', 'TargetKeyId']) {
        const ref = req.json[field];
        if (typeof ref !== 'string') continue;
        // A key is named by its id or its ARN (…:key/<id>); an alias cannot point at a key nobody sees yet.
        const id = ref.startsWith('arn:') ? (/:key\/(.+)$/.exec(ref)?.[1] ?? '') : ref;
        if (id !== '' && this.pending(`${acct}/kms/${id}`)) {
          return jsonError('NotFoundException', `Key 'arn:aws:kms:${req.region}:${acct}:key/${id}' does not exist`);
        }
      }
    }
    return undefined;
  }

  after(req: OverlayRequest, answer: Buffered): Buffer | undefined {
    if (answer.status !== 200) return undefined;
    const acct = this.account(req);
    if (req.service === 'iam') {
      if (req.action === 'CreateUser') this.remember(`${acct}/user/${req.params.get('UserName') ?? ''}`, 'user');
      if (req.action === 'CreateGroup') this.remember(`${acct}/group/${req.params.get('GroupName') ?? ''}`, 'group');
      if (req.action === 'CreateRole') this.remember(`${acct}/role/${req.params.get('RoleName') ?? ''}`, 'role');
      if (req.action === 'CreateAccessKey') {
        const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(answer.body.toString('utf8'))?.[1];
        if (id) this.remember(`key/${id}`, 'accessKey');
      }
      if (req.action === 'GetAccountSummary') return this.laggingSummary(answer.body);
    }
    if (req.service === 'kms' && req.action === 'CreateKey') {
      try {
        const id = (JSON.parse(answer.body.toString('utf8')) as { KeyMetadata?: { KeyId?: unknown } }).KeyMetadata?.KeyId;
        if (typeof id === 'string') this.remember(`${acct}/kms/${id}`, 'kmsKey');
      } catch {
        // Not JSON: moto answered something else; nothing was created.
      }
    }
    return undefined;
  }

  /** Root's last key is gone, but the summary still counts it for a few seconds after the deletion. */
  private laggingSummary(body: Buffer): Buffer | undefined {
    const deletedAt = this.ctx.root.keyDeletedAt;
    if (this.ctx.root.keys.length > 0 || deletedAt === undefined) return undefined;
    let lag = this.summaryLag.get(deletedAt);
    if (lag === undefined) {
      lag = this.delays.next('rootKeySummary');
      this.summaryLag.set(deletedAt, lag);
    }
    if (this.ctx.now() >= deletedAt + lag) return undefined;
    const xml = body.toString('utf8').replace(/(<key>AccountAccessKeysPresent<\/key>\s*<value>)\d+(<\/value>)/, (_m, open: string, close: string) => `${open}1${close}`);
    return Buffer.from(xml, 'utf8');
  }
}
