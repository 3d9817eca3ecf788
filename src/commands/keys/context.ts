/**
 * What the `keys` commands work with: the AWS layer, the account, the keychain, the environment (for
 * ~/.aws/config) and the operator's terminal, passed in so that tests drive them without a TTY.
 */
import type { Aws } from '../../aws/context.js';
import { ExitCode, OperatorError } from '../../errors.js';
import type { Keychain } from '../../keychain/index.js';

export interface KeysContext {
  aws: Aws;
  account: string;
  /** Who signs this run's calls: when it is the user whose key is deleted, read-backs sign with the new key. */
  callerArn: string;
  keychain: Keychain;
  /** AWS_CONFIG_FILE / HOME: where the profiles are. */
  env: NodeJS.ProcessEnv;
  /** --yes: never ask; a confirmation is taken as given (remove), a key aws-harden does not hold is never deleted (rotate). */
  yes: boolean;
  /** One line of output (stdout): never a secret. */
  out: (line: string) => void;
  /** Asks the operator one line on the terminal (never stdout); throws a not-a-tty OperatorError without one. */
  ask: (prompt: string, remedy: string) => Promise<string>;
  now?: () => Date;
}

/** IAM has no user of that name (exit 2, before anything changed). */
export function unknownUser(k: KeysContext, user: string): OperatorError {
  return new OperatorError('usage', `Account ${k.account} has no IAM user "${user}".`, 'See the users and their keys with: aws-harden keys list', ExitCode.Usage);
}

/** The keychain holds no access key for the user (exit 2, before anything changed). */
export function noKeyInKeychain(k: KeysContext, user: string, entry: string): OperatorError {
  return new OperatorError(
    'usage',
    `The keychain holds no access key of "${user}" (account ${k.account}, entry "${entry}"), so aws-harden has no key of this user to work on.`,
    "aws-harden rotates and removes only keys whose secret it holds. `aws-harden keys list` shows which ones; the wizard's access-key step makes one for the admin user.",
    ExitCode.Usage,
  );
}
