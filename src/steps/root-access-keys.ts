/**
 * root-access-keys: the root user keeps no access keys (the CIS control on root access keys). Last of all, and only once the admin
 * user's own key is proven to work: deleting them ends the very session the wizard may be running on,
 * so the result is read back with the admin key (GetAccountSummary AccountAccessKeysPresent = 0).
 * As a non-root caller the wizard cannot delete root's keys: it checks and says how to do it by hand.
 */
import { plannedCalls, runActions, type IamAction } from '../aws/actions/index.js';
import type { Aws } from '../aws/context.js';
import { getAccountSummary } from '../aws/iam.js';
import { awsWithKey, identityOfKey, listAccessKeys } from '../aws/iam-identity.js';
import { describeRootManagement, rootManagement } from '../aws/organization.js';
import { ExitCode, OperatorError, isOperatorError } from '../errors.js';
import { accessKeyEntry, parseAccessKey, type StoredAccessKey } from '../keychain/index.js';
import { NO_KEYCHAIN_SUMMARY, adminProfileName, adminUserName, isUserArn, keychainOf } from './identity.js';
import { defineStep, type Answers, type Finding, type StepContext } from './types.js';

const ORG_HOWTO = 'The management account deletes them: IAM console → Root access management → this account → Delete root user credentials.';
const CONSOLE_HOWTO = 'Sign in to the console as root → account menu (top right) → Security credentials → Access keys → Actions → Delete, for each key.';

interface Data {
  /** In the order they are deleted: the key this run signs with last. */
  rootKeys: string[];
  adminUser: string;
}

/** Signed with the admin key by verify: the account's count of root keys must read 0. */
const READ_BACK: IamAction = { service: 'iam', op: 'GetAccountSummary', input: {}, note: 'signed with the admin key: AccountAccessKeysPresent must be 0' };

/** Root's keys, the one signing these calls last, so every deletion is made while it still works. */
async function rootKeysInOrder(ctx: StepContext): Promise<string[]> {
  const keys = (await listAccessKeys(ctx.aws)).map((k) => k.id);
  const current = await currentKeyId(ctx);
  return [...keys.filter((k) => k !== current), ...keys.filter((k) => k === current)];
}

function deletions(rootKeys: readonly string[]): IamAction[] {
  return rootKeys.map((id) => ({ service: 'iam', op: 'DeleteAccessKey', input: { AccessKeyId: id }, note: 'root key (no UserName: the caller’s own)' }));
}

