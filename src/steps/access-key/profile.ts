/**
 * The admin's AWS CLI profile: a `credential_process` line that runs aws-harden to read the key from
 * the OS keychain (and, once the admin has an MFA device, to hand out MFA sessions instead).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFilePath, shellQuote } from '../../aws/config-file.js';
import { configHint } from '../../config.js';
import { ExitCode, OperatorError } from '../../errors.js';
import type { Keychain } from '../../keychain/index.js';
import { defaultProfileName } from '../identity.js';
import type { Answers, StepContext } from '../types.js';

/** The built CLI (dist/cli.js), also when this module runs from src/ under a test runner. */
export function cliEntry(): string {
  const here = fileURLToPath(import.meta.url);
  // dist/steps/access-key/profile.js → dist/cli.js; src/steps/access-key/profile.ts → dist/cli.js.
  const built = join(dirname(here), '..', '..', 'cli.js');
  if (here.endsWith('.js') || existsSync(built)) return built;
  return join(dirname(here), '..', '..', '..', 'dist', 'cli.js');
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
export function processArgs(line: string): string {
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

/** The profile this step's answers name (else the default for `user`). */
export function profileOf(ctx: StepContext, answers: Answers | undefined, user: string): string {
  return answers?.profile ?? defaultProfileName(user, ctx.identity.account);
}

export function configPathOf(ctx: StepContext): string {
  return configFilePath(ctx.env ?? process.env);
}

export function refuseForeignProfile(profile: string, configPath: string, answers: Answers): void {
  if (answers.existingProfile === 'replace') return;
  throw new OperatorError(
    'usage',
    `The profile "${profile}" already exists in ${configPath} and is not aws-harden's; it is left as it is.`,
    `Run again and type another profile name, or answer "replace" to overwrite that profile (the rest of the file is kept). With --yes: ${configHint('access-key', { profile: 'another-name' }, { fields: { existingProfile: 'replace' }, does: 'overwrites it' })}.`,
    ExitCode.StepFailed,
  );
}
