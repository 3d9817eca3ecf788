/**
 * Which keychain a run uses, settled before the first screen so that a question on the terminal (the
 * file's passphrase, or the offer below) never fights the wizard for it:
 * - `--keychain file`: the encrypted file, its passphrase asked (and checked) now;
 * - `--keychain os`: the OS keychain;
 * - neither: the OS keychain, except that an interactive run on a machine where no Secret Service
 *   answers is offered the encrypted file instead (servers, SSH sessions, containers).
 */
import { failureDetail, isUnavailable } from './errors.js';
import { fileKeychain } from './file.js';
import { KEYCHAIN_SERVICE, type Keychain, type KeychainBackend } from './index.js';
import { osKeychain, osKeychainFailure } from './os.js';
import { askTerminal } from './tty.js';

export interface KeychainChoice {
  /** `--keychain`, when given. */
  backend?: KeychainBackend;
  /** May the operator be asked (an interactive run that will store secrets)? */
  offer: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function chooseKeychain(choice: KeychainChoice): Promise<Keychain> {
  const env = choice.env ?? process.env;
  if (choice.backend === 'file') return unlocked(env);
  if (choice.backend === 'os' || !choice.offer) return osKeychain(KEYCHAIN_SERVICE);
  const failure = await osKeychainFailure(KEYCHAIN_SERVICE);
  if (failure === undefined || !isUnavailable(failure)) return osKeychain(KEYCHAIN_SERVICE);
  const file = fileKeychain(KEYCHAIN_SERVICE, { env });
  const detail = failureDetail(failure);
  const answer = await askTerminal(
    `No OS keychain (Secret Service) is reachable here (${detail}).\n` +
      `aws-harden can keep its secrets in a file encrypted with a passphrase instead: ${file.path}\n` +
      'Use the encrypted file? [y/N] ',
    { what: 'the keychain to use', remedy: 'Run aws-harden with --keychain file (or --keychain os) to choose without being asked.', echo: true },
  );
  if (!/^y(es)?$/i.test(answer.trim())) return osKeychain(KEYCHAIN_SERVICE);
  await file.unlock();
  return file;
}

async function unlocked(env: NodeJS.ProcessEnv): Promise<Keychain> {
  const file = fileKeychain(KEYCHAIN_SERVICE, { env });
  await file.unlock();
  return file;
}
