/**
 * root-mfa: the root user has an MFA device. AWS allows enrolling one for the root user only in the
 * console (IAM User Guide, "Assign MFA devices in the AWS CLI or AWS API"), so this step guides the
 * operator there and watches GetAccountSummary until AccountMFAEnabled reads 1.
 */
import { getAccountSummary } from '../aws/iam.js';
import { describeRootManagement, rootManagement } from '../aws/organization.js';
import { consoleOrigin, partitionOf } from '../aws/partition.js';
import { defineStep } from './types.js';

/** The root user's security credentials page, in the caller's partition's console. */
function consoleLink(arn: string): string {
  return `${consoleOrigin(partitionOf(arn))}/iam/home#/security_credentials`;
}

async function rootMfaEnabled(ctx: Parameters<typeof getAccountSummary>[0]): Promise<boolean> {
  return (await getAccountSummary(ctx)).AccountMFAEnabled === 1;
}

export const rootMfaStep = defineStep({
  id: 'root-mfa',
  title: 'Root MFA',
  why: 'The root user can do anything, even close the account; with MFA a leaked root password is not enough.',
  needsHuman: 'AWS allows enrolling root MFA only in the AWS console',

  async check(ctx) {
    if (await rootMfaEnabled(ctx.aws)) return { status: 'done', summary: 'The root user has MFA.' };
    // A caller signing as root proves root credentials exist; otherwise the organization may own them.
    if (!ctx.identity.isRoot) {
      const managed = await rootManagement(ctx.aws, ctx.identity.account);
      if (managed.kind === 'organization') return { status: 'done', summary: describeRootManagement(managed) };
      if (managed.kind === 'member-unknown') {
        return { status: 'blocked', summary: `${describeRootManagement(managed)} If it does, there is nothing to do here; if not, add MFA to this account's root user in the console.` };
      }
    }
    return {
      status: 'todo',
      summary: 'The root user has no MFA device. AWS only lets you add one in the console: the wizard shows you where, and notices by itself when it is done.',
    };
  },

  // Nothing to call: the change is made in the console, and the wizard only reads.
  plan: () => [],

  /** Not an AWS action: the operator acts in the console while this watches GetAccountSummary. */
  async apply(ctx, _finding, _answers, operator) {
    const sandbox = ctx.sandbox;
    const result = await operator.waitFor({
      title: 'Add an MFA device to the root user, in the AWS console',
      instructions: [
        `Sign in to the AWS console as the root user (account ${ctx.identity.account}), in a browser.`,
        'Open the account menu (top right) → Security credentials.',
        'Under "Multi-factor authentication (MFA)" choose Assign MFA device, and follow the console.',
        'Come back here: this screen moves on by itself once AWS shows the device.',
      ],
      link: consoleLink(ctx.identity.arn),
      poll: () => rootMfaEnabled(ctx.aws),
      ...(sandbox ? { simulate: () => sandbox.enrollRootMfa() } : {}),
    });
    return result === 'done' ? undefined : { skipped: 'root MFA not added (skipped); audit stays red until it is' };
  },
});
