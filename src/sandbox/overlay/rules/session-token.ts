/**
 * STS `GetSessionToken` with an MFA device, as AWS treats it where moto 5.2.1 is lenient:
 *
 * - The `TokenCode` must be the device's current TOTP code (give or take a step of clock skew);
 *   otherwise AccessDenied, HTTP 403, "MultiFactorAuthentication failed with invalid MFA one time pass
 *   code." (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html). moto returns
 *   a session for any code.
 * - The session acts as the IAM user who asked for it: `GetCallerIdentity` with it answers the user's ARN
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html#stsapi_comparison).
 *   moto answers `user/moto` for any key it did not issue to a user.
 *
 * Whether a session carries MFA (`aws:MultiFactorAuthPresent`) cannot be evaluated here: moto does not
 * evaluate IAM policy conditions.
 */
import { escapeXml, queryError, queryResult, type Buffered, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';
import type { MfaCodesRule } from './mfa-codes.js';

interface Caller {
  arn: string;
  userId: string;
  account: string;
}

const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

export class SessionTokenRule implements Rule {
  readonly name = 'session-token';
  readonly services = ['sts'] as const;
  /** Session access key id → the user who asked for it. */
  private sessions = new Map<string, Caller>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly devices: Pick<MfaCodesRule, 'currentCode'>,
  ) {}

  reset(): void {
    this.sessions = new Map();
  }

  before(req: OverlayRequest): Reply | undefined {
    if (req.action === 'GetSessionToken' && req.params.has('SerialNumber')) {
      const ok = this.devices.currentCode(req.params.get('SerialNumber') ?? '', req.params.get('TokenCode') ?? '', this.ctx.now());
      if (!ok) return queryError('sts', 403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    }
    if (req.action === 'GetCallerIdentity') {
      const caller = this.sessions.get(req.signer.accessKeyId);
      if (caller) {
        return queryResult('sts', req.action, `<UserId>${escapeXml(caller.userId)}</UserId><Account>${escapeXml(caller.account)}</Account><Arn>${escapeXml(caller.arn)}</Arn>`);
      }
    }
    return undefined;
  }

  async after(req: OverlayRequest, answer: Buffered): Promise<undefined> {
    if (req.action !== 'GetSessionToken' || answer.status !== 200) return undefined;
    const sessionKey = field(answer.body.toString('utf8'), 'AccessKeyId');
    if (sessionKey === undefined) return undefined;
    const caller = await this.callerOf(req.signer.accessKeyId, req.region);
    if (caller && caller.arn.includes(':user/')) this.sessions.set(sessionKey, caller);
    return undefined;
  }

  /** Who moto says a key belongs to (moto routes by the credential scope and does not check signatures). */
  private async callerOf(accessKeyId: string, region: string): Promise<Caller | undefined> {
    const res = await fetch(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240101/${region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    const xml = await res.text();
    if (!res.ok) return undefined;
    const arn = field(xml, 'Arn');
    const userId = field(xml, 'UserId');
    const account = field(xml, 'Account');
    return arn && userId && account ? { arn, userId, account } : undefined;
  }
}
