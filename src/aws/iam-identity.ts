/**
 * IAM identities (groups, users, login profiles, access keys) and STS with a given key, seen through
 * the calls the identity steps make. "Not found" comes back as `undefined`; secrets are returned to the
 * caller and never recorded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, isOperatorError, OperatorError } from '../errors.js';
import type { Aws } from './context.js';
import { sendOnce } from './once.js';
import { isAmbiguous } from './retry.js';
import { isAwsError } from './error-map.js';
import { bornWithout } from './implied.js';
import { untilKeyUsable } from './propagation.js';
import { getCallerIdentity, type CallerIdentity } from './sts.js';

export { administratorAccessArn, signInUrl } from './partition.js';

export interface IamGroup {
  name: string;
  arn: string;
  members: string[];
}

export async function getGroup(aws: Aws, name: string): Promise<IamGroup | undefined> {
  const { GetGroupCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new GetGroupCommand({ GroupName: name }));
    return { name, arn: out.Group?.Arn ?? '', members: (out.Users ?? []).map((u) => u.UserName ?? '') };
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

export async function createGroup(aws: Aws, name: string): Promise<void> {
  const { CreateGroupCommand } = await import('@aws-sdk/client-iam');
  // A group is only a name: once it is there, it is the one asked for (the step checks its policies).
  await sendOnce(
    async () => (await (await aws.client('iam')).send(new CreateGroupCommand({ GroupName: name })), true),
    async () => ((await getGroup(aws, name)) ? true : undefined),
    (e) => isAwsError(e, 'EntityAlreadyExists'),
  );
}

/** ARNs of the managed policies attached to a group. */
export async function attachedGroupPolicies(aws: Aws, group: string): Promise<string[]> {
  const { ListAttachedGroupPoliciesCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListAttachedGroupPoliciesCommand({ GroupName: group, ...(marker ? { Marker: marker } : {}) }));
    for (const p of out.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return arns;
}

export async function attachGroupPolicy(aws: Aws, group: string, policyArn: string): Promise<void> {
  const { AttachGroupPolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: policyArn }));
}

export interface IamUser {
  name: string;
  arn: string;
  tags: Record<string, string>;
}

