/**
 * Security Hub's standards, which moto 5.2.1 does not model (moto/securityhub/urls.py has no
 * `/standards` route), and its refusal to enable a hub twice, which moto accepts
 * (moto/securityhub/models.py `enable_security_hub` returns quietly). The rule answers exactly the calls
 * aws-harden makes, per account and region, in the REST-JSON shape (Security Hub's errors carry
 * `Code` and `Message`):
 * - GetEnabledStandards (`POST /standards/get`): the region's subscriptions, each READY once made
 *   (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetEnabledStandards.html);
 * - BatchEnableStandards (`POST /standards/register`): each request's standard subscribed, answered
 *   PENDING as AWS does while it turns the controls on; a standard already subscribed stays as it is;
 *   a StandardsArn that is not a standard of the region is InvalidInputException "Invalid
 *   StandardsSubscriptionRequest(s): […]", AWS's words (awslabs/aws-securityhub-multiaccount-scripts#34)
 *   (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchEnableStandards.html);
 * - both, while the region's hub is off: InvalidAccessException, HTTP 401, the error each of these
 *   operations lists for an account not subscribed to Security Hub (the API references above, "Errors");
 * - EnableSecurityHub on a hub already on: ResourceConflictException (HTTP 409) "Account is already
 *   subscribed to Security Hub" (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html;
 *   the text as operators quote it, nozaq/terraform-aws-secure-baseline#158);
 * - DisableSecurityHub forgets the region's subscriptions. `POST /moto-api/reset` forgets them all.
 */
import type { Reply } from '../http.js';
import { motoRestJson, restJsonError, restJsonResult } from '../rest-json.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

/** The standards Security Hub CSPM offers in a region (https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html). */
function knownStandards(partition: string, region: string): string[] {
  const std = (path: string) => `arn:${partition}:securityhub:${region}::standards/${path}`;
  return [
    `arn:${partition}:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0`,
    std('cis-aws-foundations-benchmark/v/1.4.0'),
    std('cis-aws-foundations-benchmark/v/3.0.0'),
    std('cis-aws-foundations-benchmark/v/5.0.0'),
    std('aws-foundational-security-best-practices/v/1.0.0'),
    std('aws-resource-tagging-standard/v/1.0.0'),
    std('nist-800-53/v/5.0.0'),
    std('nist-800-171/v/2.0.0'),
    std('pci-dss/v/3.2.1'),
    std('pci-dss/v/4.0.1'),
  ];
}

const partitionOf = (region: string): string => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');

interface Subscription {
  StandardsSubscriptionArn: string;
  StandardsArn: string;
  StandardsInput: Record<string, string>;
  StandardsStatus: string;
}

export class SecurityHubStandards implements Rule {
  readonly name = 'security-hub-standards';
  readonly services = ['securityhub'] as const;
  /** `region` → standards ARN → its subscription, for the sandbox's account. */
  private subscriptions = new Map<string, Map<string, Subscription>>();

  constructor(private readonly ctx: RuleContext) {}

  reset(): void {
    this.subscriptions.clear();
  }

  private async hubOn(region: string): Promise<boolean> {
    return (await motoRestJson(this.ctx, 'securityhub', region, 'GET', '/accounts')).status === 200;
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    const path = req.url.pathname;
    if (req.method === 'POST' && path === '/accounts') {
      if (await this.hubOn(req.region)) return restJsonError(409, 'ResourceConflictException', { Code: 'ResourceConflictException', Message: 'Account is already subscribed to Security Hub' });
      return undefined;
    }
    if (req.method !== 'POST' || (path !== '/standards/get' && path !== '/standards/register')) return undefined;
    if (!(await this.hubOn(req.region))) {
      return restJsonError(401, 'InvalidAccessException', { Code: 'InvalidAccessException', Message: `Account ${this.ctx.accountId} is not subscribed to AWS Security Hub` });
    }
    const region = this.subscriptions.get(req.region) ?? new Map<string, Subscription>();
    this.subscriptions.set(req.region, region);
    if (path === '/standards/get') {
      const only = Array.isArray(req.json.StandardsSubscriptionArns) ? (req.json.StandardsSubscriptionArns as unknown[]) : undefined;
      const all = [...region.values()].filter((s) => only === undefined || only.includes(s.StandardsSubscriptionArn));
      return restJsonResult({ StandardsSubscriptions: all.map((s) => ({ ...s, StandardsStatus: 'READY' })) });
    }
    const requests = Array.isArray(req.json.StandardsSubscriptionRequests) ? (req.json.StandardsSubscriptionRequests as Array<Record<string, unknown>>) : [];
    const known = knownStandards(partitionOf(req.region), req.region);
    const invalid = requests.filter((r) => typeof r.StandardsArn !== 'string' || !known.includes(r.StandardsArn));
    if (requests.length === 0 || invalid.length > 0) {
      return restJsonError(400, 'InvalidInputException', { Code: 'InvalidInputException', Message: `Invalid StandardsSubscriptionRequest(s): ${JSON.stringify(invalid)}` });
    }
    const answered = requests.map((r) => {
      const arn = r.StandardsArn as string;
      const existing = region.get(arn);
      if (existing) return { ...existing, StandardsStatus: 'READY' };
      const made: Subscription = {
        StandardsSubscriptionArn: `arn:${partitionOf(req.region)}:securityhub:${req.region}:${this.ctx.accountId}:subscription/${arn.replace(/^.*:(?:standards|ruleset)\//, '')}`,
        StandardsArn: arn,
        StandardsInput: {},
        StandardsStatus: 'PENDING',
      };
      region.set(arn, made);
      return made;
    });
    return restJsonResult({ StandardsSubscriptions: answered });
  }

  after(req: OverlayRequest, answer: { status: number }): undefined {
    if (req.method === 'DELETE' && req.url.pathname === '/accounts' && answer.status === 200) this.subscriptions.delete(req.region);
    return undefined;
  }
}
