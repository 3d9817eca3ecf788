/**
 * Reads the shared AWS config files just enough to tell whether a named profile exists, so that a typo
 * in --profile gets its own message instead of the SDK's generic "could not load credentials".
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
}

export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
}

/** Section names of an INI file, as profile names ("profile x" in config → "x"). */
export function profileNames(ini: string, isConfigFile: boolean): string[] {
  const names: string[] = [];
  for (const line of ini.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (!m?.[1]) continue;
    const section = m[1];
    if (isConfigFile) {
      if (section === 'default') names.push('default');
      else if (section.startsWith('profile ')) names.push(section.slice('profile '.length).trim());
    } else {
      names.push(section);
    }
  }
  return names;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every profile defined in the config and credentials files. */
export function knownProfiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const config = readIfExists(configFilePath(env));
  const creds = readIfExists(credentialsFilePath(env));
  return [...new Set([...(config ? profileNames(config, true) : []), ...(creds ? profileNames(creds, false) : [])])];
}
