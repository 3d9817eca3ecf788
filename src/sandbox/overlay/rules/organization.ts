/**
 * An account's place in an AWS Organization, as the account itself sees it. moto 5.2.1 keeps an
 * organization per management account, but it cannot make a chosen account id a member (no
 * InviteAccountToOrganization/handshakes; CreateAccount picks a random id), has no IAM centralized
 * root access (no ListOrganizationsFeatures), and does not show an organization trail to members.
 * The sandbox's organization (its management account, trail and bucket) lives in moto, made by
 * src/sandbox/shapes.ts; these rules answer the member's calls about it, read from moto as the
 * management account:
 *
 * - organizations:DescribeOrganization "can be called from any account in the organization":
 *   https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
 * - iam:ListOrganizationsFeatures answers only the management account and the IAM delegated
 *   administrator (AccountNotManagementOrDelegatedAdministrator otherwise; OrganizationNotFound
 *   outside an organization): https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
 * - An organization trail is seen by every member in DescribeTrails (with IsOrganizationTrail, its
 *   HomeRegion and the management account's trail ARN), and read by its ARN, not its name; members
 *   cannot change it: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html,
 *   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html,
 *   https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html (IncludeShadowTrails).
 */
import { jsonError, jsonResult, queryError, queryResult, type Buffered, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

/** The organization a member account belongs to (undefined for a standalone account). */
export interface OrganizationFacts {
  managementAccountId: string;
  /** True when this account is the organization's delegated administrator for IAM root access. */
  iamDelegatedAdmin: boolean;
  /** Whether the organization turned on centralized root access (RootCredentialsManagement, RootSessions). */
  centralizedRootAccess: boolean;
  /** The organization trail, when there is one. */
  trail?: { name: string; arn: string; homeRegion: string };
}

const CLOUDTRAIL_TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101';
const ORGANIZATIONS_TARGET = 'AWSOrganizationsV20161128';

/** moto, asked directly as another account (moto routes by the header; it does not check signatures). */
export async function motoJsonAs(
  ctx: Pick<RuleContext, 'motoEndpoint'>,
  accountId: string,
  service: string,
  region: string,
  target: string,
  body: unknown,
): Promise<{ status: number; value: Record<string, unknown> }> {
  const res = await fetch(`${ctx.motoEndpoint}/`, {
    method: 'POST',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXORGANIZATION/20200101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      'x-moto-account-id': accountId,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let value: Record<string, unknown> = {};
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // moto answers some errors as XML: no value.
  }
  return { status: res.status, value };
}

/** organizations:DescribeOrganization for the member, and iam:ListOrganizationsFeatures for any account. */
export class OrganizationRule implements Rule {
  readonly name = 'organization-membership';
  readonly services = ['iam', 'organizations'] as const;

  constructor(
    private readonly ctx: Pick<RuleContext, 'motoEndpoint'>,
    private readonly org: OrganizationFacts | undefined,
  ) {}

  private async describe(): Promise<{ status: number; value: Record<string, unknown> }> {
    const org = this.org;
    if (!org) return { status: 400, value: {} };
    return motoJsonAs(this.ctx, org.managementAccountId, 'organizations', 'us-east-1', `${ORGANIZATIONS_TARGET}.DescribeOrganization`, {});
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.service === 'organizations' && req.action === 'DescribeOrganization' && this.org) {
      const answer = await this.describe();
      return answer.status === 200 ? jsonResult(answer.value) : undefined;
    }
    if (req.service !== 'iam' || req.action !== 'ListOrganizationsFeatures') return undefined;
    // The codes are the model's shape names: these newer IAM errors have no awsQueryError code of their own.
    if (!this.org) {
      return queryError('iam', 400, 'OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.');
    }
    if (!this.org.iamDelegatedAdmin) {
      return queryError(
        'iam',
        400,
        'AccountNotManagementOrDelegatedAdministratorException',
        'The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.',
      );
    }
    const orgId = ((await this.describe()).value.Organization as { Id?: string } | undefined)?.Id ?? '';
    const features = this.org.centralizedRootAccess ? '<member>RootCredentialsManagement</member><member>RootSessions</member>' : '';
    return queryResult('iam', 'ListOrganizationsFeatures', `<OrganizationId>${orgId}</OrganizationId><EnabledFeatures>${features}</EnabledFeatures>`);
  }
}

/** Operations that change a trail, and the request field naming it. */
const CHANGES: Record<string, string> = {
  UpdateTrail: 'Name',
  DeleteTrail: 'Name',
  StartLogging: 'Name',
  StopLogging: 'Name',
  PutEventSelectors: 'TrailName',
  PutInsightSelectors: 'TrailName',
};
/** Reads of one trail by name or ARN, and the request field naming it. */
/** A field of moto's JSON error body, which is a string when present. */
const textOr = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

const READS: Record<string, string> = { GetTrailStatus: 'Name', GetTrail: 'Name', GetEventSelectors: 'TrailName', GetInsightSelectors: 'TrailName' };

/** The organization trail as a member account sees it (see the file comment). */
export class OrganizationTrailRule implements Rule {
  readonly name = 'organization-trail';
  readonly services = ['cloudtrail'] as const;
  private readonly trail: NonNullable<OrganizationFacts['trail']>;

  constructor(
    private readonly ctx: Pick<RuleContext, 'motoEndpoint'>,
    private readonly org: OrganizationFacts & { trail: NonNullable<OrganizationFacts['trail']> },
  ) {
    this.trail = org.trail;
  }

  /** The management account's answer about its trail, in the trail's home region. */
  private ask(action: string, body: Record<string, unknown>): Promise<{ status: number; value: Record<string, unknown> }> {
    return motoJsonAs(this.ctx, this.org.managementAccountId, 'cloudtrail', this.trail.homeRegion, `${CLOUDTRAIL_TARGET}.${action}`, body);
  }

  private async description(): Promise<Record<string, unknown> | undefined> {
    const answer = await this.ask('DescribeTrails', { trailNameList: [this.trail.name], includeShadowTrails: false });
    const found = (answer.value.trailList as Array<Record<string, unknown>> | undefined)?.[0];
    return found ? { ...found, HomeRegion: this.trail.homeRegion, IsOrganizationTrail: true } : undefined;
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    const field = READS[req.action] ?? CHANGES[req.action];
    if (field === undefined || req.json[field] !== this.trail.arn) return undefined;
    if (CHANGES[req.action] !== undefined) {
      return jsonError(
        'NotOrganizationMasterAccountException',
        'This exception is thrown when the Amazon Web Services account making the request to create or update an organization trail or event data store is not the management account for an organization in Organizations.',
      );
    }
    const answer = await this.ask(req.action, { ...req.json, [field]: this.trail.name });
    if (req.action === 'GetTrail' && answer.status === 200) {
      return jsonResult({ Trail: { ...(answer.value.Trail as Record<string, unknown>), HomeRegion: this.trail.homeRegion, IsOrganizationTrail: true } });
    }
    if (answer.status !== 200) return jsonError(textOr(answer.value.__type, 'TrailNotFoundException'), textOr(answer.value.message, ''), answer.status);
    return jsonResult(req.action === 'GetEventSelectors' ? { ...answer.value, TrailARN: this.trail.arn } : answer.value);
  }

  async after(req: OverlayRequest, answer: Buffered): Promise<Buffer | undefined> {
    if (answer.status !== 200) return undefined;
    if (req.action === 'ListTrails') {
      const value = JSON.parse(answer.body.toString('utf8') || '{}') as { Trails?: unknown[] };
      const trails = [...(value.Trails ?? []), { TrailARN: this.trail.arn, Name: this.trail.name, HomeRegion: this.trail.homeRegion }];
      return Buffer.from(JSON.stringify({ ...value, Trails: trails }), 'utf8');
    }
    if (req.action !== 'DescribeTrails') return undefined;
    // Shadow trails (an organization trail in a member account) are left out only when asked.
    if (req.json.includeShadowTrails === false) return undefined;
    const names = Array.isArray(req.json.trailNameList) ? (req.json.trailNameList as unknown[]) : [];
    if (names.length > 0 && !names.includes(this.trail.arn)) return undefined;
    const mine = this.description();
    const value = JSON.parse(answer.body.toString('utf8') || '{}') as { trailList?: unknown[] };
    const org = await mine;
    if (!org) return undefined;
    return Buffer.from(JSON.stringify({ ...value, trailList: [...(value.trailList ?? []), org] }), 'utf8');
  }
}
