/**
 * The account's root user, which moto cannot emulate.
 *
 * moto 5.2.1 has no root principal: an unknown access key is "arn:aws:sts::ACCT:user/moto"
 * (moto/sts/models.py:180-184), and GetAccountSummary hard-codes AccountMFAEnabled and
 * AccountAccessKeysPresent to 0 (moto/iam/models.py:1756, 1774). This rule owns a small root-user
 * state (its access keys, whether its MFA is enrolled) and answers the few IAM/STS calls whose result
 * depends on it.
 */
import { ALNUM, ALNUM_UPPER, escapeXml, queryError, queryResult, randomString, type Reply } from './http.js';
import type { OverlayRequest, Rule } from './types.js';

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Short-lived root credentials from a console sign-in (`aws login`): root, but not an access key. */
export interface RootSession extends RootCredentials {
  sessionToken: string;
}

interface RootKey extends RootCredentials {
  createDate: Date;
}

export class RootUser implements Rule {
  readonly name = 'root-user';
  readonly services = ['iam', 'sts'] as const;
  /** The root user's initial access key, as an operator holding a fresh account would have. */
  readonly initial: RootKey = {
    accessKeyId: `AKIA${randomString(16, ALNUM_UPPER)}`,
    secretAccessKey: randomString(40, `${ALNUM}+/`),
    createDate: new Date(),
  };
  /**
   * The owner signed in to the console (with the root MFA, once enrolled) and ran `aws login`: these
   * temporary credentials act as root, and are not an access key (never listed, never counted by
   * GetAccountSummary's AccountAccessKeysPresent).
   * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sign-in.html
   */
  readonly session: RootSession = {
    accessKeyId: `ASIA${randomString(16, ALNUM_UPPER)}`,
    secretAccessKey: randomString(40, `${ALNUM}+/`),
    sessionToken: randomString(120, ALNUM),
  };
  /** Every key id that has ever been a root key, so a deleted one can be told from a user's key. */
  private readonly everRootKeyIds = new Set([this.initial.accessKeyId]);
  keys: RootKey[];
  mfaEnabled = false;
  /** `Date.now()` of the last DeleteAccessKey of a root key: the consistency rule lags the summary from it. */
  keyDeletedAt: number | undefined;

  /**
   * `hasCredentials: false` is a member account whose organization deleted the root user's credentials
   * (centralized root access): no key, no password, no MFA; `initial` then is a key that never works.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html
   */
  constructor(
    private readonly accountId: string,
    private readonly partition: string = 'aws',
    private readonly hasCredentials: boolean = true,
    /** False: the owner never made a root access key (they use a console session). */
    private readonly startsWithKey: boolean = true,
  ) {
    this.keys = hasCredentials && startsWithKey ? [this.initial] : [];
  }

  reset(): void {
    this.keys = this.hasCredentials && this.startsWithKey ? [this.initial] : [];
    this.mfaEnabled = false;
    this.keyDeletedAt = undefined;
  }

  isActiveKey(id: string): boolean {
    return this.keys.some((k) => k.accessKeyId === id);
  }

  /** Signed as root: with one of its access keys, or (when it has credentials) its console session. */
  signsAsRoot(id: string): boolean {
    return this.isActiveKey(id) || (this.hasCredentials && id === this.session.accessKeyId);
  }

  isDeletedKey(id: string): boolean {
    return this.everRootKeyIds.has(id) && !this.isActiveKey(id);
  }

  before(req: OverlayRequest): Reply | undefined {
    const { service, action, asRoot } = req;
    // b. A deleted root key is dead everywhere in IAM/STS, as in AWS.
    if (this.isDeletedKey(req.signer.accessKeyId)) {
      return queryError(service, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    if (!asRoot) return undefined;
    const userName = req.params.get('UserName') ?? '';
    if (service === 'sts' && action === 'GetCallerIdentity') {
      // a. The root user's identity: UserId is the account id, the ARN ends in ":root".
      const acct = escapeXml(this.accountId);
      return queryResult('sts', action, `<UserId>${acct}</UserId><Account>${acct}</Account><Arn>arn:${this.partition}:iam::${acct}:root</Arn>`);
    }
    if (service === 'iam' && action === 'ListAccessKeys' && userName === '') {
      // c. Without UserName, root lists its own keys; AWS sends no UserName element for root's keys.
      const members = this.keys.map((k) => `<member><AccessKeyId>${k.accessKeyId}</AccessKeyId><Status>Active</Status><CreateDate>${k.createDate.toISOString()}</CreateDate></member>`).join('');
      return queryResult('iam', action, members === '' ? '<AccessKeyMetadata/>' : `<AccessKeyMetadata>${members}</AccessKeyMetadata>`);
    }
    if (service === 'iam' && action === 'DeleteAccessKey' && userName === '') {
      // d. Without UserName, root deletes one of its own keys (NoSuchEntity as moto words it if unknown).
      const keyId = req.params.get('AccessKeyId') ?? '';
      if (!this.isActiveKey(keyId)) return queryError('iam', 404, 'NoSuchEntity', `The Access Key with id ${keyId} cannot be found`, true);
      this.keys = this.keys.filter((k) => k.accessKeyId !== keyId);
      this.keyDeletedAt = Date.now();
      return queryResult('iam', action, undefined);
    }
    return undefined;
  }

  after(req: OverlayRequest, answer: { status: number; body: Buffer }): Buffer | undefined {
    if (req.service !== 'iam' || req.action !== 'GetAccountSummary' || answer.status !== 200) return undefined;
    // e. moto hard-codes both root facts to 0; the overlay knows them.
    const xml = answer.body
      .toString('utf8')
      .replace(/(<key>AccountMFAEnabled<\/key>\s*<value>)\d+(<\/value>)/, `$1${this.mfaEnabled ? 1 : 0}$2`)
      .replace(/(<key>AccountAccessKeysPresent<\/key>\s*<value>)\d+(<\/value>)/, `$1${this.keys.length > 0 ? 1 : 0}$2`);
    return Buffer.from(xml, 'utf8');
  }
}
