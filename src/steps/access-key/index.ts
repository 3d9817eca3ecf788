/**
 * access-key: one access key for the admin user, for the CLI and SDKs. The secret goes from
 * CreateAccessKey straight into the OS keychain and nowhere else; an `~/.aws/config` profile reads it
 * back through `aws-harden credential-process`. Done means: the key is active in IAM, the keychain holds
 * its secret, the profile points at it, and STS signed with that very key answers with the admin's ARN.
 *
 * For a user aws-harden created, a key whose secret never reached the keychain (an interrupted run) is
 * useless to anyone: it is deleted and replaced, which also keeps the user within IAM's limit of two
 * keys. An adopted (or otherwise not aws-harden's) user's other keys were made outside aws-harden and
 * may be in use: they are named (id, created, last used) and deleted only when the operator types
 * their ids; the default, and so every `--yes` run, leaves them (the answer is not a --config field).
 */
import { assertConfigWritable, validateProfileName, writeProfile } from '../../aws/config-file.js';
import { plannedCall, plannedCalls, runAction, type IamAction, type PlannedCall, type StsAction } from '../../aws/actions/index.js';
import { ExitCode, OperatorError, describeError } from '../../errors.js';
import { accessKeyEntry } from '../../keychain/index.js';
import { NO_KEYCHAIN_SUMMARY, adminProfileName, adminUserName, keychainOf, probeKeychain } from '../identity.js';
import { defineStep, type Answers, type Question, type StepContext } from '../types.js';
import { inspect, type Data } from './inspect.js';
import { describeForeignKey, namedIds, refuseFull } from './keys.js';
import { configPathOf, credentialProcessCommand, profileOf, refuseForeignProfile } from './profile.js';

export { credentialProcessCommand, cliEntry, isOurProcess } from './profile.js';
export { describeForeignKey } from './keys.js';
export { defaultProfileName } from '../identity.js';

/** Signed with the new key by verify: STS answering as the admin proves the key works. */
const PROOF: StsAction = { service: 'sts', op: 'GetCallerIdentity', input: {}, note: 'signed with the new key: proves it works' };

/**
 * The AWS calls, in the order apply makes them: keys whose secret nobody holds go (when a new one
 * replaces them), foreign keys go only when the operator named them, then the new key.
 */
function actionsFor(userName: string, d: Data | undefined, answers: Answers): IamAction[] {
  const actions: IamAction[] = [];
  if (!d?.keyId) {
    for (const id of d?.orphans ?? []) actions.push({ service: 'iam', op: 'DeleteAccessKey', input: { UserName: userName, AccessKeyId: id }, note: 'its secret is not in the OS keychain' });
  }
  const named = namedIds(answers);
  for (const k of d?.foreign ?? []) {
    if (named.includes(k.id))
      actions.push({ service: 'iam', op: 'DeleteAccessKey', input: { UserName: userName, AccessKeyId: k.id }, note: `made outside aws-harden; you named it: ${describeForeignKey(k)}` });
  }
  if (!d?.keyId) {
    refuseFull(
      userName,
      (d?.foreign ?? []).filter((k) => !named.includes(k.id)),
    );
    actions.push({ service: 'iam', op: 'CreateAccessKey', input: { UserName: userName } });
  }
  return actions;
}

function processLine(ctx: StepContext, userName: string, mfaSerial: string | undefined): string {
  return credentialProcessCommand(ctx.identity.account, userName, ctx.keychain?.backend, mfaSerial ? { serial: mfaSerial, region: ctx.region } : undefined);
}

/** The keychain write that follows CreateAccessKey: local, not an AWS action (apply makes it in createKeyIntoKeychain). */
function keychainCall(ctx: StepContext, userName: string): PlannedCall {
  return {
    service: 'keychain',
    operation: 'SetPassword',
    params: { service: 'aws-harden', account: accessKeyEntry(ctx.identity.account, userName), SecretAccessKey: '‹redacted›' },
    note: 'if this fails, the new key is deleted again',
  };
}

/** The profile write: local, not an AWS action. */
function profileCall(ctx: StepContext, file: string, profile: string, userName: string, mfaSerial: string | undefined): PlannedCall {
  return {
    service: 'file',
    operation: 'WriteProfile',
    params: { file, profile, credential_process: processLine(ctx, userName, mfaSerial), region: ctx.region },
    note: 'atomic; the rest of the file is kept',
  };
}

/**
 * CreateAccessKey, its secret straight into the keychain. Not a plain AWS action: if the keychain
 * refuses the secret, the new key is deleted again before the error is shown (no stranded secret).
 */
async function createKeyIntoKeychain(ctx: StepContext, a: Extract<IamAction, { op: 'CreateAccessKey' }>): Promise<void> {
  const userName = a.input.UserName;
  const key = await runAction(ctx.aws, a);
  try {
    await keychainOf(ctx).set(accessKeyEntry(ctx.identity.account, userName), JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }));
  } catch (e) {
    let cleanup = `The new access key ${key.accessKeyId} was deleted again; nothing was lost.`;
    try {
      await runAction(ctx.aws, { service: 'iam', op: 'DeleteAccessKey', input: { UserName: userName, AccessKeyId: key.accessKeyId } });
    } catch (inner) {
      cleanup = `Deleting the new access key ${key.accessKeyId} also failed (${describeError(inner).message}): delete it in the IAM console.`;
    }
    const { message, remedy } = describeError(e);
    throw new OperatorError('usage', `${message} ${cleanup}`, remedy, ExitCode.StepFailed, { cause: e });
  }
}

