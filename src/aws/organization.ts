/**
 * Whether this account's root user is the organization's to manage (centralized root access), seen
 * through the two reads that tell: organizations:DescribeOrganization (any account of an organization
 * may call it) and iam:ListOrganizationsFeatures (only the management account and the IAM delegated
 * administrator may).
 * - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management
 * - https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
 * Centralized root access covers member accounts only: a management account's root user is its own.
 */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';

export type RootManagement =
  /** Not in an organization, or its management account: the root user is this account's own. */
  | { kind: 'own'; organizationId?: string }
  /** A member account whose organization manages root credentials: none exist here; root sign-in is impossible. */
  | { kind: 'organization'; organizationId: string; managementAccountId: string }
  /**
   * A member account that may not read whether its organization manages root credentials (only the
   * management account and the IAM delegated administrator may).
   */
  | { kind: 'member-unknown'; organizationId: string; managementAccountId: string }
  /** A member account whose organization has not turned on centralized root access. */
  | { kind: 'member-own'; organizationId: string; managementAccountId: string };

export async function rootManagement(aws: Aws, account: string): Promise<RootManagement> {
  const { DescribeOrganizationCommand } = await import('@aws-sdk/client-organizations');
  let org;
  try {
    org = (await (await aws.client('organizations')).send(new DescribeOrganizationCommand({}))).Organization;
  } catch (e) {
    if (isAwsError(e, 'AWSOrganizationsNotInUseException')) return { kind: 'own' };
    throw e;
  }
  const organizationId = org?.Id ?? '';
  const managementAccountId = org?.MasterAccountId ?? '';
  if (managementAccountId === account) return { kind: 'own', organizationId };
  const { ListOrganizationsFeaturesCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new ListOrganizationsFeaturesCommand({}));
    return (out.EnabledFeatures ?? []).includes('RootCredentialsManagement')
      ? { kind: 'organization', organizationId, managementAccountId }
      : { kind: 'member-own', organizationId, managementAccountId };
  } catch (e) {
    if (isAwsError(e, 'AccountNotManagementOrDelegatedAdministrator', 'AccountNotManagementOrDelegatedAdministratorException')) {
      return { kind: 'member-unknown', organizationId, managementAccountId };
    }
    if (isAwsError(e, 'ServiceAccessNotEnabled', 'ServiceAccessNotEnabledException', 'OrganizationNotFound', 'OrganizationNotFoundException')) {
      return { kind: 'member-own', organizationId, managementAccountId };
    }
    throw e;
  }
}

/** One line for the root steps: who manages this account's root credentials. */
export function describeRootManagement(m: Exclude<RootManagement, { kind: 'own' }>): string {
  const where = `organization ${m.organizationId} (management account ${m.managementAccountId})`;
  switch (m.kind) {
    case 'organization':
      return `The ${where} manages root credentials centrally: this member account has none, and root sign-in is impossible.`;
    case 'member-unknown':
      return `This account is a member of the ${where}. A member account may not read whether the organization manages root credentials centrally; in the management account, \`aws iam list-organizations-features\` says (RootCredentialsManagement).`;
    case 'member-own':
      return `This account is a member of the ${where}, which does not manage root credentials centrally: the root user is this account's own.`;
    default: {
      const never: never = m;
      return String(never);
    }
  }
}
