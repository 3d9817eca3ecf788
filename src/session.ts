/**
 * The run's session: the sandbox (if asked), the AWS layer, who we are, how the run was started, and the
 * keychain — everything that must work before any screen. The cleanups it registers (sandbox, clients,
 * the sandbox's temp folder and keychain entries) run when the command ends.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliOptions } from './args.js';
import type { FaultOptions } from './sandbox/index.js';
import { Aws } from './aws/context.js';
import { credentialSource, type CredentialSource } from './aws/credential-source.js';
import { getCallerIdentity, type CallerIdentity } from './aws/sts.js';
import { assertSupportedPartition, unsupportedRegion } from './aws/partition.js';
import { accountsAfterRootKeys } from './engine/journal.js';
import { ExitCode, OperatorError, isOperatorError } from './errors.js';
import { defaultProfileName } from './steps/identity.js';
import type { Keychain } from './keychain/index.js';
import type { StepContext } from './steps/types.js';
import type { SandboxShape } from './sandbox/shapes.js';
import { writeQuietly } from './stop.js';

export interface Session {
  aws: Aws;
  identity: CallerIdentity;
  ctx: StepContext;
  env: NodeJS.ProcessEnv;
  /** A sandbox run, and its shape: what the exit message offers to start again. */
  sandbox: false | { shape?: SandboxShape };
  /** Where the region came from, for the first screen and line: "--region", "AWS_REGION", … */
  regionSource: string;
  /** How the run was started (console session, SSO, keys, …) and what that means, for the first screen and line. */
  credentials: CredentialSource;
}

/** How the first screen says where the region came from: never a silent default. */
function regionSourceOf(opts: CliOptions, aws: Aws): string {
  if (opts.region) return '--region';
  if (opts.sandbox) return `the sandbox's ${opts.sandboxShape ?? 'fresh'} account`;
  switch (aws.regionSource) {
    case 'option':
      return '--region';
    case 'AWS_REGION':
      return 'AWS_REGION';
    case 'AWS_DEFAULT_REGION':
      return 'AWS_DEFAULT_REGION';
    case 'profile':
      return `the profile${aws.profile ? ` "${aws.profile}"` : ''}`;
    case 'default':
      return 'default: no --region, AWS_REGION, AWS_DEFAULT_REGION or profile region';
    default: {
      const never: never = aws.regionSource;
      return String(never);
    }
  }
}

export type Cleanup = () => Promise<void> | void;

/**
 * AWS_HARDEN_SANDBOX_FAULTS (JSON FaultOptions) starts a `--sandbox` run with network faults on, to see
 * the wizard ride out throttling or lost answers (README "Lost answers and network faults").
 */
function sandboxFaults(env: NodeJS.ProcessEnv): { faults?: FaultOptions } {
  const text = env.AWS_HARDEN_SANDBOX_FAULTS;
  if (text === undefined || text === '') return {};
  try {
    const faults = JSON.parse(text) as unknown;
    if (typeof faults === 'object' && faults !== null && !Array.isArray(faults)) return { faults };
  } catch {
    // Refused below, with the variable named.
  }
  throw new OperatorError(
    'usage',
    `AWS_HARDEN_SANDBOX_FAULTS is not a JSON object: ${text}`,
    'Give it as JSON, e.g. AWS_HARDEN_SANDBOX_FAULTS=\'{"seed": 1, "throttle": 0.2}\', or unset it.',
    ExitCode.Usage,
  );
}

/**
 * Refused credentials, and an earlier run deleted (or was deleting) root access keys: these were most
 * likely those keys. Say which admin profile to use, from the journal (issue 9).
 */
