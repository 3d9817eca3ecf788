/**
 * IAM roles, seen through the calls aws-harden makes: the support role (support-role) and the role
 * CloudTrail assumes to deliver to CloudWatch Logs (trail-alarms), with their trust, inline and managed
 * policies, and who holds a managed policy
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). "Not found" is `undefined`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CreateRoleCommandInput, PutRolePolicyCommandInput, UpdateAssumeRolePolicyCommandInput } from '@aws-sdk/client-iam';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { parseDocument } from './iam-group-policy.js';
import { sendOnce } from './once.js';

export interface RoleInfo {
  name: string;
  arn: string;
  /** The trust policy, as JSON text (IAM sends it URL-encoded). */
  trustPolicy: string;
}

function decoded(text: string | undefined): string {
  if (!text) return '';
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export async function getRole(aws: Aws, name: string): Promise<RoleInfo | undefined> {
  const { GetRoleCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new GetRoleCommand({ RoleName: name }));
    return { name, arn: out.Role?.Arn ?? '', trustPolicy: decoded(out.Role?.AssumeRolePolicyDocument) };
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

export async function getRolePolicy(aws: Aws, role: string, policyName: string): Promise<string | undefined> {
  const { GetRolePolicyCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new GetRolePolicyCommand({ RoleName: role, PolicyName: policyName }));
    return decoded(out.PolicyDocument);
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

/** Not idempotent (EntityAlreadyExists): sent once, a lost answer settled by reading the role back. */
/** ARNs of the managed policies attached to a role. */
export async function attachedRolePolicies(aws: Aws, role: string): Promise<string[]> {
  const { ListAttachedRolePoliciesCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: role, ...(marker ? { Marker: marker } : {}) }));
    for (const p of out.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return arns;
}

export interface PolicyHolders {
  roles: string[];
  users: string[];
  groups: string[];
}

/** Every role, user and group the managed policy is attached to (ListEntitiesForPolicy, all pages). */
export async function policyHolders(aws: Aws, policyArn: string): Promise<PolicyHolders> {
  const { ListEntitiesForPolicyCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const holders: PolicyHolders = { roles: [], users: [], groups: [] };
  let marker: string | undefined;
  do {
    const out = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, ...(marker ? { Marker: marker } : {}) }));
    for (const r of out.PolicyRoles ?? []) if (r.RoleName) holders.roles.push(r.RoleName);
    for (const u of out.PolicyUsers ?? []) if (u.UserName) holders.users.push(u.UserName);
    for (const g of out.PolicyGroups ?? []) if (g.GroupName) holders.groups.push(g.GroupName);
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return holders;
}

/**
 * Makes the role. AWS does not make CreateRole idempotent: sent again after a lost answer it says
 * EntityAlreadyExists. So a lost answer, or "already exists" for a role whose trust policy is exactly
 * this one (this run's own request, applied), is adopted; a role of that name that trusts anyone else
 * is someone else's, and EntityAlreadyExists stands.
 */
export async function createRole(aws: Aws, input: CreateRoleCommandInput): Promise<void> {
  const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
  await sendOnce(
    async () => (await (await aws.client('iam')).send(new CreateRoleCommand(input)), true),
    async () => {
      const role = await getRole(aws, input.RoleName ?? '');
      return role && isDeepStrictEqual(parseDocument(role.trustPolicy), parseDocument(input.AssumeRolePolicyDocument)) ? true : undefined;
    },
    (e) => isAwsError(e, 'EntityAlreadyExists'),
  );
}

/** Attaches a managed policy: sending it twice is sending it once (retry.ts RESENDABLE). */
export async function attachRolePolicy(aws: Aws, role: string, policyArn: string): Promise<void> {
  const { AttachRolePolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn }));
}

export async function updateAssumeRolePolicy(aws: Aws, input: UpdateAssumeRolePolicyCommandInput): Promise<void> {
  const { UpdateAssumeRolePolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new UpdateAssumeRolePolicyCommand(input));
}

export async function putRolePolicy(aws: Aws, input: PutRolePolicyCommandInput): Promise<void> {
  const { PutRolePolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new PutRolePolicyCommand(input));
}
