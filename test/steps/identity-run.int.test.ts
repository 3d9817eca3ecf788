/**
 * A whole headless run of the built CLI against the emulator with a real keychain (scripts/with-keyring.sh),
 * then a secret scanner: the access-key secret and the console password appear in no file the tool
 * wrote (journal, ~/.aws/config, anything under its HOME or state dir) and not in its output.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessKeyEntry, consolePasswordEntry, openKeychain, parseAccessKey } from '../../src/keychain/index.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { startEmulator, type Emulator } from '../helpers/emulator.js';
import { envWithout, run } from '../keychain/run-child.js';

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em?.stop();
});

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('a whole --yes run with the identity steps', () => {
  it('creates group, user, key and profile, removes root keys, and leaves no secret in a file or the output', async () => {
    const user = `run${Date.now()}`;
    const env = cleanEnv({
      AWS_ACCESS_KEY_ID: em.rootCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: em.rootCredentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: em.endpoint,
    });
    const home = env.HOME ?? '';
    const config = join(home, 'answers.json');
    writeFileSync(config, JSON.stringify({ 'admin-user': { userName: user }, 'root-access-keys': { delete: 'yes' } }));
    const r = await runCli(['--yes', '--config', config], env, 120_000);
    const out = `${r.stdout}\n${r.stderr}`;
    for (const id of ['admin-group', 'admin-user', 'access-key', 'root-access-keys']) expect(out).toMatch(new RegExp(`✓ ${id}\\s+done`));
    expect(((await (await fetch(`${em.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] }).rootAccessKeyIds).toEqual([]);

    const keychain = openKeychain();
    const key = parseAccessKey(await keychain.get(accessKeyEntry(em.accountId, user)));
    const password = await keychain.get(consolePasswordEntry(em.accountId, user));
    expect(key?.SecretAccessKey).toBeDefined();
    expect(password).toBeDefined();
    const secrets = [key!.SecretAccessKey, password!];

    // The profile works through the real AWS CLI after the run, with root's keys gone.
    const profile = `${user}-${em.accountId}`;
    const cli = await run('aws', ['--profile', profile, 'sts', 'get-caller-identity', '--output', 'json'], {
      ...envWithout(Object.keys(process.env).filter((k) => k.startsWith('AWS_'))),
      HOME: home,
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    });
    expect(JSON.parse(cli.stdout).Arn).toBe(`arn:aws:iam::${em.accountId}:user/${user}`);

    const files = filesUnder(home);
    expect(files.some((f) => f.endsWith(join('.aws', 'config')))).toBe(true);
    expect(files.some((f) => f.endsWith(`${em.accountId}.json`))).toBe(true);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const s of secrets) expect(text.includes(s), `a secret in ${f}`).toBe(false);
    }
    for (const s of secrets) expect(out.includes(s)).toBe(false);

    await keychain.delete(accessKeyEntry(em.accountId, user));
    await keychain.delete(consolePasswordEntry(em.accountId, user));
  });
});
