/**
 * support-role: a role the account's administrators can assume, with the AWS managed policy
 * AWSSupportAccess, so incidents are handled with AWS Support through a role rather than as root (the
 * CIS control "a support role has been created to manage incidents with AWS Support";
 * https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html).
 *
 * Checked as CIS audits it: ListEntitiesForPolicy on AWSSupportAccess (in the caller's partition); any
 * role holding it passes, and nothing is made. Otherwise a role (default `aws-harden-support`) trusting
 * the account itself (`arn:<partition>:iam::<account>:root`: whoever the account's own policies allow to
 * assume it, i.e. its administrators) gets the policy. CreateRole is not idempotent: a lost answer is
 * settled by reading the role back and comparing its trust policy (aws/iam-role.ts).
 */
import { plannedCalls, runActions, type IamAction } from '../aws/actions/index.js';
import { parseDocument } from '../aws/iam-group-policy.js';
import { attachedRolePolicies, getRole, policyHolders, type PolicyHolders } from '../aws/iam-role.js';
import { partitionOf, supportAccessArn } from '../aws/partition.js';
import { isDeepStrictEqual } from 'node:util';
import { ExitCode, OperatorError } from '../errors.js';
import { answerOf } from './answers.js';
import { validateIamName } from './identity.js';
import { defineStep, type Answers, type Finding, type StepContext } from './types.js';

export const DEFAULT_SUPPORT_ROLE = 'aws-harden-support';

interface Data {
  holders: PolicyHolders;
  roleName: string;
  /** The role of that name: absent, ours (trusts the account), or someone else's. */
  role: 'absent' | 'ours' | 'foreign';
  attached: boolean;
}

/** IAM role names, 1–64 characters: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName). */
export const validateRoleName = validateIamName('role', 64);

function policyArn(ctx: StepContext): string {
  return supportAccessArn(partitionOf(ctx.identity.arn));
}

/** Whoever the account's own IAM policies allow to assume it: the account's administrators. */
export function trustPolicy(ctx: StepContext): unknown {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${partitionOf(ctx.identity.arn)}:iam::${ctx.identity.account}:root` }, Action: 'sts:AssumeRole' }],
  };
}

function nameOf(answers: Answers): string {
  return (answers.roleName ?? DEFAULT_SUPPORT_ROLE).trim();
}

async function inspect(ctx: StepContext, roleName: string): Promise<Data> {
  const holders = await policyHolders(ctx.aws, policyArn(ctx));
  if (holders.roles.length > 0) return { holders, roleName, role: holders.roles.includes(roleName) ? 'ours' : 'absent', attached: holders.roles.includes(roleName) };
  const role = await getRole(ctx.aws, roleName);
  if (!role) return { holders, roleName, role: 'absent', attached: false };
  const attached = (await attachedRolePolicies(ctx.aws, roleName)).includes(policyArn(ctx));
  return { holders, roleName, role: isDeepStrictEqual(parseDocument(role.trustPolicy), trustPolicy(ctx)) ? 'ours' : 'foreign', attached };
}

function findingFor(d: Data, asked: boolean): Finding<Data> {
  if (d.holders.roles.length > 0) return { status: 'done', summary: `The role ${d.holders.roles.join(', ')} has AWSSupportAccess: AWS Support cases can be handled without root.`, data: d };
  const others = [...d.holders.users.map((u) => `user ${u}`), ...d.holders.groups.map((g) => `group ${g}`)];
  const held = others.length > 0 ? ` AWSSupportAccess is attached to ${others.join(', ')}, but CIS asks for a role.` : '';
  if (d.role === 'foreign') {
    const text = `A role named ${d.roleName} exists with another trust policy: aws-harden will not give it AWS Support access.`;
    return asked ? { status: 'blocked', summary: `${text} Run again and answer another role name.`, data: d } : { status: 'todo', summary: `${text} Give another name.${held}`, data: d };
  }
  const what =
    d.role === 'ours'
      ? `The role ${d.roleName} (which the account's administrators can assume) lacks AWSSupportAccess.`
      : `No role has AWSSupportAccess: ${d.roleName} will be made, assumable by the account's administrators, with it attached.`;
  return { status: 'todo', summary: `${what}${held}`, data: d };
}

/** Plan and apply both come from here; `d` undefined: another name than the one checked (apply reads it first). */
function actionsFor(ctx: StepContext, roleName: string, d: Data | undefined): IamAction[] {
  if (d && d.holders.roles.length > 0) return [];
  const create: IamAction = {
    service: 'iam',
    op: 'CreateRole',
    input: { RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicy(ctx)), Description: 'aws-harden: AWS Support access for the account administrators' },
    note: d ? 'assumable by principals of this account that IAM allows to (the administrators)' : 'unless it exists',
  };
  const attach: IamAction = { service: 'iam', op: 'AttachRolePolicy', input: { RoleName: roleName, PolicyArn: policyArn(ctx) }, note: 'open and manage AWS Support cases' };
  return [...(d?.role === 'absent' || !d ? [create] : []), ...(d?.attached ? [] : [attach])];
}

export const supportRoleStep = defineStep<Data>({
  id: 'support-role',
  title: 'Support role',
  why: 'Incidents are handled with AWS Support through a role the administrators assume, not with root or a shared login.',

  configKeys: { roleName: validateRoleName },

  async check(ctx) {
    return findingFor(await inspect(ctx, answerOf(ctx, 'support-role', 'roleName', validateRoleName) ?? DEFAULT_SUPPORT_ROLE), false);
  },

  questions(_ctx, finding) {
    return [
      {
        kind: 'text',
        id: 'roleName',
        prompt: 'Name of the support role',
        default: finding.data?.role === 'foreign' ? '' : (finding.data?.roleName ?? DEFAULT_SUPPORT_ROLE),
        help: 'Letters, digits and + = , . @ _ - ; up to 64 characters.',
        validate: validateRoleName,
      },
    ];
  },

  /** The role the answer names (read again when it is another one); someone else's role blocks. */
  async recheck(ctx, finding, answers) {
    const roleName = nameOf(answers);
    return findingFor(finding.data?.roleName === roleName ? finding.data : await inspect(ctx, roleName), true);
  },

  plan(ctx, finding, answers) {
    const roleName = nameOf(answers);
    return plannedCalls(actionsFor(ctx, roleName, finding.data?.roleName === roleName ? finding.data : undefined));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the plan may be minutes old.
    const now = await inspect(ctx, nameOf(answers));
    if (now.role === 'foreign' && now.holders.roles.length === 0) {
      throw new OperatorError('aws', `A role named ${now.roleName} exists with another trust policy.`, 'Run again and answer another role name.', ExitCode.StepFailed);
    }
    await runActions(ctx.aws, actionsFor(ctx, now.roleName, now));
  },

  /** The policy read back: the answered role among the roles that hold AWSSupportAccess. */
  async verify(ctx, answers) {
    const d = await inspect(ctx, nameOf(answers));
    if (d.holders.roles.includes(d.roleName)) return findingFor(d, true);
    return { status: 'todo', summary: `The role ${d.roleName} does not show AWSSupportAccess attached.`, data: d };
  },
});
