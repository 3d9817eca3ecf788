/**
 * admin-user: an IAM user for daily administration, so the root user can be put away. It gets a
 * console password generated from a CSPRNG (stored in the OS keychain, never shown in a plan, written
 * to a file or printed by the step), must change it at first sign-in, and joins the admin group.
 *
 * A user of that name that aws-harden did not create is never reused silently: the operator either
 * picks another name or adopts it explicitly (its console password is then reset).
 */
import type { Aws } from '../aws/context.js';
import { getPasswordPolicy } from '../aws/iam.js';
import {
  accountAlias,
  addUserToGroup,
  createAccountAlias,
  createUser,
  getUser,
  groupsForUser,
  hasLoginProfile,
  setLoginProfile,
  signInUrl,
  tagUser,
  validateAccountAlias,
} from '../aws/iam-identity.js';
import { isAwsError } from '../aws/error-map.js';
import { partitionOf } from '../aws/partition.js';
import { ExitCode, OperatorError } from '../errors.js';
import { consolePasswordEntry } from '../keychain/index.js';
import { ADOPTED_BY_TAG, CREATED_BY_TAG, DEFAULT_USER, NO_KEYCHAIN_SUMMARY, adminGroupName, adminUserName, isOurs, keychainOf, probeKeychain, validateUserName } from './identity.js';
import { generatePassword } from './password.js';
import { defineStep, type Answers, type Finding, type PlannedCall, type Question, type StepContext } from './types.js';
import { configHint } from '../config.js';

const REDACTED = '‹redacted›';

interface Data {
  userName: string;
  groupName: string;
  exists: boolean;
  /** The user exists and was neither created nor adopted by aws-harden. */
  foreign: boolean;
  loginProfile: boolean;
  /** The console password is in the OS keychain. */
  stored: boolean;
  inGroup: boolean;
  signInUrl: string;
  /** The account's alias, if it has one (then no alias is offered). */
  alias?: string;
}

async function inspect(ctx: StepContext, userName: string): Promise<Finding<Data>> {
  const { aws } = ctx;
  const groupName = adminGroupName(ctx);
  const alias = await accountAlias(aws);
  const url = signInUrl(alias ?? ctx.identity.account, partitionOf(ctx.identity.arn));
  const user = await getUser(aws, userName);
  const base = { userName, groupName, signInUrl: url, ...(alias ? { alias } : {}) };
  if (!user) {
    return {
      status: 'todo',
      summary: `No user "${userName}" yet. It will sign in at ${url}.`,
      data: { ...base, exists: false, foreign: false, loginProfile: false, stored: false, inGroup: false },
    };
  }
  const foreign = !isOurs(user.tags);
  const loginProfile = await hasLoginProfile(aws, userName);
  const inGroup = (await groupsForUser(aws, userName)).includes(groupName);
  const stored = loginProfile && (await keychainOf(ctx).get(consolePasswordEntry(ctx.identity.account, userName))) !== undefined;
  const data: Data = { ...base, exists: true, foreign, loginProfile, stored, inGroup };
  if (foreign) {
    return {
      status: 'todo',
      summary: `User "${userName}" already exists and was not created by aws-harden: choose another name, or adopt it explicitly (its console password is then reset).`,
      data,
    };
  }
  const missing = [
    !loginProfile && 'no console password',
    loginProfile && !stored && 'its console password is not in the OS keychain (will be reset)',
    !inGroup && `not in group "${groupName}"`,
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length === 0) {
    return { status: 'done', summary: `User "${userName}" is in "${groupName}"; its console password is in the OS keychain. Sign in at ${url}`, data };
  }
  return { status: 'todo', summary: `User "${userName}": ${missing.join('; ')}. Sign-in URL: ${url}`, data };
}

function nameOf(answers: Answers): string {
  return answers.userName ?? DEFAULT_USER;
}

/** Throws before any change when the answers would reuse someone else's user without adopting it. */
function refuseForeign(userName: string, answers: Answers): void {
  if (answers.existing === 'adopt') return;
  throw new OperatorError('usage', `User "${userName}" already exists and was not created by aws-harden; it is not reused without your say-so.`,
    `Run again and type another user name, or answer "adopt" to take it over (its console password is reset). With --yes: ${configHint('admin-user', { userName: 'other' }, { fields: { userName, existing: 'adopt' }, does: 'takes it over' })}.`,
    ExitCode.StepFailed);
}

