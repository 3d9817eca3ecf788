/**
 * `aws-harden keys rotate [--user NAME]`: CIS 1.13 asks for a new access key every 90 days. The
 * rotation never strands a secret and never leaves the operator without a working key:
 *   create → pending entry (at once) → prove with STS → switch the keychain's access-key entry →
 *   remove the cached MFA session (made with the old key) → delete the old key in IAM → drop the
 *   pending entry → read IAM back (only the new key).
 * An interrupted rotation is finished by running it again (pending.ts says how each point is found).
 * The ~/.aws/config profile names the account and user, not the key, so it stays as it is.
 */
import { createAccessKey, deleteAccessKey, getUser, identityOfKey, listAccessKeys, type AccessKeyInfo } from '../../aws/iam-identity.js';
import { listUsers } from '../../aws/iam.js';
import { ExitCode, OperatorError, describeError } from '../../errors.js';
import { accessKeyEntry, parseAccessKey, pendingAccessKeyEntry, type StoredAccessKey } from '../../keychain/index.js';
import { sessionEntry } from '../../keychain/mfa-session.js';
import { noKeyInKeychain, unknownUser, type KeysContext } from './context.js';
import { heldIds } from './inventory.js';
import { parsePending } from './pending.js';
import { profilesReading } from './profiles.js';
import { keysAfterChange } from './read-back.js';

interface Rotation {
  user: string;
  arn: string;
  key: StoredAccessKey;
  /** The key it replaces (deleted at the end). */
  replaces: string;
  /** False when an interrupted run already deleted it. */
  replacedInIam: boolean;
}

/** The user whose key the keychain holds, when exactly one user of the account has one. */
async function defaultUser(k: KeysContext): Promise<string> {
  const holders: string[] = [];
  for (const u of await listUsers(k.aws)) {
    const ids = await heldIds(k, u.name);
    if (!ids.held && !ids.pending) continue;
    const keys = await listAccessKeys(k.aws, u.name);
    if (keys.some((key) => key.id === ids.held || key.id === ids.pending)) holders.push(u.name);
  }
  if (holders.length === 1) return holders[0] as string;
  if (holders.length === 0) {
    throw new OperatorError(
      'usage',
      `The keychain holds no access key of any IAM user of account ${k.account}: nothing to rotate.`,
      "The wizard's access-key step makes the admin user's key and keeps it in the keychain; `aws-harden keys list` shows every key.",
      ExitCode.Usage,
    );
  }
  throw new OperatorError(
    'usage',
    `The keychain holds access keys of ${holders.length} users of account ${k.account}: ${holders.join(', ')}.`,
    `Name the one to rotate: aws-harden keys rotate --user ${holders[0] ?? 'NAME'}`,
    ExitCode.Usage,
  );
}

/**
 * A key of the user that aws-harden does not hold stands in the way (IAM allows two). It is deleted
 * only when the operator types its id on the terminal; --yes, and a run without a terminal, refuse.
 */
async function clearForeign(k: KeysContext, user: string, key: AccessKeyInfo, held: string): Promise<boolean> {
  const named = `${key.id} (${key.status}${key.created ? `, created ${key.created.toISOString().slice(0, 10)}` : ''})`;
  const refusal = (how: string) =>
    new OperatorError(
      'usage',
      `"${user}" has another access key besides ${held}, the one the keychain holds: ${named}. aws-harden does not hold it and does not delete it on its own. Nothing was changed.`,
      `${how} Or delete or keep it yourself in the IAM console (IAM allows two keys per user, and a rotation needs room for the new one).`,
      ExitCode.Usage,
    );
  if (k.yes) throw refusal('Run `aws-harden keys rotate` without --yes in a terminal and type its id to delete it (--yes never deletes a key aws-harden does not hold).');
  if (k.aws.dryRun) {
    k.out(`A real run would ask you to type the id of ${named} to delete it (aws-harden does not hold it, and the new key needs its place), or stop.`);
    return false;
  }
  let typed: string;
  try {
    typed = (
      await k.ask(
        `"${user}" has another access key, ${named}, which aws-harden does not hold. Someone may use it.\nType its id to DELETE it and go on with the rotation, or press Enter to stop: `,
        'Run it in a terminal to type the key id, or delete the key in the IAM console first.',
      )
    ).trim();
  } catch (e) {
    if (e instanceof OperatorError && e.code === 'not-a-tty') throw refusal('Run it in a terminal and type its id to delete it.');
    throw e;
  }
  if (typed !== key.id) throw refusal(typed === '' ? 'You stopped: run again and type its id to delete it.' : `You typed "${typed}", not ${key.id}.`);
  await deleteAccessKey(k.aws, key.id, user);
  k.out(`Deleted ${key.id} of "${user}" in IAM (you typed its id).`);
  return true;
}

