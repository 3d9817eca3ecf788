/**
 * admin-group: a group (default `Administrators`) with the AWS managed policy AdministratorAccess
 * attached, so administrators get their rights through membership, not per-user policies.
 */
import { plannedCalls, runActions, type IamAction } from '../aws/actions/index.js';
import { attachedGroupPolicies, getGroup } from '../aws/iam-identity.js';
import { administratorAccessArn, partitionOf } from '../aws/partition.js';
import { isAwsError } from '../aws/error-map.js';
import type { Aws } from '../aws/context.js';
import { DEFAULT_GROUP, adminGroupName, validateGroupName } from './identity.js';
import { defineStep, type Finding, type StepContext } from './types.js';

interface Data {
  groupName: string;
  exists: boolean;
  attached: boolean;
  members: string[];
}

/** AdministratorAccess in the caller's partition (`arn:aws-cn:…` in China). */
function adminPolicyArn(ctx: Pick<StepContext, 'identity'>): string {
  return administratorAccessArn(partitionOf(ctx.identity.arn));
}

async function inspect(aws: Aws, groupName: string, policyArn: string): Promise<Finding<Data>> {
  const group = await getGroup(aws, groupName);
  const attached = group ? (await attachedGroupPolicies(aws, groupName)).includes(policyArn) : false;
  const data: Data = { groupName, exists: group !== undefined, attached, members: group?.members ?? [] };
  if (group && attached) {
    return { status: 'done', summary: `Group "${groupName}" has AdministratorAccess attached.`, data };
  }
  if (group) {
    const who = group.members.length ? ` Its ${group.members.length} member(s) (${group.members.join(', ')}) will become administrators.` : '';
    return { status: 'todo', summary: `Group "${groupName}" exists without AdministratorAccess.${who}`, data };
  }
  return { status: 'todo', summary: `No group "${groupName}" yet.`, data };
}

function nameOf(answers: Record<string, string>): string {
  return answers.groupName ?? DEFAULT_GROUP;
}

/** What takes the group to done; `known` undefined: not read yet (another name than the one checked). */
function actionsFor(ctx: StepContext, groupName: string, known: Data | undefined): IamAction[] {
  const actions: IamAction[] = [];
  if (!known?.exists) actions.push({ service: 'iam', op: 'CreateGroup', input: { GroupName: groupName }, ...(known ? {} : { note: 'unless it exists' }) });
  if (!known?.attached) actions.push({ service: 'iam', op: 'AttachGroupPolicy', input: { GroupName: groupName, PolicyArn: adminPolicyArn(ctx) } });
  return actions;
}

export const adminGroupStep = defineStep<Data>({
  id: 'admin-group',
  title: 'Admin group',
  why: 'Administrators get their rights from one group with AdministratorAccess, not from policies on each user.',

  configKeys: { groupName: validateGroupName },

  async check(ctx) {
    return inspect(ctx.aws, adminGroupName(ctx), adminPolicyArn(ctx));
  },

  questions(_ctx, finding) {
    return [
      {
        kind: 'text',
        id: 'groupName',
        prompt: 'Name of the administrators group',
        default: finding.data?.groupName ?? DEFAULT_GROUP,
        help: 'Letters, digits and + = , . @ _ - ; up to 128 characters. Members get AdministratorAccess.',
        validate: validateGroupName,
      },
    ];
  },

  /** Another name than the one checked: read that group, so the sentence and the calls are about it. */
  async recheck(ctx, finding, answers) {
    const groupName = nameOf(answers);
    return finding.data?.groupName === groupName ? finding : inspect(ctx.aws, groupName, adminPolicyArn(ctx));
  },

  plan(ctx, finding, answers) {
    const groupName = nameOf(answers);
    return plannedCalls(actionsFor(ctx, groupName, finding.data?.groupName === groupName ? finding.data : undefined));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the plan may be minutes old.
    const groupName = nameOf(answers);
    const now = await inspect(ctx.aws, groupName, adminPolicyArn(ctx));
    await runActions(ctx.aws, actionsFor(ctx, groupName, now.data));
  },

  /**
   * The policy read back. ListAttachedGroupPolicies answers only for a group that exists, so it alone
   * proves both; what is missing otherwise is said by the full inspection.
   */
  async verify(ctx, answers): Promise<Finding<Data>> {
    const groupName = nameOf(answers);
    const policyArn = adminPolicyArn(ctx);
    const attached = await attachedGroupPolicies(ctx.aws, groupName).catch((e: unknown) => {
      if (isAwsError(e, 'NoSuchEntity')) return [] as string[];
      throw e;
    });
    if (!attached.includes(policyArn)) return inspect(ctx.aws, groupName, policyArn);
    return { status: 'done', summary: `Group "${groupName}" has AdministratorAccess attached.`, data: { groupName, exists: true, attached: true, members: [] } };
  },
});
