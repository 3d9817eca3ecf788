/**
 * The ~/.aws/config profiles aws-harden wrote for a user: those whose `credential_process` runs our
 * credential-process for that account and user (src/steps/access-key.ts writes them). They name the
 * account and the user, never the key id, so a rotated key needs no change there.
 */
import { readFileSync } from 'node:fs';
import { configFilePath, readProfile } from '../../aws/config-file.js';
import { profileNames } from '../../aws/profiles.js';
import { isOurProcess } from '../../steps/access-key/index.js';

/** Names of the profiles in the config file that read `user`'s key of `account` through aws-harden. */
export function profilesReading(env: NodeJS.ProcessEnv, account: string, user: string): string[] {
  const path = configFilePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return profileNames(text, true).filter((name) => isOurProcess(readProfile(path, name)?.credential_process, account, user));
}
