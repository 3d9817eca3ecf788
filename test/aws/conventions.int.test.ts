/**
 * What an AWS CLI user expects of a tool (issue 12, part 6): their retry settings are honoured, calls
 * are recognisable in CloudTrail by their user agent, and --debug prints request ids and timings
 * without a body. Against the strict sandbox, with its seeded throttling fault.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Aws } from '../../src/aws/context.js';
import { getPasswordPolicy, updatePasswordPolicy } from '../../src/aws/iam.js';
import { CIS_POLICY } from '../helpers/password-policy.js';
import { retrySettings } from '../../src/aws/retry-settings.js';
import { MAX_ATTEMPTS } from '../../src/aws/retry.js';
import { OperatorError } from '../../src/errors.js';
import { cleanEnv, rootEnv, runCli } from '../helpers/cli.js';
import { recordedHeader, recordedRequests, useEmulator } from '../helpers/emulator.js';

const em = useEmulator({ accountId: '210000000078' });

async function faults(options?: object): Promise<void> {
  const res = await fetch(`${em.endpoint}/sandbox/faults`, options === undefined ? { method: 'DELETE' } : { method: 'POST', body: JSON.stringify(options) });
  await res.arrayBuffer();
}
afterEach(() => faults());

function configWith(text: string): NodeJS.ProcessEnv {
  const file = join(mkdtempSync(join(tmpdir(), 'conventions-')), 'config');
  writeFileSync(file, text);
  return { AWS_CONFIG_FILE: file };
}

describe('retry settings, as the AWS CLI reads them', () => {
  it('environment first, then the profile, else aws-harden’s default', () => {
    expect(retrySettings({}, undefined)).toMatchObject({ maxAttempts: MAX_ATTEMPTS, mode: 'standard', source: { maxAttempts: 'default', mode: 'default' } });
    const profile = configWith('[profile ops]\nmax_attempts = 7\nretry_mode = adaptive\n[default]\nmax_attempts = 4\n');
    expect(retrySettings(profile, 'ops')).toMatchObject({ maxAttempts: 7, mode: 'adaptive', source: { maxAttempts: 'max_attempts of profile "ops"' } });
    expect(retrySettings(profile, undefined)).toMatchObject({ maxAttempts: 4, mode: 'standard' });
    expect(retrySettings({ ...profile, AWS_PROFILE: 'ops' }, undefined)).toMatchObject({ maxAttempts: 7 });
    expect(retrySettings({ ...profile, AWS_MAX_ATTEMPTS: '2', AWS_RETRY_MODE: 'legacy' }, 'ops')).toMatchObject({
      maxAttempts: 2,
      mode: 'standard',
      source: { maxAttempts: 'AWS_MAX_ATTEMPTS', mode: 'AWS_RETRY_MODE' },
    });
  });

  it('refuses a value the AWS CLI would not take, naming where it came from', () => {
    expect(() => retrySettings({ AWS_MAX_ATTEMPTS: 'lots' }, undefined)).toThrow(/AWS_MAX_ATTEMPTS is "lots": it must be a whole number/);
    expect(() => retrySettings({ AWS_MAX_ATTEMPTS: '0' }, undefined)).toThrow(OperatorError);
    expect(() => retrySettings(configWith('[default]\nretry_mode = eager\n'), undefined)).toThrow(/retry_mode of profile "default" is "eager": the retry modes are standard, adaptive and legacy/);
  });

  it('AWS_MAX_ATTEMPTS bounds how often a throttled call is sent', async () => {
    await faults({ seed: 3, throttle: 1 });
    const tries = async (env: NodeJS.ProcessEnv) => {
      const aws = new Aws({ dryRun: false, endpoint: em.endpoint, region: em.region, credentials: em.rootCredentials, env });
      await aws.init();
      await expect(getPasswordPolicy(aws)).rejects.toMatchObject({ code: 'throttled' });
      aws.destroy();
      return aws.recorder.calls.filter((c) => c.operation === 'GetAccountPasswordPolicy').length;
    };
    expect(await tries({ AWS_MAX_ATTEMPTS: '2' })).toBe(2);
    expect(await tries(configWith('[default]\nmax_attempts = 3\n'))).toBe(3);
    expect(await tries({})).toBe(MAX_ATTEMPTS);
  }, 60_000);

  it('adaptive mode still gets every call through once throttling stops', async () => {
    await faults({ seed: 5, throttle: 0.5 });
    const aws = new Aws({ dryRun: false, endpoint: em.endpoint, region: em.region, credentials: em.rootCredentials, env: { AWS_RETRY_MODE: 'adaptive', AWS_MAX_ATTEMPTS: '10' } });
    await aws.init();
    // Each read from AWS, not from the run's read cache: five sends through the throttling.
    for (let i = 0; i < 5; i++) {
      aws.forgetReads();
      await getPasswordPolicy(aws);
    }
    expect(aws.recorder.calls.filter((c) => c.outcome === 'error' && c.error === 'retried:throttled').length).toBeGreaterThan(0);
    aws.destroy();
  }, 60_000);
});

describe('recognisable calls, and --debug', () => {
  it('every call carries app/aws-harden in its User-Agent (CloudTrail records it)', async () => {
    const aws = new Aws({ dryRun: false, endpoint: em.endpoint, region: em.region, credentials: em.rootCredentials, env: {} });
    await aws.init();
    await getPasswordPolicy(aws);
    aws.destroy();
    const agents = (await recordedRequests(em)).map((r) => recordedHeader(r, 'User-Agent') ?? '');
    expect(agents.length).toBeGreaterThan(0);
    for (const a of agents) expect(a).toMatch(/(^| )app\/aws-harden( |$)/);
  });

  it('--debug prints a line per attempt with status, time and request id, and no body', async () => {
    const lines: string[] = [];
    const aws = new Aws({ dryRun: false, endpoint: em.endpoint, region: em.region, credentials: em.rootCredentials, env: {}, debug: (l) => lines.push(l) });
    await aws.init();
    await updatePasswordPolicy(aws, { ...CIS_POLICY, minimumLength: 17 });
    aws.destroy();
    expect(lines[0]).toMatch(/^retries: up to 5 attempts per call \(default\), standard mode \(default\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/^iam:UpdateAccountPasswordPolicy 200 \d+ ms request-id \S+$/));
    expect(lines.join('\n')).not.toMatch(/MinimumPasswordLength|=17\b|: ?17\b/); // the body's field or value (a timing like "179 ms" may hold the digits)
  });

  it('the CLI: --debug goes to stderr with --yes, and the wizard on a terminal asks for it to go to a file', async () => {
    const r = await runCli(['--yes', '--dry-run', '--debug'], rootEnv(em));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^aws-harden debug: sts:GetCallerIdentity 200 \d+ ms request-id \S+$/m);
    expect(r.stdout).not.toMatch(/aws-harden debug/);
    const bad = await runCli(['--yes', '--dry-run'], rootEnv(em, { AWS_MAX_ATTEMPTS: 'many' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/AWS_MAX_ATTEMPTS is "many"/);
    expect((await runCli(['--debug'], cleanEnv())).stderr).toMatch(/interactive terminal/);
  });
});
