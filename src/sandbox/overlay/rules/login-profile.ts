/**
 * IAM console passwords as AWS treats them, where moto 5.2.1 is lenient:
 *
 * - `CreateLoginProfile` / `UpdateLoginProfile`: the password must satisfy the account password policy,
 *   else `PasswordPolicyViolation`, HTTP 400 (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html,
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html; the 400 is in IAM's
 *   service model). Without a custom policy AWS applies its default one: 8 to 128 characters and at
 *   least three of uppercase, lowercase, numbers and the symbols ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html,
 *   "Default password policy"). moto checks nothing ("This does not currently deal with
 *   PasswordPolicyViolation", moto/iam/models.py create_login_profile).
 * - `PasswordResetRequired` is kept: moto never stores it on CreateLoginProfile, so `GetLoginProfile`
 *   (and CreateLoginProfile's own answer) always say false. The rule remembers it per user and puts it
 *   back into those answers; `UpdateLoginProfile` without the parameter leaves it as it was.
 *
 * The policy is read from moto as the account (moto does not check signatures), so it is the policy
 * `GetAccountPasswordPolicy` shows, whoever set it.
 */
import { queryError, type Buffered, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

/** IAM's symbol class for passwords. */
const SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

export interface PolicyRules {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

/** Why the password breaks the policy, in AWS's words; undefined when it does not. `undefined` policy = AWS's default. */
export function passwordViolation(password: string, policy: PolicyRules | undefined): string | undefined {
  const classes = {
    upper: /[A-Z]/.test(password),
    lower: /[a-z]/.test(password),
    number: /[0-9]/.test(password),
    symbol: [...password].some((c) => SYMBOLS.includes(c)),
  };
  if (policy === undefined) {
    if (password.length < 8) return 'Password should have a minimum length of 8';
    if (Object.values(classes).filter(Boolean).length < 3) {
      return 'Password should have at least three of the following: uppercase letters, lowercase letters, numbers, symbols';
    }
    return undefined;
  }
  if (password.length < policy.minimumLength) return `Password should have a minimum length of ${policy.minimumLength}`;
  if (policy.requireUppercase && !classes.upper) return 'Password should have at least one uppercase letter';
  if (policy.requireLowercase && !classes.lower) return 'Password should have at least one lowercase letter';
  if (policy.requireNumbers && !classes.number) return 'Password should have at least one number';
  if (policy.requireSymbols && !classes.symbol) return 'Password should have at least one symbol';
  return undefined;
}

function field(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

export class LoginProfileRule implements Rule {
  readonly name = 'login-profile';
  readonly services = ['iam'] as const;
  /** `account/user` → PasswordResetRequired as last set. */
  private resetRequired = new Map<string, boolean>();

  constructor(private readonly ctx: RuleContext) {}

  reset(): void {
    this.resetRequired = new Map();
  }

  private accountOf(req: OverlayRequest): string {
    const header = req.headers['x-moto-account-id'];
    return typeof header === 'string' && header !== '' ? header : this.ctx.accountId;
  }

  /** The account's password policy as moto holds it; undefined when none is set (AWS's default applies). */
  private async policy(account: string): Promise<PolicyRules | undefined> {
    const res = await fetch(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // moto routes by the credential scope's service and does not check the signature.
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAOVERLAYPOLICY000/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
        'x-moto-account-id': account,
      },
      body: 'Action=GetAccountPasswordPolicy&Version=2010-05-08',
    });
    const xml = await res.text();
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`moto answered GetAccountPasswordPolicy with HTTP ${res.status}`);
    return {
      minimumLength: Number(field(xml, 'MinimumPasswordLength') ?? '6'),
      requireUppercase: field(xml, 'RequireUppercaseCharacters') === 'true',
      requireLowercase: field(xml, 'RequireLowercaseCharacters') === 'true',
      requireNumbers: field(xml, 'RequireNumbers') === 'true',
      requireSymbols: field(xml, 'RequireSymbols') === 'true',
    };
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.action !== 'CreateLoginProfile' && req.action !== 'UpdateLoginProfile') return undefined;
    const password = req.params.get('Password');
    // Without a password (an AssumeRoot session's CreateLoginProfile, or an update of the flag only) there is nothing to check.
    if (password === null) return undefined;
    const problem = passwordViolation(password, await this.policy(this.accountOf(req)));
    return problem === undefined ? undefined : queryError('iam', 400, 'PasswordPolicyViolation', problem);
  }

  after(req: OverlayRequest, answer: Buffered): Buffer | undefined {
    if (answer.status !== 200) return undefined;
    const key = `${this.accountOf(req)}/${req.params.get('UserName') ?? ''}`;
    const given = req.params.get('PasswordResetRequired');
    switch (req.action) {
      case 'CreateLoginProfile':
        this.resetRequired.set(key, given === 'true');
        return this.rewrite(answer.body, key);
      case 'UpdateLoginProfile':
        if (given !== null) this.resetRequired.set(key, given === 'true');
        return undefined;
      case 'GetLoginProfile':
        return this.rewrite(answer.body, key);
      case 'DeleteLoginProfile':
        this.resetRequired.delete(key);
        return undefined;
      default:
        return undefined;
    }
  }

  private rewrite(body: Buffer, key: string): Buffer | undefined {
    const known = this.resetRequired.get(key);
    if (known === undefined) return undefined;
    const xml = body.toString('utf8');
    const value = `<PasswordResetRequired>${known}</PasswordResetRequired>`;
    const out = /<PasswordResetRequired>[^<]*<\/PasswordResetRequired>/.test(xml)
      ? xml.replace(/<PasswordResetRequired>[^<]*<\/PasswordResetRequired>/, value)
      : xml.replace('</LoginProfile>', `${value}</LoginProfile>`);
    return Buffer.from(out, 'utf8');
  }
}
