/**
 * The access-key step's profile name is already taken in ~/.aws/config by a profile that is not
 * aws-harden's. A `--yes` run cannot answer the question a person would: the message must say which
 * `--config` answer settles it, as something that works when done exactly as printed. Drives the built
 * CLI (npm run build) against the emulator, with the real keychain (scripts/with-keyring.sh).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accessKeyEntry, consolePasswordEntry, openKeychain } from '../../src/keychain/index.js';
import { rootEnv, runCli } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';

const ACCOUNT = '210000000019';
const em = useEmulator({ accountId: ACCOUNT });

afterAll(async () => {
  const keychain = openKeychain();
  await keychain.delete(accessKeyEntry(ACCOUNT, 'admin'));
  await keychain.delete(consolePasswordEntry(ACCOUNT, 'admin'));
});

/** The `--config` answers a printed remedy names, in the order printed: `put {…} in a JSON file …({…} instead …)`. */
function printedAnswers(output: string): string[] {
  const line = output.split('\n').find((l) => l.includes('in a JSON file and pass it with --config FILE')) ?? '';
  return [...line.matchAll(/(\{"access-key": \{[^}]*\}\})/g)].map((m) => m[1] ?? '');
}

describe('--yes and a profile name that is taken', () => {
  it('names the --config answers that settle it, and each works as printed', async () => {
    const env = rootEnv(em);
    const configPath = join(env.HOME ?? '', '.aws', 'config');
    mkdirSync(join(configPath, '..'), { recursive: true });
    const mine = `[profile admin-${ACCOUNT}]\nsso_start_url = https://example.awsapps.com/start\n`;
    writeFileSync(configPath, mine);

    const first = await runCli(['--yes'], env, 120_000);
    const out = `${first.stdout}\n${first.stderr}`;
    expect(first.code).toBe(3);
    expect(out).toContain(`The profile "admin-${ACCOUNT}" already exists in ${configPath} and is not aws-harden's; it is left as it is.`);
    const answers = printedAnswers(out);
    expect(answers).toEqual(['{"access-key": {"profile": "another-name"}}', '{"access-key": {"existingProfile": "replace"}}']);
    expect(readFileSync(configPath, 'utf8')).toBe(mine);

    // As printed: put the first in a JSON file and pass it with --config FILE.
    const file = join(env.HOME ?? '', 'answers.json');
    writeFileSync(file, answers[0] ?? '');
    const second = await runCli(['--yes', '--config', file], env, 120_000);
    expect(`${second.stdout}\n${second.stderr}`).not.toMatch(/already exists in/);
    const text = readFileSync(configPath, 'utf8');
    expect(text.startsWith(mine)).toBe(true);
    expect(text).toMatch(/\[profile another-name\]\ncredential_process = /);

    // The other, as printed, by someone who had not answered yet (a journal that does not remember
    // "another-name"): overwrite the taken profile; the rest of the file stays.
    writeFileSync(file, answers[1] ?? '');
    const third = await runCli(['--yes', '--config', file], { ...env, XDG_STATE_HOME: join(env.HOME ?? '', 'state-2') }, 120_000);
    expect(`${third.stdout}\n${third.stderr}`).not.toMatch(/already exists in/);
    const replaced = readFileSync(configPath, 'utf8');
    expect(replaced).not.toContain('sso_start_url');
    expect(replaced).toMatch(new RegExp(`\\[profile admin-${ACCOUNT}\\]\ncredential_process = `));
    expect(replaced).toMatch(/\[profile another-name\]\n/);
  });
});