function withAdminProfileHint(e: OperatorError, env: NodeJS.ProcessEnv): OperatorError {
  const profiles = accountsAfterRootKeys(env).map(({ account, answers }) => answers['access-key']?.profile ?? defaultProfileName(answers['admin-user']?.userName ?? 'admin', account));
  if (profiles.length === 0) return e;
  const use = profiles.map((p) => `aws-harden --profile ${p}`).join(', or ');
  return new OperatorError(
    'invalid-credentials',
    `${e.message} An earlier aws-harden run deleted the root user's access keys (or was deleting them when it stopped): these may be those keys.`,
    `Carry on with the admin user's profile, which aws-harden set up: ${use}`,
    ExitCode.Usage,
    { cause: e },
  );
}

/**
 * A profile of `aws login` whose session is over (its token expired and the SDK could not renew it, or
 * the cache is gone): "no credentials" would send the operator looking for keys, so it says to sign in again.
 */
function consoleSessionEnded(e: OperatorError, profile: string | undefined): OperatorError | undefined {
  if (e.code !== 'no-credentials' && e.code !== 'unknown-profile') return undefined;
  const source = credentialSource(process.env, profile, false);
  if (source.kind !== 'console-session') return undefined;
  const name = profile ?? process.env.AWS_PROFILE ?? 'default';
  // The SDK's own words when they say more than its generic "Could not load credentials from any providers".
  const said = e.cause instanceof Error ? (e.cause.message.split('\n')[0] ?? '').slice(0, 200) : '';
  const why = said && !/from any providers/i.test(said) ? ` (${said})` : '';
  return new OperatorError(
    'expired-credentials',
    `The console sign-in session of profile "${name}" has ended and could not be renewed${why}.`,
    `Sign in again with \`aws login --profile ${name}\`, then run aws-harden again. Nothing was changed.`,
    ExitCode.Usage,
    { cause: e },
  );
}

/** Sandbox (if asked), AWS layer, and who we are: everything that must work before any screen. */
export async function openSession(opts: CliOptions, cleanups: Cleanup[]): Promise<Session> {
  let env: NodeJS.ProcessEnv = process.env;
  let aws: Aws;
  let sandbox: StepContext['sandbox'];
  if (opts.sandbox) {
    const { startSandbox } = await import('./sandbox/index.js');
    let sb;
    const faults = sandboxFaults(process.env);
    try {
      // An account id of its own (not moto's 123456789012): the keychain keys entries by account, so a
      // sandbox run never overwrites, or removes on exit, what another run wrote for another account.
      sb = await startSandbox({ shape: opts.sandboxShape ?? 'fresh', accountId: sandboxAccountId(), ...faults });
    } catch (e) {
      const remedy = (e as { remedy?: string }).remedy ?? 'Run `bash scripts/setup.sh` to install the emulator.';
      throw new OperatorError('sandbox', `Could not start the sandbox account: ${(e as Error).message}`, remedy, ExitCode.Usage, { cause: e });
    }
    cleanups.push(async () => {
      if (opts.debug) writeQuietly(`aws-harden debug: ${receivedLine(sb.received())}\n`);
      await sb.stop();
    });
    sandbox = { enrollRootMfa: () => sb.markRootMfaEnrolled(), mfaCode: (serial) => sb.mfaCode(serial) };
    // A sandbox account is new every time: its journal lives in a temp dir that goes with it.
    const state = mkdtempSync(join(tmpdir(), 'aws-harden-sandbox-'));
    cleanups.push(() => rmSync(state, { recursive: true, force: true }));
    // Its ~/.aws/config profile too: a profile for a throwaway account must not land in the operator's.
    env = { ...process.env, XDG_STATE_HOME: state, AWS_CONFIG_FILE: join(state, 'aws-config') };
    // What the shape hands the operator: the root key, or (org-member) an OrganizationAccountAccessRole session.
    aws = new Aws({ dryRun: opts.dryRun, endpoint: sb.endpoint, region: opts.region ?? sb.region, credentials: sb.operatorCredentials, env, ...debugOf(opts) });
  } else {
    aws = new Aws({
      dryRun: opts.dryRun,
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.region ? { region: opts.region } : {}),
      ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
      ...debugOf(opts),
    });
  }
  cleanups.push(() => aws.destroy());
  await aws.init();
  // A region from the environment or a profile gets the same scrutiny as --region, before any call.
  const badRegion = unsupportedRegion(aws.region);
  if (badRegion) throw new OperatorError('usage', `Region: ${badRegion}`, 'Nothing was changed. Choose a supported region with --region (or AWS_REGION).', ExitCode.Usage);
  const identity = await getCallerIdentity(aws).catch((e: unknown) => {
    if (!isOperatorError(e) || sandbox) throw e;
    if (e.code === 'invalid-credentials') throw withAdminProfileHint(e, env);
    throw consoleSessionEnded(e, opts.profile) ?? e;
  });
  // An unsupported partition (aws-iso, aws-us-gov, …) is refused before anything changes.
  assertSupportedPartition(identity.arn, aws.region);
  // Before the first screen, so that the keychain file's passphrase (or the offer of that file where no
  // Secret Service answers) is asked on a terminal Ink does not own yet. The OS keychain's native
  // library is loaded on first use.
  const { chooseKeychain } = await import('./keychain/choose.js');
  const chosen = await chooseKeychain({ ...(opts.keychain ? { backend: opts.keychain } : {}), offer: opts.command === 'wizard' && !opts.yes && !opts.dryRun });
  const keychain = sandbox ? throwawayKeychain(chosen, cleanups) : chosen;
  const credentials = credentialSource(process.env, opts.profile, identity.isRoot, opts.sandbox ? (opts.sandboxShape ?? 'fresh') : undefined);
  return {
    aws,
    identity,
    env,
    sandbox: opts.sandbox ? { ...(opts.sandboxShape ? { shape: opts.sandboxShape } : {}) } : false,
    regionSource: regionSourceOf(opts, aws),
    credentials,
    ctx: { aws, identity, region: aws.region, keychain, env, ...(sandbox ? { sandbox } : {}) },
  };
}