function planLines(k: KeysContext, r: { user: string; arn: string; replaces: string; key?: string; replacedInIam: boolean }): string[] {
  const entry = accessKeyEntry(k.account, r.user);
  const pending = pendingAccessKeyEntry(k.account, r.user);
  const created = r.key ?? 'the new key';
  return [
    ...(r.key ? [] : [`  iam:CreateAccessKey UserName=${r.user}`, `  keychain:SetPassword ${pending} (the new key's secret, at once)`]),
    `  sts:GetCallerIdentity signed with ${created} (must answer ${r.arn})`,
    `  keychain:SetPassword ${entry} (switch to ${created})`,
    `  keychain:DeletePassword ${sessionEntry(k.account, r.user)} (the cached MFA session, made with the old key)`,
    ...(r.replacedInIam ? [`  iam:DeleteAccessKey UserName=${r.user} AccessKeyId=${r.replaces}`] : []),
    `  keychain:DeletePassword ${pending}`,
    `  iam:ListAccessKeys UserName=${r.user} (only ${created} left, active)`,
  ];
}

/** Where an interrupted rotation stopped, from the pending entry and IAM; the rotation to finish, if any. */
async function resumeOrClean(k: KeysContext, user: string, arn: string, keys: AccessKeyInfo[]): Promise<{ resume?: Rotation; keys: AccessKeyInfo[] }> {
  const pendingName = pendingAccessKeyEntry(k.account, user);
  const pending = parsePending(await k.keychain.get(pendingName));
  if (!pending) return { keys };
  if (pending.phase === 'created') {
    const inIam = keys.find((key) => key.id === pending.AccessKeyId);
    if (inIam?.status === 'Active') {
      k.out(`Resuming an interrupted rotation of "${user}": its new key ${pending.AccessKeyId} (replacing ${pending.replaces}) is active in IAM and its secret is in the keychain.`);
      const replacedInIam = keys.some((key) => key.id === pending.replaces);
      return { resume: { user, arn, key: { AccessKeyId: pending.AccessKeyId, SecretAccessKey: pending.SecretAccessKey }, replaces: pending.replaces, replacedInIam }, keys };
    }
    if (inIam) {
      throw new OperatorError(
        'usage',
        `An interrupted rotation of "${user}" left its new key ${pending.AccessKeyId} in the keychain, and it is Inactive in IAM (someone deactivated it). Nothing was changed.`,
        'Activate it in the IAM console and run `aws-harden keys rotate` again to finish, or delete it there and run again to start over.',
        ExitCode.Usage,
      );
    }
    k.out(`Discarding the pending key ${pending.AccessKeyId} of an interrupted rotation of "${user}": IAM no longer has it.`);
  } else {
    // Made by the interrupted CreateAccessKey, its secret never stored: nobody can ever sign with it.
    const held = parseAccessKey(await k.keychain.get(accessKeyEntry(k.account, user)))?.AccessKeyId;
    const orphans = keys.filter((key) => !pending.before.includes(key.id) && key.id !== held);
    for (const o of orphans) {
      if (k.aws.dryRun) {
        k.out(`Would delete ${o.id}: an interrupted rotation made it and its secret was never stored.`);
        continue;
      }
      await deleteAccessKey(k.aws, o.id, user);
      k.out(`Deleted ${o.id} of "${user}": an interrupted rotation made it and its secret was never stored, so nobody could use it.`);
    }
    keys = keys.filter((key) => !orphans.includes(key));
  }
  if (!k.aws.dryRun) await k.keychain.delete(pendingName);
  return { keys };
}

/** Creates the new key; its secret is in the keychain (pending) before anything else happens. */
async function begin(k: KeysContext, user: string, arn: string, current: StoredAccessKey, keys: AccessKeyInfo[]): Promise<Rotation> {
  const pendingName = pendingAccessKeyEntry(k.account, user);
  const before = keys.map((key) => key.id);
  // Fails before any key exists when the keychain cannot take a secret.
  await k.keychain.set(pendingName, JSON.stringify({ phase: 'creating', replaces: current.AccessKeyId, before }));
  const made = await createAccessKey(k.aws, user, before);
  const key = { AccessKeyId: made.accessKeyId, SecretAccessKey: made.secretAccessKey };
  try {
    await k.keychain.set(pendingName, JSON.stringify({ phase: 'created', ...key, replaces: current.AccessKeyId }));
  } catch (e) {
    let cleanup = `The new key ${key.AccessKeyId} was deleted again; the old key ${current.AccessKeyId} is unchanged.`;
    try {
      await deleteAccessKey(k.aws, key.AccessKeyId, user);
    } catch (inner) {
      cleanup = `Deleting the new key ${key.AccessKeyId} also failed (${describeError(inner).message}): delete it in the IAM console.`;
    }
    const { message, remedy } = describeError(e);
    throw new OperatorError('usage', `${message} ${cleanup}`, remedy, ExitCode.StepFailed, { cause: e });
  }
  k.out(`Created ${key.AccessKeyId} for "${user}"; its secret went straight into the keychain (pending until proven).`);
  return { user, arn, key, replaces: current.AccessKeyId, replacedInIam: true };
}

