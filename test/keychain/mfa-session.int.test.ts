/**
 * MFA-guarded admin sessions (issue 12, part 2): the strict sandbox checks GetSessionToken's code as AWS
 * does, `credential-process --mfa-serial` asks for one code on the terminal and reuses the session from
 * the keychain until it nears its end, and the AWS CLI gets a working session from it. Real emulator,
 * real Secret Service (scripts/with-keyring.sh), real pty for /dev/tty.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { accessKeyEntry, openKeychain } from '../../src/keychain/index.js';
import { mfaSession, parseSession, sessionEntry } from '../../src/keychain/mfa-session.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { CLI } from '../helpers/cli.js';
import { eventually } from '../helpers/emulator.js';
import { runInPty, runShellInPty } from '../helpers/pty.js';
import { totp } from '../helpers/totp.js';

const ACCOUNT = '210000000082';
const USER = 'mfa-admin';
let sb: Sandbox;
let seed: string;
let serial: string;
let key: { accessKeyId: string; secretAccessKey: string };
const keychain = openKeychain();

/** A code that stays valid for the next 5 s at least: tests never race the 30 s boundary. */
async function freshCode(): Promise<string> {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < 5) await new Promise((r) => setTimeout(r, left * 1000 + 200));
  return totp(seed);
}

beforeAll(async () => {
  sb = await startSandbox({ accountId: ACCOUNT });
  const iam = new IAMClient({ endpoint: sb.endpoint, region: 'us-east-1', credentials: sb.rootCredentials });
  await iam.send(new CreateUserCommand({ UserName: USER }));
  // The strict sandbox lags new things as IAM does (rules/consistency.ts): each is used once it is there.
  const k = (await eventually(() => iam.send(new CreateAccessKeyCommand({ UserName: USER })))).AccessKey!;
  key = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: USER }))).VirtualMFADevice!;
  serial = device.SerialNumber!;
  seed = Buffer.from(device.Base32StringSeed!).toString('utf8');
  await eventually(async () => {
    const now = Date.now() / 1000;
    await iam.send(new EnableMFADeviceCommand({ UserName: USER, SerialNumber: serial, AuthenticationCode1: totp(seed, now - 30), AuthenticationCode2: totp(seed, now) }));
  });
  iam.destroy();
  const sts = new STSClient({ endpoint: sb.endpoint, region: 'us-east-1', credentials: key });
  await eventually(() => sts.send(new GetCallerIdentityCommand({})));
  sts.destroy();
  await keychain.set(accessKeyEntry(ACCOUNT, USER), JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }));
}, 60_000);

afterAll(async () => {
  await keychain.delete(accessKeyEntry(ACCOUNT, USER)).catch(() => false);
  await keychain.delete(sessionEntry(ACCOUNT, USER)).catch(() => false);
  await sb?.stop();
});

describe('GetSessionToken on the strict sandbox', () => {
  it('refuses a wrong code as AWS does, and the session acts as the user', async () => {
    const sts = new STSClient({ endpoint: sb.endpoint, region: 'us-east-1', credentials: key, maxAttempts: 1 });
    const wrong = String((Number(await freshCode()) + 1) % 1_000_000).padStart(6, '0');
    const refused = await sts
      .send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: wrong }))
      .catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });
    expect(refused).toMatchObject({ name: 'AccessDenied', message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.', $metadata: { httpStatusCode: 403 } });
    const c = (await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: await freshCode(), DurationSeconds: 900 }))).Credentials!;
    const session = new STSClient({ endpoint: sb.endpoint, region: 'us-east-1', credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
    expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/${USER}`);
  });

  it('moto alone takes any code (why the rule exists)', async () => {
    const lenient = await startSandbox({ strict: false });
    try {
      const iam = new IAMClient({ endpoint: lenient.endpoint, region: 'us-east-1', credentials: lenient.rootCredentials });
      await iam.send(new CreateUserCommand({ UserName: 'u' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'u' }))).AccessKey!;
      const sts = new STSClient({ endpoint: lenient.endpoint, region: 'us-east-1', credentials: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } });
      const out = await sts.send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${lenient.accountId}:mfa/u`, TokenCode: '000000' }));
      expect(out.Credentials?.SessionToken).toBeTruthy();
    } finally {
      await lenient.stop();
    }
  });
});

