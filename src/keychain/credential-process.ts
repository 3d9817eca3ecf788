/**
 * `aws-harden credential-process --account ID --user NAME`: prints the admin user's access key from the
 * OS keychain in the AWS CLI / SDK `credential_process` format
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html), so the
 * secret is never written to ~/.aws. It is run by the CLI for every command that uses the profile, so it
 * loads neither Ink nor the AWS SDK. On failure: one line on stderr (never the secret), exit 1.
 *
 * With `mfa` (`--mfa-serial`): an MFA-guarded session instead of the key (mfa-session.ts); the SDK is
 * loaded only when a new session must be made.
 */
import { describeError } from '../errors.js';
import { accessKeyEntry, openKeychain, parseAccessKey, type Keychain } from './index.js';
import type { SessionRequest } from './mfa-session.js';

export interface CredentialProcessIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CredentialProcessIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

export async function credentialProcess(
  account: string,
  user: string,
  io: CredentialProcessIo = processIo,
  keychain: Keychain = openKeychain(),
  mfa?: Omit<SessionRequest, 'account' | 'user'>,
): Promise<number> {
  const entry = accessKeyEntry(account, user);
  try {
    if (mfa) {
      const { mfaSession } = await import('./mfa-session.js');
      const s = await mfaSession({ account, user, ...mfa }, { keychain });
      io.stdout(`${JSON.stringify({ Version: 1, AccessKeyId: s.AccessKeyId, SecretAccessKey: s.SecretAccessKey, SessionToken: s.SessionToken, Expiration: s.Expiration })}\n`);
      return 0;
    }
    const key = parseAccessKey(await keychain.get(entry));
    if (!key) {
      io.stderr(`aws-harden credential-process: no access key for user "${user}" of account ${account} in the OS keychain (entry "${entry}"). Run aws-harden again to create one.\n`);
      return 1;
    }
    io.stdout(`${JSON.stringify({ Version: 1, AccessKeyId: key.AccessKeyId, SecretAccessKey: key.SecretAccessKey })}\n`);
    return 0;
  } catch (e) {
    const { message, remedy } = describeError(e);
    io.stderr(`aws-harden credential-process: ${message}${remedy ? ` ${remedy}` : ''}`.replace(/\s*\n\s*/g, ' ') + '\n');
    return 1;
  }
}
