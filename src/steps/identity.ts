/** What the identity steps (admin-group, admin-user, access-key, root-access-keys) share. */
import { ExitCode, OperatorError } from '../errors.js';
import type { Keychain } from '../keychain/index.js';
import { answerOf } from './answers.js';
import type { StepContext } from './types.js';

export const DEFAULT_GROUP = 'Administrators';
export const DEFAULT_USER = 'admin';

/** Set on users aws-harden creates; a user without it is someone else's and is never reused silently. */
export const CREATED_BY_TAG = { key: 'created-by', value: 'aws-harden' } as const;
/** Set on a user the operator explicitly adopted. */
export const ADOPTED_BY_TAG = { key: 'adopted-by', value: 'aws-harden' } as const;

export function isOurs(tags: Record<string, string>): boolean {
  return tags[CREATED_BY_TAG.key] === CREATED_BY_TAG.value || tags[ADOPTED_BY_TAG.key] === ADOPTED_BY_TAG.value;
}

/** IAM's rule for user, group and role names: `[\w+=,.@-]`, 1..max characters; one specific message per mistake. */
export function validateIamName(what: 'user' | 'group' | 'role', max: number): (value: string) => string | undefined {
  return (value) => {
    if (value === '') return `Enter a ${what} name.`;
    if (value.length > max) return `An IAM ${what} name has at most ${max} characters; this one has ${value.length}.`;
    if (/\s/.test(value)) return `An IAM ${what} name cannot contain spaces.`;
    if (value.includes('/')) return `An IAM ${what} name cannot contain "/" (that would be a path, not a name).`;
    const bad = [...value].find((c) => !/[\w+=,.@-]/.test(c));
    if (bad !== undefined) return `An IAM ${what} name cannot contain "${bad}": use letters, digits and + = , . @ _ - only.`;
    return undefined;
  };
}

export const validateUserName = validateIamName('user', 64);
export const validateGroupName = validateIamName('group', 128);

/** True when `arn` is the IAM user `user` of `account` (any path, any partition). */
export function isUserArn(arn: string, account: string, user: string): boolean {
  const escaped = user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^arn:aws[a-z-]*:iam::${account}:user/(?:[^:]*/)?${escaped}$`).test(arn);
}

/** The admin group's name: the admin-group step's answer, else the default. */
export function adminGroupName(ctx: StepContext): string {
  return answerOf(ctx, 'admin-group', 'groupName') ?? DEFAULT_GROUP;
}

/** The admin user's name: the admin-user step's answer, else the default. */
export function adminUserName(ctx: StepContext): string {
  return answerOf(ctx, 'admin-user', 'userName') ?? DEFAULT_USER;
}

export function defaultProfileName(user: string, account: string): string {
  return `${user}-${account}`.slice(0, 64);
}

/** The admin's AWS CLI profile: the access-key step's answer, else the default: what to use once root keys are gone. */
export function adminProfileName(ctx: StepContext): string {
  return answerOf(ctx, 'access-key', 'profile') ?? defaultProfileName(adminUserName(ctx), ctx.identity.account);
}

export const NO_KEYCHAIN_SUMMARY = 'No OS keychain in this context: the secret would have nowhere safe to go.';

/** The keychain, or an operator error when the context has none. */
export function keychainOf(ctx: StepContext): Keychain {
  if (!ctx.keychain) {
    throw new OperatorError('usage', NO_KEYCHAIN_SUMMARY, 'Run aws-harden where the OS keychain is available.', ExitCode.Usage);
  }
  return ctx.keychain;
}

/**
 * Proves the keychain can take a secret (write, read back, delete a test entry) before a step's first
 * change, so that no user or key is made whose secret would have nowhere to go. `nothingMade` says so.
 */
export async function probeKeychain(ctx: StepContext, nothingMade: string): Promise<void> {
  try {
    await keychainOf(ctx).probe();
  } catch (e) {
    if (!(e instanceof OperatorError)) throw e;
    throw new OperatorError(e.code, `${e.message} ${nothingMade}`, e.remedy, e.exitCode, { cause: e.cause });
  }
}
