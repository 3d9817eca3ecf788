/**
 * `aws-harden credential-process --account ID --user NAME`: the fast path the AWS CLI runs for every
 * command of the profile (keychain/credential-process.ts). The keychain only: no SDK, no Ink.
 */
import type { CredentialProcessOptions } from '../args.js';

export async function credentialProcessCommand(opts: CredentialProcessOptions): Promise<number> {
  const { credentialProcess } = await import('../keychain/credential-process.js');
  const { openKeychain } = await import('../keychain/index.js');
  return credentialProcess(opts.account, opts.user, undefined, openKeychain(undefined, opts.keychain), opts.mfa);
}