/** prove → switch → drop the MFA session → delete the old key → drop the pending entry → read back. */
async function finish(k: KeysContext, r: Rotation): Promise<void> {
  const { user, key } = r;
  const again = `Run \`aws-harden keys rotate --user ${user}\` again: it resumes here. The keychain still holds the old key ${r.replaces}, which still works.`;
  // IAM lists the key: a not-known answer from STS is propagation, waited out like this run's own keys.
  k.aws.propagation.made('access key', key.AccessKeyId);
  const who = await identityOfKey(k.aws, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
  if (who?.arn !== r.arn) {
    throw new OperatorError(
      'aws',
      who
        ? `STS signed with the new key ${key.AccessKeyId} answers ${who.arn}, not ${r.arn}.`
        : `STS does not accept the new key ${key.AccessKeyId} yet (waited up to a minute for IAM to propagate it).`,
      again,
      ExitCode.StepFailed,
    );
  }
  k.out(`Proved: sts:GetCallerIdentity signed with ${key.AccessKeyId} answers ${r.arn}.`);
  const entry = accessKeyEntry(k.account, user);
  await k.keychain.set(entry, JSON.stringify(key));
  if (parseAccessKey(await k.keychain.get(entry))?.AccessKeyId !== key.AccessKeyId) {
    throw new OperatorError('usage', `The keychain did not keep ${key.AccessKeyId} in "${entry}".`, again, ExitCode.StepFailed);
  }
  k.out(`Switched the keychain entry "${entry}" to ${key.AccessKeyId}.`);
  if (await k.keychain.delete(sessionEntry(k.account, user))) k.out('Removed the cached MFA session (it was made with the old key); the next use of the profile asks for a code.');
  if (r.replacedInIam && r.replaces !== key.AccessKeyId) {
    await deleteAccessKey(k.aws, r.replaces, user);
    k.out(`Deleted the old key ${r.replaces} in IAM.`);
  }
  await k.keychain.delete(pendingAccessKeyEntry(k.account, user));
  const keys = await keysAfterChange(k, user, r.arn, { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
  const others = (keys ?? []).filter((x) => x.id !== key.AccessKeyId);
  const mine = keys?.find((x) => x.id === key.AccessKeyId);
  if (mine?.status !== 'Active' || others.some((x) => x.id === r.replaces)) {
    throw new OperatorError(
      'aws',
      `Read back from IAM, "${user}" has ${keys?.map((x) => `${x.id} (${x.status})`).join(', ') || 'no keys'}: not the new key ${key.AccessKeyId} alone.`,
      again,
      ExitCode.StepFailed,
    );
  }
  const profiles = profilesReading(k.env, k.account, user);
  const profileNote = profiles.length
    ? ` Profile ${profiles.join(', ')} reads it with no change (its credential_process names the account and user, not the key).`
    : " No ~/.aws/config profile of aws-harden's reads it.";
  const otherNote = others.length ? ` Also in IAM, not aws-harden's: ${others.map((x) => x.id).join(', ')}.` : '';
  k.out(`Done: "${user}" has the access key ${key.AccessKeyId} (Active) and the keychain holds it; ${r.replaces} is gone.${profileNote}${otherNote}`);
}

export async function rotate(k: KeysContext, userOpt?: string): Promise<number> {
  const user = userOpt ?? (await defaultUser(k));
  const iamUser = await getUser(k.aws, user);
  if (!iamUser) throw unknownUser(k, user);
  const found = await resumeOrClean(k, user, iamUser.arn, await listAccessKeys(k.aws, user));
  let rotation = found.resume;
  if (!rotation) {
    const entry = accessKeyEntry(k.account, user);
    const current = parseAccessKey(await k.keychain.get(entry));
    if (!current) throw noKeyInKeychain(k, user, entry);
    const cur = found.keys.find((key) => key.id === current.AccessKeyId);
    if (cur?.status !== 'Active') {
      throw new OperatorError(
        'usage',
        `The keychain's key ${current.AccessKeyId} of "${user}" is ${cur ? 'Inactive' : 'no longer'} in IAM, so it cannot be proven replaced. Nothing was changed.`,
        cur ? 'Activate it in the IAM console and run again.' : 'Run the wizard again: its access-key step makes a new key and keeps it in the keychain.',
        ExitCode.Usage,
      );
    }
    for (const other of found.keys.filter((key) => key.id !== current.AccessKeyId)) await clearForeign(k, user, other, current.AccessKeyId);
    if (k.aws.dryRun) {
      k.out(`Dry run: nothing was changed. Rotating the access key ${current.AccessKeyId} of "${user}" would make these calls:`);
      for (const line of planLines(k, { user, arn: iamUser.arn, replaces: current.AccessKeyId, replacedInIam: true })) k.out(line);
      return ExitCode.Ok;
    }
    rotation = await begin(
      k,
      user,
      iamUser.arn,
      current,
      found.keys.filter((key) => key.id === current.AccessKeyId),
    );
  } else if (k.aws.dryRun) {
    k.out(`Dry run: nothing was changed. Finishing that rotation would make these calls:`);
    for (const line of planLines(k, { user, arn: iamUser.arn, replaces: rotation.replaces, key: rotation.key.AccessKeyId, replacedInIam: rotation.replacedInIam })) k.out(line);
    return ExitCode.Ok;
  }
  await finish(k, rotation);
  return ExitCode.Ok;
}