/** The admin key from the keychain, when STS signed with it says it is the admin user. */
async function provenAdminKey(ctx: StepContext): Promise<{ key?: StoredAccessKey; user: string; why?: string }> {
  const user = adminUserName(ctx);
  const key = parseAccessKey(await keychainOf(ctx).get(accessKeyEntry(ctx.identity.account, user)));
  if (!key) return { user, why: `the admin user "${user}" has no access key in the OS keychain yet (access-key step)` };
  const who = await identityOfKey(ctx.aws, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
  if (!who || !isUserArn(who.arn, ctx.identity.account, user)) {
    return { user, why: `the admin key of "${user}" is not proven to work (STS did not accept it as that user)` };
  }
  return { key, user };
}

async function keysPresentSeenBy(aws: Aws): Promise<number> {
  return (await getAccountSummary(aws)).AccountAccessKeysPresent ?? 0;
}

function validateDelete(value: string): string | undefined {
  return value === 'yes' ? undefined : 'Type yes to delete the root access keys now, or press esc to skip this step and keep them.';
}

export const rootAccessKeysStep = defineStep<Data>({
  id: 'root-access-keys',
  // Deleted only once the access-key step proved the admin's key.
  dependsOn: ['admin-user', 'access-key'],
  title: 'Root access keys',
  why: 'Root access keys cannot be limited by any policy; with an admin user in place, nobody needs them.',

  configKeys: { delete: (v) => (v === 'yes' ? undefined : 'only "yes" is accepted (leave the field out to keep the keys)') },

  async check(ctx) {
    if (!ctx.identity.isRoot) {
      const present = await keysPresentSeenBy(ctx.aws);
      const managed = await rootManagement(ctx.aws, ctx.identity.account);
      if (managed.kind === 'organization') {
        return present === 0
          ? { status: 'done', summary: `The root user has no access keys. ${describeRootManagement(managed)}` }
          : { status: 'blocked', summary: `The root user still has access keys. ${describeRootManagement(managed).replace(/:.*$/, '.')} ${ORG_HOWTO}` };
      }
      return present === 0
        ? { status: 'done', summary: 'The root user has no access keys.' }
        : { status: 'blocked', summary: `The root user still has access keys; only root can delete them. ${CONSOLE_HOWTO}` };
    }
    let rootKeys;
    try {
      rootKeys = await rootKeysInOrder(ctx);
    } catch (e) {
      // The root key this run signs with is gone (this step deleted it): from here on, read with the admin key.
      if (isOperatorError(e) && e.code === 'invalid-credentials') return afterOwnKeyDeleted(ctx);
      throw e;
    }
    const adminUser = adminUserName(ctx);
    if (rootKeys.length === 0) return { status: 'done', summary: 'The root user has no access keys.', data: { rootKeys, adminUser } };
    if (!ctx.keychain) return { status: 'blocked', summary: `Root has ${rootKeys.length} access key(s). ${NO_KEYCHAIN_SUMMARY}` };
    const proven = await provenAdminKey(ctx);
    if (!proven.key) {
      const keys = rootKeys.length === 1 ? 'an access key; it stays' : `${rootKeys.length} access keys; they stay`;
      return {
        status: 'blocked',
        summary: `Root has ${keys} until the admin user's own key is proven to work. Not yet: ${proven.why}.`,
        data: { rootKeys, adminUser },
        // Made by the access-key step of this same run, in a real run.
        waitsFor: {
          step: 'access-key',
          then: `Would delete the root user's access key${rootKeys.length === 1 ? '' : 's'} ${rootKeys.join(', ')}, on an explicit yes, once the admin key of "${adminUser}" is proven to work`,
          preview: 'in this preview the admin key is not made, so it cannot be proven yet',
        },
      };
    }
    return {
      status: 'todo',
      summary: `Root has ${rootKeys.length} access key(s) (${rootKeys.join(', ')}). Deleting them ends this root session: use the profile of "${adminUser}" from now on.`,
      data: { rootKeys, adminUser },
    };
  },

  questions(_ctx, finding) {
    return [
      {
        kind: 'text',
        id: 'delete',
        prompt: `Delete the root user's ${finding.data?.rootKeys.length ?? ''} access key(s) now? Type yes`,
        default: '',
        help: 'These are the keys this wizard may be running on: after this, aws-harden continues with the admin key only. The admin key was just proven to work.',
        validate: validateDelete,
        destructive: true,
      },
    ];
  },

  plan(_ctx, finding) {
    // GetAccountSummary is verify's read, with the admin key (readWithAdminKey); apply does not make it.
    return plannedCalls([...deletions(finding.data?.rootKeys ?? []), READ_BACK]);
  },

  async apply(ctx, _finding, answers: Answers) {
    if (answers.delete !== 'yes') {
      throw new OperatorError('usage', 'Root access keys are deleted only on an explicit "yes".', 'Answer yes, or skip the step.', ExitCode.Usage);
    }
    if (!ctx.identity.isRoot) return;
    // Proven again right before the point of no return.
    const proven = await provenAdminKey(ctx);
    if (!proven.key) {
      throw new OperatorError('usage', `Root access keys were not deleted: ${proven.why}.`, 'Finish the access-key step first, then run again.', ExitCode.StepFailed);
    }
    // Read again: the keys as they are now, in the same order as the plan's.
    await runActions(ctx.aws, deletions(await rootKeysInOrder(ctx)));
  },

  /** Read back with the admin key: the root keys this context signs with may be gone. */
  async verify(ctx) {
    return readWithAdminKey(ctx, 'todo');
  },
});

/**
 * AccountAccessKeysPresent read with the proven admin key. `notYet` is the status while root keys
 * still show: 'todo' right after deleting them (verify retries), 'blocked' when a retry finds the
 * run's own root key gone but others left (only the console can delete those now).
 */
async function readWithAdminKey(ctx: StepContext, notYet: 'todo' | 'blocked'): Promise<Finding<Data>> {
  const proven = await provenAdminKey(ctx);
  if (!proven.key) return { status: notYet, summary: `Cannot verify: ${proven.why}.` };
  const admin = await awsWithKey(ctx.aws, { accessKeyId: proven.key.AccessKeyId, secretAccessKey: proven.key.SecretAccessKey });
  try {
    const present = await keysPresentSeenBy(admin);
    if (present === 0) {
      const profile = adminProfileName(ctx);
      return {
        status: 'done',
        summary: `The root user has no access keys (read with the admin key of "${proven.user}"). From now on use the admin profile: aws --profile ${profile} …, and aws-harden --profile ${profile}.`,
      };
    }
    return notYet === 'todo'
      ? { status: 'todo', summary: 'GetAccountSummary still shows root access keys.' }
      : {
          status: 'blocked',
          summary: `The root key this run signed with is deleted, but GetAccountSummary (read with the admin key) still counts root access keys; AWS can take a few seconds to update it, so run again. If it persists: ${CONSOLE_HOWTO}`,
        };
  } finally {
    admin.destroy();
  }
}

/** A retry or re-check after this step deleted the root key the context signs with. */
function afterOwnKeyDeleted(ctx: StepContext): Promise<Finding<Data>> {
  return readWithAdminKey(ctx, 'blocked');
}

/** The access key id the context signs with, if it is a static key. */
async function currentKeyId(ctx: StepContext): Promise<string | undefined> {
  const client = await ctx.aws.client('iam');
  try {
    const creds = await client.config.credentials();
    return creds.accessKeyId;
  } catch {
    return undefined;
  }
}
