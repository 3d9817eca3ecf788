/**
 * What the access-key step reads: the admin user, its keys (whose secret the keychain holds, and
 * whose it does not), its MFA device, the profile in the AWS config file, and STS's word on the key.
 */
import { readProfile } from '../../aws/config-file.js';
import { getUser, identityOfKey, listAccessKeys } from '../../aws/iam-identity.js';
import { listUserMfaDevices } from '../../aws/iam-mfa.js';
import { accessKeyEntry, parseAccessKey } from '../../keychain/index.js';
import { CREATED_BY_TAG, adminUserName, keychainOf } from '../identity.js';
import type { Finding, StepContext } from '../types.js';
import { describeForeignKey, foreignKeys, type ForeignKey } from './keys.js';
import { configPathOf, credentialProcessCommand, isOurProcess, processArgs } from './profile.js';

export interface Data {
  userName: string;
  profile: string;
  configPath: string;
  userExists: boolean;
  /** The key whose secret the keychain holds, when it is also active in IAM. */
  keyId?: string;
  /** Keys of a user aws-harden created whose secret it does not hold (an interrupted run): deleted and replaced. */
  orphans: string[];
  /** Keys of a user aws-harden did not create (adopted), made outside aws-harden: kept unless named. */
  foreign: ForeignKey[];
  /** The profile exists and runs our credential_process for this user. */
  profileOurs: boolean;
  /** …and exactly as this run would write it (with --mfa-serial once the user has an MFA device). */
  profileCurrent: boolean;
  /** The user's MFA device: the profile then asks for a code and hands out MFA sessions. */
  mfaSerial?: string;
  /** A profile of that name exists and is something else. */
  profileForeign: boolean;
  proven: boolean;
}

export async function inspect(ctx: StepContext, profile: string): Promise<Finding<Data>> {
  const { aws } = ctx;
  const account = ctx.identity.account;
  const userName = adminUserName(ctx);
  const configPath = configPathOf(ctx);
  const settings = readProfile(configPath, profile);
  const profileOurs = isOurProcess(settings?.credential_process, account, userName);
  const base = { userName, profile, configPath, profileOurs, profileCurrent: false, profileForeign: settings !== undefined && !profileOurs };
  const user = await getUser(aws, userName);
  if (!user) {
    return {
      status: 'todo',
      summary: `No user "${userName}" yet (the admin-user step creates it); then it gets an access key.`,
      data: { ...base, userExists: false, orphans: [], foreign: [], proven: false },
    };
  }
  const mfaSerial = (await listUserMfaDevices(aws, userName))?.[0];
  const wanted = credentialProcessCommand(account, userName, ctx.keychain?.backend, mfaSerial ? { serial: mfaSerial, region: ctx.region } : undefined);
  const profileCurrent = profileOurs && processArgs(settings?.credential_process ?? '') === processArgs(wanted);
  const keys = await listAccessKeys(aws, userName);
  const stored = keys.length > 0 ? parseAccessKey(await keychainOf(ctx).get(accessKeyEntry(account, userName))) : undefined;
  const held = stored && keys.find((k) => k.id === stored.AccessKeyId && k.status === 'Active') ? stored : undefined;
  const others = keys.filter((k) => k.id !== held?.AccessKeyId);
  // Only a user aws-harden created has no keys but aws-harden's; an adopted user's others are someone's.
  const ownUser = user.tags[CREATED_BY_TAG.key] === CREATED_BY_TAG.value;
  const orphans = ownUser ? others.map((k) => k.id) : [];
  const foreign = ownUser ? [] : await foreignKeys(ctx, others);
  let proven = false;
  if (held) {
    const who = await identityOfKey(aws, { accessKeyId: held.AccessKeyId, secretAccessKey: held.SecretAccessKey });
    proven = who?.arn === user.arn;
  }
  const data: Data = { ...base, profileCurrent, ...(mfaSerial ? { mfaSerial } : {}), userExists: true, ...(held ? { keyId: held.AccessKeyId } : {}), orphans, foreign, proven };
  const session = mfaSerial ? ` (it asks for an MFA code of ${mfaSerial} once per session)` : '';
  const foreignNote = foreign.length
    ? ` ${foreign.length} other key(s) of "${userName}" were made outside aws-harden and are left unless you name them: ${foreign.map(describeForeignKey).join('; ')}.`
    : '';
  if (held && proven && profileCurrent) {
    const extra = orphans.length ? ` (${orphans.length} other key(s) of this user are not aws-harden's: ${orphans.join(', ')})` : '';
    return {
      status: 'done',
      summary: `Access key ${held.AccessKeyId} of "${userName}" is in the OS keychain and works; profile "${profile}" uses it${session}: aws --profile ${profile} sts get-caller-identity${extra}${foreignNote}`,
      data,
    };
  }
  const missing = [
    !held && keys.length === 0 && 'no access key',
    !held && orphans.length > 0 && `${orphans.length} key(s) in IAM whose secret is not in the OS keychain (an interrupted run?): delete and replace`,
    !held && foreign.length > 0 && 'none whose secret aws-harden holds',
    held && !proven && `STS does not accept key ${held.AccessKeyId} yet`,
    !profileOurs && (settings ? `profile "${profile}" in ${configPath} is something else` : `no profile "${profile}" in ${configPath}`),
    profileOurs &&
      !profileCurrent &&
      (mfaSerial
        ? `profile "${profile}" hands out the long-term key: it will ask for an MFA code of ${mfaSerial} once per session instead`
        : `profile "${profile}" is written for another setup: it will be written again`),
  ].filter((m): m is string => typeof m === 'string');
  return { status: 'todo', summary: `Access key for "${userName}": ${missing.join('; ')}.${foreignNote}`, data };
}