export const adminUserStep = defineStep<Data>({
  id: 'admin-user',
  // The group to join is the admin-group step's.
  dependsOn: ['admin-group'],
  title: 'Admin user',
  why: 'Daily administration as an IAM user in the admin group, so the root user can be locked away.',

  configKeys: {
    userName: validateUserName,
    existing: (v) => (v === 'adopt' || v === 'no' ? undefined : 'must be "adopt" or "no"'),
    accountAlias: validateAccountAlias,
  },

  async check(ctx) {
    if (!ctx.keychain) return { status: 'blocked', summary: NO_KEYCHAIN_SUMMARY };
    return inspect(ctx, adminUserName(ctx));
  },

  questions(ctx, finding): Question[] {
    const name = finding.data?.userName ?? DEFAULT_USER;
    const questions: Question[] = [
      {
        kind: 'text',
        id: 'userName',
        prompt: 'Name of the admin user',
        default: name,
        help: 'IAM user names: letters, digits and + = , . @ _ - ; up to 64 characters.',
        validate: validateUserName,
      },
    ];
    if (finding.data && !finding.data.alias) {
      questions.push({
        kind: 'text',
        id: 'accountAlias',
        prompt: 'Account alias for a friendlier sign-in URL (optional)',
        default: '',
        help: `Leave empty to keep ${finding.data.signInUrl}. With an alias, e.g. "acme-prod", the admin signs in at ${signInUrl('acme-prod', partitionOf(ctx.identity.arn))}. Aliases are unique across AWS.`,
        validate: validateAccountAlias,
      });
    }
    if (finding.data?.foreign) {
      questions.push({
        kind: 'choice',
        id: 'existing',
        prompt: `If the name is "${name}", which already exists and is not aws-harden's:`,
        default: 'no',
        help: 'Adopting tags the user, adds it to the admin group and resets its console password (the old one stops working).',
        options: [
          { value: 'no', label: `Do not touch "${name}" (I typed another name above)` },
          { value: 'adopt', label: `Adopt "${name}" and reset its console password` },
        ],
      });
    }
    return questions;
  },

  /** Another name than the one checked: read that user, so the sentence and the calls are about it. */
  async recheck(ctx, finding, answers) {
    const userName = nameOf(answers);
    return finding.data?.userName === userName ? finding : inspect(ctx, userName);
  },

  plan(_ctx, finding, answers) {
    const userName = nameOf(answers);
    const d = finding.data;
    const known = d?.userName === userName ? d : undefined;
    if (known?.foreign) refuseForeign(userName, answers);
    const groupName = d?.groupName ?? 'Administrators';
    const calls: PlannedCall[] = [];
    if (known?.foreign) calls.push({ service: 'iam', operation: 'TagUser', params: { UserName: userName, Tags: [{ Key: ADOPTED_BY_TAG.key, Value: ADOPTED_BY_TAG.value }] }, note: 'adopt the existing user' });
    else if (!known?.exists) {
      calls.push({ service: 'iam', operation: 'CreateUser', params: { UserName: userName, Tags: [{ Key: CREATED_BY_TAG.key, Value: CREATED_BY_TAG.value }] }, ...(known ? {} : { note: 'unless it exists (then it must be ours)' }) });
    }
    const password = { UserName: userName, Password: REDACTED, PasswordResetRequired: true };
    if (!known?.loginProfile) calls.push({ service: 'iam', operation: 'CreateLoginProfile', params: password, note: 'generated password, stored in the OS keychain first' });
    else if (!known.stored) calls.push({ service: 'iam', operation: 'UpdateLoginProfile', params: password, note: 'new generated password, stored in the OS keychain first' });
    if (!known?.inGroup) calls.push({ service: 'iam', operation: 'AddUserToGroup', params: { UserName: userName, GroupName: groupName } });
    // Last, as apply makes it: the sign-in URL shown with the password is the alias's.
    const alias = answers.accountAlias ?? '';
    if (alias !== '' && !d?.alias) calls.push({ service: 'iam', operation: 'CreateAccountAlias', params: { AccountAlias: alias }, note: 'a friendlier sign-in URL' });
    return calls;
  },

  async apply(ctx, _finding, answers, operator) {
    const keychain = keychainOf(ctx);
    const userName = nameOf(answers);
    const aws: Aws = ctx.aws;
    const now = (await inspect(ctx, userName)).data;
    if (!now) return;
    if (now.foreign) refuseForeign(userName, answers);
    const needsPassword = !now.loginProfile || !now.stored || now.foreign;
    if (needsPassword) await probeKeychain(ctx, `Nothing was changed: "${userName}" is made or changed only once its console password has a safe place to go.`);
    if (now.foreign) {
      await tagUser(aws, userName, { [ADOPTED_BY_TAG.key]: ADOPTED_BY_TAG.value });
    } else if (!now.exists) {
      await createUser(aws, userName, { [CREATED_BY_TAG.key]: CREATED_BY_TAG.value });
    }
    let password: string | undefined;
    if (needsPassword) {
      const policy = await getPasswordPolicy(aws);
      password = generatePassword(policy?.minimumLength ?? 0);
      // The keychain first: if it fails, no password exists that nobody holds.
      const entry = consolePasswordEntry(ctx.identity.account, userName);
      const previous = await keychain.get(entry);
      await keychain.set(entry, password);
      try {
        await setLoginProfile(aws, userName, password, now.loginProfile);
      } catch (e) {
        // AWS kept the old password (or none): the keychain must not hold one that does not work.
        await (previous === undefined ? keychain.delete(entry) : keychain.set(entry, previous)).catch(() => undefined);
        if (isAwsError(e, 'PasswordPolicyViolation')) {
          throw new OperatorError('aws', `AWS refused the generated console password for "${userName}" (PasswordPolicyViolation: ${e instanceof Error ? e.message : String(e)}). Nothing was changed.`,
            'The account password policy changed or asks for something aws-harden does not generate: check it with "aws iam get-account-password-policy", then run again.', ExitCode.StepFailed, { cause: e });
        }
        throw e;
      }
    }
    if (!now.inGroup) {
      try {
        await addUserToGroup(aws, userName, now.groupName);
      } catch (e) {
        if (isAwsError(e, 'NoSuchEntity')) {
          throw new OperatorError('usage', `The group "${now.groupName}" does not exist, so "${userName}" cannot join it.`,
            'Let the admin-group step create it (run again without skipping it), then run again.', ExitCode.StepFailed, { cause: e });
        }
        throw e;
      }
    }
    let url = now.signInUrl;
    const alias = answers.accountAlias ?? '';
    if (alias !== '' && !now.alias) {
      await createAccountAlias(aws, alias);
      url = signInUrl(alias, partitionOf(ctx.identity.arn));
    }
    if (password) {
      await operator?.reveal({
        title: `The console password of "${userName}"`,
        label: `Sign in at ${url} as ${userName}`,
        secret: password,
        note: 'It is also in the OS keychain (service aws-harden). AWS asks for a new one at the first sign-in.',
      });
    }
  },

  async verify(ctx, answers) {
    return inspect(ctx, nameOf(answers));
  },
});