describe('mfaSession: one code per session', () => {
  const env = () => ({ AWS_ENDPOINT_URL: sb.endpoint, AWS_REGION: 'us-east-1' });

  it('asks once, keeps the session in the keychain, reuses it, and asks again near its end', async () => {
    await keychain.delete(sessionEntry(ACCOUNT, USER));
    const asked: string[] = [];
    const told: string[] = [];
    const deps = { keychain, env: env(), ask: async (p: string) => (asked.push(p), freshCode()), tell: (l: string) => void told.push(l) };
    const req = { account: ACCOUNT, user: USER, serial, durationSeconds: 900 };
    const first = await mfaSession(req, deps);
    expect(asked).toEqual([`MFA code for ${USER} (${serial}): `]);
    expect(first.SessionToken).toBeTruthy();
    const stored = parseSession(await keychain.get(sessionEntry(ACCOUNT, USER)));
    expect(stored).toEqual(first);
    expect(await mfaSession(req, deps)).toEqual(first);
    expect(asked).toHaveLength(1);
    // 4 minutes before it expires: a new session, a new code.
    const later = await mfaSession(req, { ...deps, now: () => Date.parse(first.Expiration) - 4 * 60_000 });
    expect(asked).toHaveLength(2);
    expect(parseSession(await keychain.get(sessionEntry(ACCOUNT, USER)))).toEqual(later);
    expect(told).toEqual([]);
  });

  it('a refused code is explained and asked again; not 6 digits is caught before AWS', async () => {
    await keychain.delete(sessionEntry(ACCOUNT, USER));
    const answers = ['12', '999999'];
    const told: string[] = [];
    const s = await mfaSession(
      { account: ACCOUNT, user: USER, serial, durationSeconds: 900 },
      {
        keychain,
        env: env(),
        ask: async () => answers.shift() ?? freshCode(),
        tell: (l) => void told.push(l),
      },
    );
    expect(s.SessionToken).toBeTruthy();
    expect(told).toEqual(['A code is the 6 digits your MFA app shows now; try again.', 'AWS did not accept that code (it may have just changed); type the current one.']);
  });
});

describe('credential-process --mfa-serial and the AWS CLI', () => {
  /** Runs `command` in bash on a pseudo-terminal (so /dev/tty exists); answers a code prompt if one comes. */
  const onTerminal = (command: string, env: NodeJS.ProcessEnv) => runShellInPty(command, env, { when: /MFA code for .*: $/, answer: freshCode });

  it('asks on the terminal, never on stdout; the AWS CLI then works for the session without asking again', async () => {
    await keychain.delete(sessionEntry(ACCOUNT, USER));
    const dir = mkdtempSync(join(tmpdir(), 'mfa-cli-'));
    const line = `${process.execPath} ${CLI} credential-process --account ${ACCOUNT} --user ${USER} --mfa-serial ${serial} --duration 900`;
    writeFileSync(join(dir, 'config'), `[profile guarded]\ncredential_process = ${line}\nregion = us-east-1\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_ENDPOINT_URL: sb.endpoint, AWS_REGION: 'us-east-1' };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    // credential-process itself: the prompt on the terminal, only the JSON on stdout (a file here).
    const direct = await onTerminal(`${line} > ${join(dir, 'out.json')}`, env);
    expect(direct.code).toBe(0);
    expect(direct.screen).toContain(`MFA code for ${USER} (${serial}):`);
    const printed = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(printed).sort()).toEqual(['AccessKeyId', 'Expiration', 'SecretAccessKey', 'SessionToken', 'Version']);
    expect(printed.AccessKeyId).not.toBe(key.accessKeyId);
    // The AWS CLI with that profile: the cached session, no second prompt.
    const cli = await onTerminal('aws --profile guarded sts get-caller-identity --output json', env);
    expect(cli.code).toBe(0);
    expect(cli.screen).not.toContain('MFA code for');
    expect(cli.screen).toContain(`"Arn": "arn:aws:iam::${ACCOUNT}:user/${USER}"`);
  }, 60_000);

  it('aws-harden run with the admin profile asks for the code before its first screen, then draws it as the admin', async () => {
    await keychain.delete(sessionEntry(ACCOUNT, USER));
    const dir = mkdtempSync(join(tmpdir(), 'mfa-wizard-'));
    const line = `${process.execPath} ${CLI} credential-process --account ${ACCOUNT} --user ${USER} --mfa-serial ${serial} --duration 900`;
    writeFileSync(join(dir, 'config'), `[profile guarded]\ncredential_process = ${line}\nregion = us-east-1\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: dir,
      XDG_STATE_HOME: join(dir, 'state'),
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_ENDPOINT_URL: sb.endpoint,
      NO_COLOR: '1',
    };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const t = runInPty(['--profile', 'guarded'], env, { cols: 100, rows: 30 });
    try {
      const asked = await t.waitFor((x) => /MFA code for mfa-admin \(.*\): $/m.test(x.trimEnd() + ' '), 'the MFA code prompt');
      // Nothing of the wizard yet: the prompt has the terminal to itself.
      expect(asked).not.toContain('Security status');
      t.write(`${await freshCode()}\r`);
      const first = await t.waitFor((x) => x.includes('Press enter to begin'), 'the first screen');
      expect(first).toContain(`arn:aws:iam::${ACCOUNT}:user/${USER}`);
      const text = first.replace(/[│\s]+/g, ' ');
      expect(text).toContain('Via the admin profile aws-harden set up (profile "guarded")');
      expect(text).toContain('in an MFA session made with a code you typed');
      expect(parseSession(await keychain.get(sessionEntry(ACCOUNT, USER)))?.SerialNumber).toBe(serial);
    } finally {
      t.kill();
    }
  }, 60_000);

  it('without a terminal: one clear line on stderr, exit 1, nothing on stdout', async () => {
    await keychain.delete(sessionEntry(ACCOUNT, USER));
    const child = spawn('setsid', ['-w', process.execPath, CLI, 'credential-process', '--account', ACCOUNT, '--user', USER, '--mfa-serial', serial], {
      env: { ...process.env, AWS_ENDPOINT_URL: sb.endpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^aws-harden credential-process: No terminal to ask for an MFA code on .*run `aws sts get-caller-identity --profile/);
  });
});
