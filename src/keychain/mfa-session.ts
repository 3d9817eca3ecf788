/**
 * MFA-guarded admin sessions for `credential-process --mfa-serial`: temporary credentials from
 * `sts:GetSessionToken` with the admin's MFA device, so that `aws --profile …` works with a session that
 * carries MFA, not with the long-term key (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html).
 * The code is asked on the terminal (/dev/tty: the AWS CLI reads stdout), and the session is kept in the
 * keychain until five minutes before it expires, so the operator types a code once per session, not
 * per command. The session's secret is a secret like the key's: keychain only, never a file.
 */
import { ExitCode, OperatorError, isOperatorError } from '../errors.js';
import { accessKeyEntry, parseAccessKey, type Keychain } from './index.js';
import { askTerminal, tellTerminal } from './tty.js';

/** Keychain entry of a user's cached MFA session (JSON StoredSession). */
export function sessionEntry(accountId: string, userName: string): string {
  return `${accountId}/${userName}/mfa-session`;
}

export interface StoredSession {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO 8601, as credential_process prints it. */
  Expiration: string;
  /** The MFA device it was made with: a session of another device is not reused. */
  SerialNumber: string;
}

/** A cached session is used until this long before it expires (the AWS CLI refreshes 15 min early; we keep a margin). */
const REUSE_MARGIN_MS = 5 * 60_000;
const TRIES = 3;

export function parseSession(text: string | undefined): StoredSession | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<StoredSession>;
    if (v.AccessKeyId && v.SecretAccessKey && v.SessionToken && v.Expiration && v.SerialNumber && !Number.isNaN(Date.parse(v.Expiration))) return v as StoredSession;
  } catch {
    // not a session: asked for again
  }
  return undefined;
}

export interface SessionRequest {
  account: string;
  user: string;
  serial: string;
  durationSeconds: number;
  region?: string;
}

export interface SessionDeps {
  keychain: Keychain;
  /** Asks for a code; the terminal by default. */
  ask?: (prompt: string) => Promise<string>;
  /** Where a refused code is explained; the terminal by default (never stdout). */
  tell?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/** A session still good for a while from the keychain, or a new one made with a code from the operator. */
export async function mfaSession(req: SessionRequest, deps: SessionDeps): Promise<StoredSession> {
  const now = deps.now ?? Date.now;
  const cached = parseSession(await deps.keychain.get(sessionEntry(req.account, req.user)));
  if (cached && cached.SerialNumber === req.serial && Date.parse(cached.Expiration) - now() > REUSE_MARGIN_MS) return cached;

  const key = parseAccessKey(await deps.keychain.get(accessKeyEntry(req.account, req.user)));
  if (!key) {
    throw new OperatorError(
      'usage',
      `No access key for user "${req.user}" of account ${req.account} in the keychain, so no MFA session can be made.`,
      'Run aws-harden again to create one.',
      ExitCode.Usage,
    );
  }
  const ask =
    deps.ask ??
    ((prompt: string) =>
      askTerminal(prompt, {
        what: 'an MFA code',
        remedy:
          'The profile asks for an MFA code on the terminal once per session: run `aws sts get-caller-identity --profile <this profile>` in a terminal first (the session is then reused until it expires), or use the profile from a terminal.',
        echo: true,
      }));
  const tell = deps.tell ?? tellTerminal;
  const env = deps.env ?? process.env;
  for (let attempt = 1; ; attempt++) {
    const code = (await ask(`MFA code for ${req.user} (${req.serial}): `)).trim();
    if (!/^\d{6}$/.test(code)) {
      if (attempt >= TRIES)
        throw new OperatorError('usage', `No valid MFA code after ${TRIES} tries: a code is 6 digits.`, 'Run the command again and type the 6 digits your MFA app shows.', ExitCode.Usage);
      tell('A code is the 6 digits your MFA app shows now; try again.');
      continue;
    }
    try {
      const session = await getSessionToken(req, key, code, env);
      await deps.keychain.set(sessionEntry(req.account, req.user), JSON.stringify(session));
      return session;
    } catch (e) {
      // AWS's words: "MultiFactorAuthentication failed with invalid MFA one time pass code." (AccessDenied).
      const aws = isOperatorError(e) && e.cause instanceof Error ? e.cause.message : '';
      const refused = isOperatorError(e) && e.code === 'access-denied' && /MultiFactorAuthentication|one time pass code/i.test(aws);
      if (!refused) throw e;
      if (attempt >= TRIES) {
        throw new OperatorError(
          'usage',
          `AWS refused the MFA code ${TRIES} times (${aws}).`,
          "Check that the app shows the code of this device, that this computer's clock is right (timedatectl), and run the command again with a fresh code.",
          ExitCode.Usage,
          { cause: e },
        );
      }
      tell('AWS did not accept that code (it may have just changed); type the current one.');
    }
  }
}

/** sts:GetSessionToken signed with the long-term key, through the same AWS layer as the wizard (retries, proxy, CA). */
async function getSessionToken(req: SessionRequest, key: { AccessKeyId: string; SecretAccessKey: string }, code: string, env: NodeJS.ProcessEnv): Promise<StoredSession> {
  const [{ Aws }, { GetSessionTokenCommand }] = await Promise.all([import('../aws/context.js'), import('@aws-sdk/client-sts')]);
  const region = req.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  // AWS_ENDPOINT_URL as the AWS CLI that runs this process has it (the wizard's sandbox, a VPC endpoint).
  const endpoint = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
  const aws = new Aws({ dryRun: false, region, ...(endpoint ? { endpoint } : {}), credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, env });
  try {
    await aws.init();
    const out = await (await aws.client('sts')).send(new GetSessionTokenCommand({ SerialNumber: req.serial, TokenCode: code, DurationSeconds: req.durationSeconds }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw new OperatorError('aws', 'AWS answered GetSessionToken without credentials.', 'Run the command again.', ExitCode.StepFailed);
    return { AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: new Date(c.Expiration).toISOString(), SerialNumber: req.serial };
  } finally {
    aws.destroy();
  }
}