export async function getUser(aws: Aws, name: string): Promise<IamUser | undefined> {
  const { GetUserCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new GetUserCommand({ UserName: name }));
    const tags = Object.fromEntries((out.User?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    return { name: out.User?.UserName ?? name, arn: out.User?.Arn ?? '', tags };
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

/**
 * Makes the user with `tags`. A lost answer, or "already exists" for a user that carries exactly these
 * tags (this run's own request, applied), is adopted; a user of that name without them is someone
 * else's, and EntityAlreadyExists stands.
 */
export async function createUser(aws: Aws, name: string, tags: Record<string, string>): Promise<void> {
  const { CreateUserCommand } = await import('@aws-sdk/client-iam');
  await sendOnce(
    async () => (await (await aws.client('iam')).send(new CreateUserCommand({ UserName: name, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })), true),
    async () => {
      const user = await getUser(aws, name);
      return user && Object.entries(tags).every(([k, v]) => user.tags[k] === v) ? true : undefined;
    },
    (e) => isAwsError(e, 'EntityAlreadyExists'),
  );
}

export async function tagUser(aws: Aws, name: string, tags: Record<string, string>): Promise<void> {
  const { TagUserCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new TagUserCommand({ UserName: name, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
}

/** True when the user has a console password (a login profile). */
export async function hasLoginProfile(aws: Aws, name: string): Promise<boolean> {
  const { GetLoginProfileCommand } = await import('@aws-sdk/client-iam');
  try {
    await (await aws.client('iam')).send(new GetLoginProfileCommand({ UserName: name }));
    return true;
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return false;
    throw e;
  }
}

/** Creates the console password, or replaces it when `replace`; the user must change it at first sign-in. */
export async function setLoginProfile(aws: Aws, name: string, password: string, replace: boolean): Promise<void> {
  const { CreateLoginProfileCommand, UpdateLoginProfileCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const update = async () => (await client.send(new UpdateLoginProfileCommand({ UserName: name, Password: password, PasswordResetRequired: true })), true);
  if (replace) {
    await update();
    return;
  }
  // A lost answer or "already exists": a login profile is there, but whose password? Setting this one
  // (resendable) makes it certainly the one the keychain holds.
  await sendOnce(
    async () => (await client.send(new CreateLoginProfileCommand({ UserName: name, Password: password, PasswordResetRequired: true })), true),
    async () => ((await hasLoginProfile(aws, name)) ? update() : undefined),
    (e) => isAwsError(e, 'EntityAlreadyExists'),
  );
}

export async function groupsForUser(aws: Aws, name: string): Promise<string[]> {
  const { ListGroupsForUserCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListGroupsForUserCommand({ UserName: name, ...(marker ? { Marker: marker } : {}) }));
    for (const g of out.Groups ?? []) if (g.GroupName) names.push(g.GroupName);
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return names;
}

export async function addUserToGroup(aws: Aws, user: string, group: string): Promise<void> {
  const { AddUserToGroupCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new AddUserToGroupCommand({ UserName: user, GroupName: group }));
}

export interface AccessKeyInfo {
  id: string;
  status: 'Active' | 'Inactive';
  created?: Date;
}

/** A user's access keys; without `user`, the caller's own (root's, when the caller is root). */
export async function listAccessKeys(aws: Aws, user?: string): Promise<AccessKeyInfo[]> {
  if (user !== undefined && bornWithout(aws, 'user', user, 'access-keys')) return [];
  const { ListAccessKeysCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const keys: AccessKeyInfo[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListAccessKeysCommand({ ...(user ? { UserName: user } : {}), ...(marker ? { Marker: marker } : {}) }));
    for (const k of out.AccessKeyMetadata ?? []) {
      if (k.AccessKeyId) keys.push({ id: k.AccessKeyId, status: k.Status === 'Inactive' ? 'Inactive' : 'Active', ...(k.CreateDate ? { created: k.CreateDate } : {}) });
    }
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return keys;
}

/**
 * A new access key. The caller owns the secret from here: store it or delete the key. When the answer
 * is lost, a key may have been made whose secret nobody will ever see: every key of the user that is
 * not in `keep` (the keys that existed before) is that one, and is deleted before one more try.
 */
export async function createAccessKey(aws: Aws, user: string, keep?: readonly string[]): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const { CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
  const before = keep ?? (await listAccessKeys(aws, user)).map((k) => k.id);
  const out = await sendOnce(
    async () => (await aws.client('iam')).send(new CreateAccessKeyCommand({ UserName: user })),
    async () => {
      for (const k of await listAccessKeys(aws, user)) if (!before.includes(k.id)) await deleteAccessKey(aws, k.id, user);
      return undefined;
    },
  );
  const id = out.AccessKey?.AccessKeyId;
  const secret = out.AccessKey?.SecretAccessKey;
  if (!id || !secret) throw new Error('iam:CreateAccessKey returned no key');
  return { accessKeyId: id, secretAccessKey: secret };
}

/**
 * Deletes a key; without `user`, one of the caller's own. An already-deleted key is fine, so a lost
 * answer is settled by sending it again (the second answer says whether it is gone). When the caller
 * deleted its own key, that second call cannot be signed with it: the lost answer stands, and the
 * caller reads with other credentials (root-access-keys does, with the admin key).
 */
export async function deleteAccessKey(aws: Aws, accessKeyId: string, user?: string): Promise<void> {
  const { DeleteAccessKeyCommand } = await import('@aws-sdk/client-iam');
  const send = async () => void (await (await aws.client('iam')).send(new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId, ...(user ? { UserName: user } : {}) })));
  try {
    await send();
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return;
    if (!isAmbiguous(e)) throw e;
    try {
      await send();
    } catch (again) {
      if (isAwsError(again, 'NoSuchEntity')) return;
      // The key that signed the call is the one deleted: AWS no longer knows it, which is the answer.
      if (!user && isOperatorError(again) && again.code === 'invalid-credentials') return;
      throw again;
    }
  }
}

export async function accountAlias(aws: Aws): Promise<string | undefined> {
  const { ListAccountAliasesCommand } = await import('@aws-sdk/client-iam');
  const out = await (await aws.client('iam')).send(new ListAccountAliasesCommand({}));
  return out.AccountAliases?.[0];
}

/** Sets the account alias. Aliases are unique across AWS: a taken one is a clear operator error. */
export async function createAccountAlias(aws: Aws, alias: string): Promise<void> {
  const { CreateAccountAliasCommand } = await import('@aws-sdk/client-iam');
  try {
    await sendOnce(
      async () => (await (await aws.client('iam')).send(new CreateAccountAliasCommand({ AccountAlias: alias })), true),
      async () => ((await accountAlias(aws)) === alias ? true : undefined),
      (e) => isAwsError(e, 'EntityAlreadyExists'),
    );
  } catch (e) {
    if (isAwsError(e, 'EntityAlreadyExists')) {
      throw new OperatorError(
        'usage',
        `The account alias "${alias}" is already taken (aliases are unique across all of AWS).`,
        'Run again and choose another alias, or leave it empty to keep the account-number sign-in URL.',
        ExitCode.StepFailed,
        { cause: e },
      );
    }
    throw e;
  }
}

/** IAM's rule for account aliases; a 12-digit alias would read like an account id, so AWS refuses it. */
export function validateAccountAlias(value: string): string | undefined {
  if (value === '') return undefined;
  if (!/^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(value)) return 'Use 3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.';
  if (/^\d{12}$/.test(value)) return 'An alias cannot be a 12-digit number.';
  return undefined;
}

/**
 * A second AWS layer signed with the given key (same endpoint, region and dry-run), e.g. to prove a
 * new access key works. The caller destroys it.
 */
export async function awsWithKey(aws: Aws, key: { accessKeyId: string; secretAccessKey: string }): Promise<Aws> {
  return aws.withCredentials(key);
}

/**
 * Who the key is, per STS; undefined while AWS does not accept it (yet: IAM is eventually consistent,
 * or no longer: deleted or inactive).
 */
export async function identityOfKey(aws: Aws, key: { accessKeyId: string; secretAccessKey: string }): Promise<CallerIdentity | undefined> {
  const wait = untilKeyUsable(aws.propagation, key.accessKeyId);
  if (wait > 0) await sleep(wait);
  const other = await awsWithKey(aws, key);
  try {
    return await getCallerIdentity(other);
  } catch (e) {
    if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'invalid-credentials') return undefined;
    throw e;
  } finally {
    other.destroy();
  }
}
