/**
 * admin-user: an IAM user for daily administration, so the root user can be put away. It gets a
 * console password generated from a CSPRNG (stored in the OS keychain, never shown in a plan, written
 * to a file or printed by the step), must change it at first sign-in, and joins the admin group.
 *
 * A user of that name that aws-harden did not create is never reused silently: the operator either
 * picks another name or adopts it explicitly (its console password is then reset).
 */
import { plannedCalls, runAction, type IamAction, type LoginProfileInput } from '../aws/actions/index.js';
import { getPasswordPolicy } from '../aws/iam.js';
import { accountAlias, getUser, groupsForUser, hasLoginProfile, signInUrl, validateAccountAlias } from '../aws/iam-identity.js';
import { isAwsError } from '../aws/error-map.js';
import { partitionOf } from '../aws/partition.js';
import { ExitCode, OperatorError } from '../errors.js';
import { consolePasswordEntry } from '../keychain/index.js';
import { ADOPTED_BY_TAG, CREATED_BY_TAG, DEFAULT_USER, NO_KEYCHAIN_SUMMARY, adminGroupName, adminUserName, isOurs, keychainOf, probeKeychain, validateUserName } from './identity.js';
import { generatePassword } from './password.js';
import { defineStep, type Answers, type Finding, type Question, type StepContext } from './types.js';
import { configHint } from '../config.js';

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
  throw new OperatorError(
    'usage',
    `User "${userName}" already exists and was not created by aws-harden; it is not reused without your say-so.`,
    `Run again and type another user name, or answer "adopt" to take it over (its console password is reset). With --yes: ${configHint('admin-user', { userName: 'other' }, { fields: { userName, existing: 'adopt' }, does: 'takes it over' })}.`,
    ExitCode.StepFailed,
  );
}

/**
 * The calls that take the user to done, in the order apply makes them. `known` is undefined when the
 * user was not read yet (another name than the one checked); `hasAlias`: the account has an alias.
 */
function actionsFor(userName: string, groupName: string, known: Data | undefined, answers: Answers, hasAlias: boolean): IamAction[] {
  const actions: IamAction[] = [];
  if (known?.foreign) actions.push({ service: 'iam', op: 'TagUser', input: { UserName: userName, Tags: [{ Key: ADOPTED_BY_TAG.key, Value: ADOPTED_BY_TAG.value }] }, note: 'adopt the existing user' });
  else if (!known?.exists) {
    actions.push({
      service: 'iam',
      op: 'CreateUser',
      input: { UserName: userName, Tags: [{ Key: CREATED_BY_TAG.key, Value: CREATED_BY_TAG.value }] },
      ...(known ? {} : { note: 'unless it exists (then it must be ours)' }),
    });
  }
  const password: LoginProfileInput = { UserName: userName, PasswordResetRequired: true };
  if (!known?.loginProfile) actions.push({ service: 'iam', op: 'CreateLoginProfile', input: password, note: 'generated password, stored in the OS keychain first' });
  // An adopted user's password is reset: nobody but its old holder knows it.
  else if (!known.stored || known.foreign) actions.push({ service: 'iam', op: 'UpdateLoginProfile', input: password, note: 'new generated password, stored in the OS keychain first' });
  if (!known?.inGroup) actions.push({ service: 'iam', op: 'AddUserToGroup', input: { UserName: userName, GroupName: groupName } });
  // Last: the sign-in URL shown with the password is the alias's.
  const alias = answers.accountAlias ?? '';
  if (alias !== '' && !hasAlias) actions.push({ service: 'iam', op: 'CreateAccountAlias', input: { AccountAlias: alias }, note: 'a friendlier sign-in URL' });
  return actions;
}

/**
 * The console password: generated here, into the keychain first, then to AWS. Not a plain AWS action
 * (a secret is made and kept, and put back if AWS refuses it), so apply makes it itself.
 */
async function setPassword(ctx: StepContext, a: Extract<IamAction, { op: 'CreateLoginProfile' | 'UpdateLoginProfile' }>): Promise<string> {
  const keychain = keychainOf(ctx);
  const userName = a.input.UserName;
  const policy = await getPasswordPolicy(ctx.aws);
  const password = generatePassword(policy?.minimumLength ?? 0);
  // The keychain first: if it fails, no password exists that nobody holds.
  const entry = consolePasswordEntry(ctx.identity.account, userName);
  const previous = await keychain.get(entry);
  await keychain.set(entry, password);
  try {
    await runAction(ctx.aws, { ...a, input: { ...a.input, Password: password } });
  } catch (e) {
    // AWS kept the old password (or none): the keychain must not hold one that does not work.
    await (previous === undefined ? keychain.delete(entry) : keychain.set(entry, previous)).catch(() => undefined);
    if (isAwsError(e, 'PasswordPolicyViolation')) {
      throw new OperatorError(
        'aws',
        `AWS refused the generated console password for "${userName}" (PasswordPolicyViolation: ${e instanceof Error ? e.message : String(e)}). Nothing was changed.`,
        'The account password policy changed or asks for something aws-harden does not generate: check it with "aws iam get-account-password-policy", then run again.',
        ExitCode.StepFailed,
        { cause: e },
      );
    }
    throw e;
  }
  return password;
}

/** An AWS error the operator can act on, said in the step's words; anything else as it is. */
function explained(a: IamAction, e: unknown): unknown {
  if (a.op === 'AddUserToGroup' && isAwsError(e, 'NoSuchEntity')) {
    return new OperatorError(
      'usage',
      `The group "${a.input.GroupName}" does not exist, so "${a.input.UserName}" cannot join it.`,
      'Let the admin-group step create it (run again without skipping it), then run again.',
      ExitCode.StepFailed,
      { cause: e },
    );
  }
  return e;
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
    return plannedCalls(actionsFor(userName, d?.groupName ?? 'Administrators', known, answers, d?.alias !== undefined));
  },

  async apply(ctx, _finding, answers, operator) {
    keychainOf(ctx);
    const userName = nameOf(answers);
    // Read again: the plan may be minutes old.
    const now = (await inspect(ctx, userName)).data;
    if (!now) return;
    if (now.foreign) refuseForeign(userName, answers);
    const actions = actionsFor(userName, now.groupName, now, answers, now.alias !== undefined);
    const isPassword = (a: IamAction) => a.op === 'CreateLoginProfile' || a.op === 'UpdateLoginProfile';
    if (actions.some(isPassword)) await probeKeychain(ctx, `Nothing was changed: "${userName}" is made or changed only once its console password has a safe place to go.`);
    let password: string | undefined;
    for (const a of actions) {
      if (a.op === 'CreateLoginProfile' || a.op === 'UpdateLoginProfile') password = await setPassword(ctx, a);
      else await runAction(ctx.aws, a).catch((e: unknown) => Promise.reject(explained(a, e)));
    }
    const alias = actions.find((a) => a.op === 'CreateAccountAlias')?.input.AccountAlias;
    const url = alias ? signInUrl(alias, partitionOf(ctx.identity.arn)) : now.signInUrl;
    if (password) {
      await operator.reveal({
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
