/**
 * `aws-harden keys remove --user NAME`: the key aws-harden holds for NAME goes everywhere at once: in
 * IAM (after the operator types its id; --yes does not ask), its keychain entries (access key, MFA
 * session) and the ~/.aws/config profiles aws-harden wrote for it (only those whose credential_process
 * runs our credential-process for that account and user). IAM first and the keychain's access-key
 * entry last, so a re-run after an interruption still finds the key, sees it gone in IAM and finishes.
 */
import { configFilePath, removeProfile } from '../../aws/config-file.js';
import { deleteAccessKey, getUser, listAccessKeys } from '../../aws/iam-identity.js';
import { ExitCode, OperatorError } from '../../errors.js';
import { accessKeyEntry, parseAccessKey, pendingAccessKeyEntry } from '../../keychain/index.js';
import { sessionEntry } from '../../keychain/mfa-session.js';
import { noKeyInKeychain, unknownUser, type KeysContext } from './context.js';
import { parsePending } from './pending.js';
import { profilesReading } from './profiles.js';
import { keysAfterChange } from './read-back.js';

async function confirm(k: KeysContext, user: string, keyId: string): Promise<void> {
  if (k.yes) return;
  const typed = (
    await k.ask(
      `This deletes the access key ${keyId} of "${user}" in IAM (whatever signs with it stops working) and removes it from this computer.\nType the key id to confirm, or press Enter to stop: `,
      'Run it in a terminal to type the key id, or add --yes to remove without being asked.',
    )
  ).trim();
  if (typed !== keyId) {
    throw new OperatorError(
      'usage',
      `Not removed: ${typed === '' ? 'you stopped' : `you typed "${typed}", not ${keyId}`}. Nothing was changed.`,
      `Run again and type ${keyId} to confirm.`,
      ExitCode.Usage,
    );
  }
}

export async function remove(k: KeysContext, user: string): Promise<number> {
  const iamUser = await getUser(k.aws, user);
  if (!iamUser) throw unknownUser(k, user);
  const entry = accessKeyEntry(k.account, user);
  const stored = parseAccessKey(await k.keychain.get(entry));
  if (!stored) throw noKeyInKeychain(k, user, entry);
  const pending = parsePending(await k.keychain.get(pendingAccessKeyEntry(k.account, user)));
  if (pending) {
    throw new OperatorError(
      'usage',
      `A rotation of "${user}"'s key was interrupted${pending.phase === 'created' ? ` (its new key ${pending.AccessKeyId} is in the keychain)` : ''}. Nothing was changed.`,
      `Finish it first with: aws-harden keys rotate --user ${user} — then remove the key it leaves.`,
      ExitCode.Usage,
    );
  }
  const keys = await listAccessKeys(k.aws, user);
  const inIam = keys.some((key) => key.id === stored.AccessKeyId);
  const configPath = configFilePath(k.env);
  const profiles = profilesReading(k.env, k.account, user);
  const session = sessionEntry(k.account, user);
  if (k.aws.dryRun) {
    k.out(`Dry run: nothing was changed. Removing the access key ${stored.AccessKeyId} of "${user}" would:`);
    if (inIam) k.out(`  iam:DeleteAccessKey UserName=${user} AccessKeyId=${stored.AccessKeyId}`);
    else k.out(`  (no IAM call: IAM no longer has ${stored.AccessKeyId})`);
    k.out(`  keychain:DeletePassword ${entry}`);
    k.out(`  keychain:DeletePassword ${session} (if there is one)`);
    for (const p of profiles) k.out(`  file:RemoveProfile ${p} from ${configPath}`);
    return ExitCode.Ok;
  }
  await confirm(k, user, stored.AccessKeyId);
  if (inIam) {
    await deleteAccessKey(k.aws, stored.AccessKeyId, user);
    k.out(`Deleted the access key ${stored.AccessKeyId} of "${user}" in IAM.`);
  } else {
    k.out(`IAM no longer has the access key ${stored.AccessKeyId} of "${user}": nothing to delete there.`);
  }
  for (const p of profiles) if (removeProfile(configPath, p)) k.out(`Removed the profile "${p}" from ${configPath}.`);
  if (profiles.length === 0) k.out(`No profile in ${configPath} reads it through aws-harden.`);
  if (await k.keychain.delete(session)) k.out(`Removed the keychain entry "${session}" (its cached MFA session).`);
  // Last: while this entry is there, a re-run after an interruption finds the key and finishes.
  await k.keychain.delete(entry);
  k.out(`Removed the keychain entry "${entry}".`);
  const after = await keysAfterChange(k, user, iamUser.arn);
  if (after?.some((key) => key.id === stored.AccessKeyId)) {
    throw new OperatorError(
      'aws',
      `Read back from IAM, the access key ${stored.AccessKeyId} of "${user}" is still there.`,
      `Run \`aws-harden keys remove --user ${user}\` again.`,
      ExitCode.StepFailed,
    );
  }
  const left = (after ?? []).map((key) => `${key.id} (${key.status})`);
  k.out(
    after === undefined
      ? `Done. (Not read back from IAM: this run signed with the key it deleted.)`
      : `Done: IAM no longer has ${stored.AccessKeyId}.${left.length ? ` "${user}" still has ${left.join(', ')}, which aws-harden does not hold.` : ` "${user}" has no access keys now.`}`,
  );
  return ExitCode.Ok;
}