export const accessKeyStep = defineStep<Data>({
  id: 'access-key',
  // The key is the admin-user step's user's.
  dependsOn: ['admin-user'],
  title: 'Admin access key',
  why: 'CLI access as the admin user, with the secret only in the OS keychain, never in a file.',

  configKeys: {
    profile: validateProfileName,
    existingProfile: (v) => (v === 'replace' || v === 'no' ? undefined : 'must be "replace" or "no"'),
  },

  async check(ctx) {
    if (!ctx.keychain) return { status: 'blocked', summary: NO_KEYCHAIN_SUMMARY };
    return inspect(ctx, adminProfileName(ctx));
  },

  questions(_ctx, finding): Question[] {
    const d = finding.data;
    const questions: Question[] = [
      {
        kind: 'text',
        id: 'profile',
        prompt: `Name of the AWS CLI profile for "${d?.userName ?? 'admin'}"`,
        default: d?.profile ?? 'admin',
        help: `Added to ${d?.configPath ?? '~/.aws/config'}; it reads the key from the OS keychain (credential_process). Use: aws --profile NAME …`,
        validate: validateProfileName,
      },
    ];
    if (d?.foreign.length) {
      const ids = d.foreign.map((k) => k.id);
      questions.push({
        kind: 'text',
        id: 'deleteKeys',
        prompt: `Access keys of "${d.userName}" made outside aws-harden: ${d.foreign.map(describeForeignKey).join('; ')}. Type the id of each one to DELETE (space-separated), or leave empty to keep them all`,
        default: '',
        help: 'Someone may still use these keys: deleting one breaks whatever signs with it. Kept keys stay as they are; --yes never deletes them.',
        validate: (v) => {
          const unknown = namedIds({ deleteKeys: v }).find((id) => !ids.includes(id));
          return unknown === undefined ? undefined : `"${unknown}" is not one of the keys listed (${ids.join(', ')}).`;
        },
        destructive: true,
      });
    }
    if (d?.profileForeign) {
      questions.push({
        kind: 'choice',
        id: 'existingProfile',
        prompt: `If the name is "${d.profile}", which already exists in ${d.configPath}:`,
        default: 'no',
        options: [
          { value: 'no', label: `Leave "${d.profile}" alone (I typed another name above)` },
          { value: 'replace', label: `Replace the "${d.profile}" profile (the rest of the file is kept)` },
        ],
      });
    }
    return questions;
  },

  /** Another profile name than the one checked: read that profile, so the screen and the calls are about it. */
  async recheck(ctx, finding, answers) {
    const profile = profileOf(ctx, answers, finding.data?.userName ?? adminUserName(ctx));
    return finding.data === undefined || finding.data.profile === profile ? finding : inspect(ctx, profile);
  },

  plan(ctx, finding, answers) {
    const d = finding.data;
    const profile = answers.profile ?? d?.profile ?? '';
    const userName = d?.userName ?? adminUserName(ctx);
    const configPath = d?.configPath ?? configPathOf(ctx);
    if (d?.profileForeign && d.profile === profile) refuseForeignProfile(profile, configPath, answers);
    const calls = plannedCalls(actionsFor(userName, d, answers));
    if (!d?.keyId) calls.push(keychainCall(ctx, userName));
    if (!(d?.profileCurrent && d.profile === profile)) calls.push(profileCall(ctx, configPath, profile, userName, d?.mfaSerial));
    calls.push(plannedCall(PROOF));
    return calls;
  },

  async apply(ctx, _finding, answers) {
    keychainOf(ctx);
    const profile = profileOf(ctx, answers, adminUserName(ctx));
    // Read again: the plan may be minutes old.
    const now = (await inspect(ctx, profile)).data;
    if (!now) return;
    if (!now.userExists) {
      throw new OperatorError(
        'usage',
        `The admin user "${now.userName}" does not exist, so it cannot get an access key.`,
        'Let the admin-user step create it (run again without skipping it).',
        ExitCode.StepFailed,
      );
    }
    if (now.profileForeign) refuseForeignProfile(profile, now.configPath, answers);
    // Before a key exists: a config file we cannot write, or a keychain that cannot take the secret,
    // must not leave a key behind.
    try {
      if (!now.profileCurrent) assertConfigWritable(now.configPath);
    } catch (e) {
      if (!(e instanceof OperatorError)) throw e;
      throw new OperatorError(e.code, `${e.message} No access key was made.`, e.remedy, e.exitCode, { cause: e.cause });
    }
    if (!now.keyId) await probeKeychain(ctx, 'No access key was made.');
    for (const a of actionsFor(now.userName, now, answers)) {
      if (a.op === 'CreateAccessKey') await createKeyIntoKeychain(ctx, a);
      else await runAction(ctx.aws, a);
    }
    // Local, not an AWS action: the profile in the AWS config file (the plan's file:WriteProfile).
    if (!now.profileCurrent) {
      writeProfile(now.configPath, profile, {
        credential_process: processLine(ctx, now.userName, now.mfaSerial),
        region: ctx.region,
        ...(ctx.aws.endpoint ? { endpoint_url: ctx.aws.endpoint } : {}),
      });
    }
    // The plan's sts:GetCallerIdentity with the new key is verify's: it reads the key back through STS.
  },

  async verify(ctx, answers) {
    return inspect(ctx, profileOf(ctx, answers, adminUserName(ctx)));
  },
});
