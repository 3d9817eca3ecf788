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
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFilePath, assertConfigWritable, readProfile, shellQuote, validateProfileName, writeProfile } from '../aws/config-file.js';
import { accessKeyLastUsed } from '../aws/iam.js';
import { createAccessKey, deleteAccessKey, getUser, identityOfKey, listAccessKeys, type AccessKeyInfo } from '../aws/iam-identity.js';
import { listUserMfaDevices } from '../aws/iam-mfa.js';
import { configHint } from '../config.js';
import { ExitCode, OperatorError, describeError } from '../errors.js';
import { accessKeyEntry, parseAccessKey, type Keychain } from '../keychain/index.js';
import { CREATED_BY_TAG, NO_KEYCHAIN_SUMMARY, adminUserName, keychainOf, probeKeychain } from './identity.js';
import { defineStep, type Answers, type Finding, type PlannedCall, type Question, type StepContext } from './types.js';

interface Data {
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

/** IAM allows two access keys per user. */
const KEYS_PER_USER = 2;

interface ForeignKey {
  id: string;
  /** ISO dates, or undefined when AWS does not say (never used). */
  created?: string;
  lastUsed?: string;
}

function day(d: Date | undefined): string | undefined {
  return d ? d.toISOString().slice(0, 10) : undefined;
}

/** "AKIA… (created 2026-01-02, last used 2026-03-04)". */
export function describeForeignKey(k: ForeignKey): string {
  return `${k.id} (created ${k.created ?? 'on an unknown date'}, ${k.lastUsed ? `last used ${k.lastUsed}` : 'never used'})`;
}

async function foreignKeys(ctx: StepContext, keys: AccessKeyInfo[]): Promise<ForeignKey[]> {
  const out: ForeignKey[] = [];
  for (const k of keys) {
    const created = day(k.created);
    const lastUsed = day(await accessKeyLastUsed(ctx.aws, k.id));
    out.push({ id: k.id, ...(created ? { created } : {}), ...(lastUsed ? { lastUsed } : {}) });
  }
  return out;
}

/** The foreign key ids the operator typed (space- or comma-separated). */
function namedIds(answers: Answers | undefined): string[] {
  return (answers?.deleteKeys ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/** Throws before any change when the user would keep two keys aws-harden cannot touch. */
function refuseFull(userName: string, kept: ForeignKey[]): void {
  if (kept.length < KEYS_PER_USER) return;
  throw new OperatorError('usage', `"${userName}" already has ${kept.length} access keys made outside aws-harden (IAM allows ${KEYS_PER_USER}): ${kept.map(describeForeignKey).join('; ')}. They are left as they are, so no key can be added.`,
    'Run again interactively and type the id of a key that is no longer needed, or delete one in the IAM console yourself. --yes never deletes them.', ExitCode.StepFailed);
}

/** The built CLI (dist/cli.js), also when this module runs from src/ under a test runner. */
export function cliEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const built = join(dirname(here), '..', 'cli.js');
  if (here.endsWith('.js') || existsSync(built)) return built;
  return join(dirname(here), '..', '..', 'dist', 'cli.js');
}

/**
 * The `credential_process` line: absolute node and CLI paths, so it works from any shell and PATH. With
 * the user's MFA device, every use of the profile gets an MFA session (sts:GetSessionToken; the code is
 * asked once per session), not the long-term key.
 */
export function credentialProcessCommand(account: string, user: string, backend?: Keychain['backend'], mfa?: { serial: string; region: string }): string {
  const keychain = backend === 'file' ? ['--keychain', 'file'] : [];
  const session = mfa ? ['--mfa-serial', mfa.serial, '--region', mfa.region] : [];
  return [process.execPath, cliEntry(), 'credential-process', '--account', account, '--user', user, ...keychain, ...session].map(shellQuote).join(' ');
}

/** The arguments of a credential_process line (the node and CLI paths differ between installs). */
function processArgs(line: string): string {
  const at = line.indexOf('credential-process');
  return at < 0 ? line : line.slice(at).trim();
}

/** True when a `credential_process` line runs our credential-process for exactly this account and user. */
export function isOurProcess(value: string | undefined, account: string, user: string): boolean {
  if (value === undefined) return false;
  // The user's word must end there: "--user admin" is not "--user admin-ops".
  const args = ` ${processArgs(value)} `;
  return args.includes(` credential-process --account ${account} --user ${shellQuote(user)} `);
}

export function defaultProfileName(user: string, account: string): string {
  return `${user}-${account}`.slice(0, 64);
}

/** The profile the access-key step writes (its answer, or the default): what to use once root keys are gone. */
export function profileOf(ctx: StepContext, answers: Answers | undefined, user: string): string {
  return answers?.profile ?? defaultProfileName(user, ctx.identity.account);
}

function configPathOf(ctx: StepContext): string {
  return configFilePath(ctx.env ?? process.env);
}

async function inspect(ctx: StepContext, profile: string): Promise<Finding<Data>> {
  const { aws } = ctx;
  const account = ctx.identity.account;
  const userName = adminUserName(ctx);
  const configPath = configPathOf(ctx);
  const settings = readProfile(configPath, profile);
  const profileOurs = isOurProcess(settings?.credential_process, account, userName);
  const base = { userName, profile, configPath, profileOurs, profileCurrent: false, profileForeign: settings !== undefined && !profileOurs };
  const user = await getUser(aws, userName);
  if (!user) {
    return { status: 'todo', summary: `No user "${userName}" yet (the admin-user step creates it); then it gets an access key.`, data: { ...base, userExists: false, orphans: [], foreign: [], proven: false } };
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
    return { status: 'done', summary: `Access key ${held.AccessKeyId} of "${userName}" is in the OS keychain and works; profile "${profile}" uses it${session}: aws --profile ${profile} sts get-caller-identity${extra}${foreignNote}`, data };
  }
  const missing = [
    !held && keys.length === 0 && 'no access key',
    !held && orphans.length > 0 && `${orphans.length} key(s) in IAM whose secret is not in the OS keychain (an interrupted run?): delete and replace`,
    !held && foreign.length > 0 && 'none whose secret aws-harden holds',
    held && !proven && `STS does not accept key ${held.AccessKeyId} yet`,
    !profileOurs && (settings ? `profile "${profile}" in ${configPath} is something else` : `no profile "${profile}" in ${configPath}`),
    profileOurs && !profileCurrent && (mfaSerial ? `profile "${profile}" hands out the long-term key: it will ask for an MFA code of ${mfaSerial} once per session instead` : `profile "${profile}" is written for another setup: it will be written again`),
  ].filter((m): m is string => typeof m === 'string');
  return { status: 'todo', summary: `Access key for "${userName}": ${missing.join('; ')}.${foreignNote}`, data };
}

function refuseForeignProfile(profile: string, configPath: string, answers: Answers): void {
  if (answers.existingProfile === 'replace') return;
  throw new OperatorError('usage', `The profile "${profile}" already exists in ${configPath} and is not aws-harden's; it is left as it is.`,
    `Run again and type another profile name, or answer "replace" to overwrite that profile (the rest of the file is kept). With --yes: ${configHint('access-key', { profile: 'another-name' }, { fields: { existingProfile: 'replace' }, does: 'overwrites it' })}.`, ExitCode.StepFailed);
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
    return inspect(ctx, profileOf(ctx, ctx.answersOf?.('access-key'), adminUserName(ctx)));
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
    const calls: PlannedCall[] = [];
    for (const id of d?.orphans ?? []) calls.push({ service: 'iam', operation: 'DeleteAccessKey', params: { UserName: userName, AccessKeyId: id }, note: 'its secret is not in the OS keychain' });
    const named = namedIds(answers);
    for (const k of d?.foreign ?? []) {
      if (named.includes(k.id)) calls.push({ service: 'iam', operation: 'DeleteAccessKey', params: { UserName: userName, AccessKeyId: k.id }, note: `made outside aws-harden; you named it: ${describeForeignKey(k)}` });
    }
    if (!d?.keyId) refuseFull(userName, (d?.foreign ?? []).filter((k) => !named.includes(k.id)));
    if (!d?.keyId) {
      calls.push({ service: 'iam', operation: 'CreateAccessKey', params: { UserName: userName } });
      calls.push({ service: 'keychain', operation: 'SetPassword', params: { service: 'aws-harden', account: accessKeyEntry(ctx.identity.account, userName), SecretAccessKey: '‹redacted›' }, note: 'if this fails, the new key is deleted again' });
    }
    if (!(d?.profileCurrent && d.profile === profile)) {
      calls.push({
        service: 'file',
        operation: 'WriteProfile',
        params: { file: configPath, profile, credential_process: credentialProcessCommand(ctx.identity.account, userName, ctx.keychain?.backend, d?.mfaSerial ? { serial: d.mfaSerial, region: ctx.region } : undefined), region: ctx.region },
        note: 'atomic; the rest of the file is kept',
      });
    }
    calls.push({ service: 'sts', operation: 'GetCallerIdentity', params: {}, note: 'signed with the new key: proves it works' });
    return calls;
  },

  async apply(ctx, _finding, answers) {
    const keychain = keychainOf(ctx);
    const account = ctx.identity.account;
    const profile = profileOf(ctx, answers, adminUserName(ctx));
    const now = (await inspect(ctx, profile)).data;
    if (!now) return;
    if (!now.userExists) {
      throw new OperatorError('usage', `The admin user "${now.userName}" does not exist, so it cannot get an access key.`,
        'Let the admin-user step create it (run again without skipping it).', ExitCode.StepFailed);
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
    const named = namedIds(answers);
    const kept = now.foreign.filter((k) => !named.includes(k.id));
    if (!now.keyId) refuseFull(now.userName, kept);
    for (const k of now.foreign) if (named.includes(k.id)) await deleteAccessKey(ctx.aws, k.id, now.userName);
    if (!now.keyId) {
      for (const id of now.orphans) await deleteAccessKey(ctx.aws, id, now.userName);
      const key = await createAccessKey(ctx.aws, now.userName);
      try {
        await keychain.set(accessKeyEntry(account, now.userName), JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }));
      } catch (e) {
        // No stranded secret: a key nobody holds is deleted again before the error is shown.
        let cleanup = `The new access key ${key.accessKeyId} was deleted again; nothing was lost.`;
        try {
          await deleteAccessKey(ctx.aws, key.accessKeyId, now.userName);
        } catch (inner) {
          cleanup = `Deleting the new access key ${key.accessKeyId} also failed (${describeError(inner).message}): delete it in the IAM console.`;
        }
        const { message, remedy } = describeError(e);
        throw new OperatorError('usage', `${message} ${cleanup}`, remedy, ExitCode.StepFailed, { cause: e });
      }
    }
    if (!now.profileCurrent) {
      writeProfile(now.configPath, profile, {
        credential_process: credentialProcessCommand(account, now.userName, ctx.keychain?.backend, now.mfaSerial ? { serial: now.mfaSerial, region: ctx.region } : undefined),
        region: ctx.region,
        ...(ctx.aws.endpoint ? { endpoint_url: ctx.aws.endpoint } : {}),
      });
    }
  },

  async verify(ctx, answers) {
    return inspect(ctx, profileOf(ctx, answers, adminUserName(ctx)));
  },
});