/**
 * The real keychain, but every entry a sandbox run writes is removed when the sandbox goes: its keys
 * belong to an account that no longer exists, and must not linger in the operator's keychain.
 */
function throwawayKeychain(keychain: Keychain, cleanups: Cleanup[]): Keychain {
  // What each entry held before this run first wrote it: put back on exit, never deleted.
  const before = new Map<string, string | undefined>();
  cleanups.push(async () => {
    for (const [entry, secret] of before) {
      await (secret === undefined ? keychain.delete(entry) : keychain.set(entry, secret)).catch(() => false);
    }
  });
  return {
    ...(keychain.backend ? { backend: keychain.backend } : {}),
    get: (entry) => keychain.get(entry),
    delete: (entry) => keychain.delete(entry),
    probe: () => keychain.probe(),
    set: async (entry, secret) => {
      if (!before.has(entry)) before.set(entry, await keychain.get(entry));
      await keychain.set(entry, secret);
    },
  };
}

/** --debug: a line per AWS call attempt on stderr (the AWS layer never hands it a body). */
function debugOf(opts: CliOptions): { debug?: (line: string) => void } {
  return opts.debug ? { debug: (line) => writeQuietly(`aws-harden debug: ${line}\n`) } : {};
}

/**
 * --debug in a sandbox run: what the emulator received, counted at its door (every try of every call),
 * most frequent first — e.g. to see which reads a run repeats.
 */
function receivedLine(received: Record<string, number>): string {
  const entries = Object.entries(received).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const total = entries.reduce((n, [, k]) => n + k, 0);
  return `sandbox: the emulator received ${total} requests: ${entries.map(([name, k]) => `${name} ${k}×`).join(', ')}`;
}

/** A 12-digit account id for one sandbox run, never moto's default 123456789012. */
function sandboxAccountId(): string {
  return String(randomInt(200_000_000_000, 999_999_999_999));
}
