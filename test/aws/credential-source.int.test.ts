/**
 * Starting without root access keys (issue 12, part 1): a `login_session` profile, as `aws login`
 * (AWS CLI ≥ 2.32) writes it, whose cached token holds the sandbox's root credentials — read by the
 * SDK's own login provider, with no network refresh — and the first line saying how the run started.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialSource } from '../../src/aws/credential-source.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { startSandbox } from '../../src/sandbox/index.js';

function configDir(config: string, credentials = ''): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'cred-source-'));
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

describe('how the wizard was started', () => {
  it('names each way the SDK can be given credentials, and what it means', () => {
    const files = configDir(
      '[profile console]\nlogin_session = arn:aws:iam::210000000079:root\n' +
        '[profile sso]\nsso_session = corp\nsso_account_id = 1\n' +
        '[profile admin]\ncredential_process = /usr/bin/aws-harden credential-process --account 210000000079 --user admin\n' +
        '[profile role]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = keys\n',
      '[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n',
    );
    expect(credentialSource(files, 'console', true)).toMatchObject({ kind: 'console-session', label: 'console sign-in session (aws login, profile "console")' });
    expect(credentialSource(files, 'console', true).meaning).toMatch(/no root access keys were needed, and the root-access-keys step confirms none exist/);
    expect(credentialSource(files, 'sso', false).kind).toBe('sso');
    expect(credentialSource(files, 'admin', false).kind).toBe('admin-profile');
    expect(credentialSource(files, 'role', false).kind).toBe('role');
    expect(credentialSource(files, 'keys', true)).toMatchObject({ kind: 'access-keys', label: 'root access keys (profile "keys")' });
    expect(credentialSource(files, 'keys', true).meaning).toMatch(/aws login/);
    // The environment's keys, unless a profile is named (the SDK then ignores them).
    const env = { ...files, AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' };
    expect(credentialSource(env, undefined, true)).toMatchObject({ kind: 'access-keys', label: 'root access keys from the environment' });
    expect(credentialSource({ ...env, AWS_SESSION_TOKEN: 't' }, undefined, true).kind).toBe('session-keys');
    expect(credentialSource(env, 'console', true).kind).toBe('console-session');
    expect(credentialSource({ ...env, AWS_PROFILE: 'sso' }, undefined, false).kind).toBe('sso');
  });
});

describe('a run started from `aws login` as root', () => {
  it('uses the console session, says so, and the root-access-keys step confirms none exist', async () => {
    // The owner never made a root access key: only the console session exists.
    const sb = await startSandbox({ shape: 'console-login', accountId: '210000000080' });
    try {
      const session = `arn:aws:iam::${sb.accountId}:root`;
      const files = configDir(`[profile root-login]\nlogin_session = ${session}\nregion = us-east-1\n`);
      const cache = mkdtempSync(join(tmpdir(), 'login-cache-'));
      const creds = sb.operatorCredentials;
      expect(creds.sessionToken).toBeDefined();
      // The token file's name and fields, as @aws-sdk/credential-provider-login reads them; an hour
      // left, so the SDK never tries to refresh it over the network.
      writeFileSync(
        join(cache, `${createHash('sha256').update(session).digest('hex')}.json`),
        JSON.stringify({
          accessToken: {
            accessKeyId: creds.accessKeyId,
            secretAccessKey: creds.secretAccessKey,
            sessionToken: creds.sessionToken,
            accountId: sb.accountId,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          },
          clientId: 'arn:aws:signin:::devtools/same-device',
          refreshToken: 'not-used-in-this-test',
          dpopKey: 'not-used-in-this-test',
        }),
      );
      const env = cleanEnv({ ...files, AWS_LOGIN_CACHE_DIRECTORY: cache });
      const r = await runCli(['--profile', 'root-login', '--endpoint-url', sb.endpoint, '--yes', '--dry-run'], env);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^aws-harden · account 210000000080 · root · us-east-1 · DRY-RUN/m);
      expect(r.stdout).toMatch(/^signed in with: console sign-in session \(aws login, profile "root-login"\): Short-lived root credentials from your console sign-in/m);
      expect(r.stdout).toMatch(/^✓ root-access-keys\s+done\b.*no access keys/im);
      expect(((await (await fetch(`${sb.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] }).rootAccessKeyIds).toEqual([]);
      // The root's old-style key does not exist in this account.
      const refused = await runCli(
        ['--yes', '--dry-run', '--endpoint-url', sb.endpoint],
        cleanEnv({ AWS_ACCESS_KEY_ID: sb.rootCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.rootCredentials.secretAccessKey, AWS_REGION: 'us-east-1' }),
      );
      expect(refused.code).toBe(2);
    } finally {
      await sb.stop();
    }
  }, 60_000);
});

describe('a console sign-in session that has ended', () => {
  it('says to sign in again with aws login, names the profile, exits 2, and changes nothing', async () => {
    const session = 'arn:aws:iam::210000000082:root';
    const files = configDir(`[profile root-login]\nlogin_session = ${session}\nregion = us-east-1\n`);
    const cache = mkdtempSync(join(tmpdir(), 'login-cache-'));
    // Expired an hour ago, and its refresh token is not one AWS would take: the SDK cannot renew it.
    writeFileSync(
      join(cache, `${createHash('sha256').update(session).digest('hex')}.json`),
      JSON.stringify({
        accessToken: { accessKeyId: 'ASIAEXPIREDSESSION00', secretAccessKey: 'x', sessionToken: 'y', accountId: '210000000082', expiresAt: new Date(Date.now() - 3_600_000).toISOString() },
        clientId: 'arn:aws:signin:::devtools/same-device',
        refreshToken: 'expired',
        dpopKey: 'not-a-key',
      }),
    );
    const env = cleanEnv({ ...files, AWS_LOGIN_CACHE_DIRECTORY: cache });
    for (const args of [['--yes'], ['audit'], ['plan']]) {
      const r = await runCli(['--profile', 'root-login', '--endpoint-url', 'http://127.0.0.1:9', ...args], env);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^aws-harden: The console sign-in session of profile "root-login" has ended and could not be renewed/);
      expect(r.stderr).toContain('Sign in again with `aws login --profile root-login`, then run aws-harden again. Nothing was changed.');
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  }, 60_000);
});
