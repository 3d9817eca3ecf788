/** IAM roles, seen through the calls aws-harden makes: a service role and its one inline policy. "Not found" is `undefined`. */
import type { CreateRoleCommandInput, PutRolePolicyCommandInput, UpdateAssumeRolePolicyCommandInput } from '@aws-sdk/client-iam';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
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
export async function createRole(aws: Aws, input: CreateRoleCommandInput): Promise<void> {
  const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
  await sendOnce(
    async () => (await (await aws.client('iam')).send(new CreateRoleCommand(input)), true),
    async () => ((await getRole(aws, input.RoleName ?? '')) ? true : undefined),
    (e) => isAwsError(e, 'EntityAlreadyExists'),
  );
}

export async function updateAssumeRolePolicy(aws: Aws, input: UpdateAssumeRolePolicyCommandInput): Promise<void> {
  const { UpdateAssumeRolePolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new UpdateAssumeRolePolicyCommand(input));
}

export async function putRolePolicy(aws: Aws, input: PutRolePolicyCommandInput): Promise<void> {
  const { PutRolePolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new PutRolePolicyCommand(input));
}
