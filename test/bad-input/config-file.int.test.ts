/**
 * An AWS config file (AWS_CONFIG_FILE, else ~/.aws/config) that cannot take the profile stops the
 * access-key step before any key exists, naming the path, the exact problem and a command that fixes
 * it. Permission cases run in a child process as an ordinary user (uid 65534 when the tests run as
 * root, who ignores permission bits); run the file with scripts/with-keyring.sh.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { writeProfile } from '../../src/aws/config-file.js';
import { Journal } from '../../src/engine/journal.js';
import { accessKeyEntry, consolePasswordEntry, openKeychain } from '../../src/keychain/index.js';
import { accessKeyStep } from '../../src/steps/access-key/index.js';
import type { StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { runHeadless } from '../helpers/headless.js';

const ACCOUNT = '210000000018';
const em = useEmulator({ accountId: ACCOUNT });
const keychain = openKeychain('aws-harden-test');
const CHILD = fileURLToPath(new URL('./config-child.ts', import.meta.url));
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

afterEach(async () => {
  await keychain.delete(accessKeyEntry(ACCOUNT, 'admin'));
  await keychain.delete(consolePasswordEntry(ACCOUNT, 'admin'));
});

function iam(): IAMClient {
  return new IAMClient({ endpoint: em.motoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } });
}

async function keys(): Promise<string[]> {
  return ((await iam().send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '');
}

/** The admin user as the admin-user step leaves it (only its tag matters to access-key). */
async function adminUser(): Promise<void> {
  await iam().send(new CreateUserCommand({ UserName: 'admin', Tags: [{ Key: 'created-by', Value: 'aws-harden' }] }));
  await fetch(`${em.motoEndpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
}

async function context(configPath: string): Promise<StepContext> {
  return { ...(await emulatorContext(em)), keychain, env: { AWS_CONFIG_FILE: configPath } };
}

/** A home of the test's own, readable by the ordinary user the child runs as. */
function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bad-config-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** assertConfigWritable(path) as an ordinary user. */
function checkAsUser(path: string): Promise<{ ok?: boolean; error?: { message: string; remedy?: string } }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: tmpdir() },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as { ok?: boolean });
      } catch {
        reject(new Error(`child said: ${out}\n${err}`));
      }
    });
  });
}

/** Makes `path` belong to the ordinary user (when running as root; otherwise it is ours already). */
function own(path: string): void {
  if (asRoot) chownSync(path, NOBODY, NOBODY);
}

describe('the access-key step and a config file it cannot write', () => {
  it('AWS_CONFIG_FILE is a directory: the run stops before any key, says so, and resumes once it is moved aside', async () => {
    await adminUser();
    const configPath = join(home(), '.aws', 'config');
    mkdirSync(configPath, { recursive: true });
    const ctx = await context(configPath);
    const journal = () => Journal.open(ACCOUNT, { env: { XDG_STATE_HOME: join(configPath, '..', '..', 'state') }, writable: true });
    const presets = { 'access-key': { profile: 'admin-p' } };

    const first = await runHeadless(ctx, [accessKeyStep], journal(), { dryRun: false, headless: true, presets });
    const out = first.lines.join('\n');
    expect(out).toContain(`Cannot write the AWS config file ${configPath}: it is a directory, not a file. No access key was made.`);
    expect(out).toContain(`Move it aside (mv ${configPath} ${configPath}.bak) (or set AWS_CONFIG_FILE to a file you can write), then run again`);
    expect(await keys()).toEqual([]);
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    // The journal says where the run stopped, and keeps the answer for the next run.
    expect(journal().snapshot.steps['access-key']?.status).toBe('failed');
    expect(journal().answers('access-key')).toEqual({ profile: 'admin-p' });

    // The remedy, as printed: the next run makes the key and the profile.
    renameSync(configPath, `${configPath}.bak`);
    const second = await runHeadless(ctx, [accessKeyStep], journal(), { dryRun: false, headless: true, presets });
    expect(second.result).toEqual({ outcome: 'hardened' });
    expect(await keys()).toHaveLength(1);
  });

  it('a part of the path is a file: names that file', async () => {
    const dir = home();
    writeFileSync(join(dir, '.aws'), 'not a directory');
    const r = await checkAsUser(join(dir, '.aws', 'config'));
    expect(r.error?.message).toBe(`Cannot write the AWS config file ${join(dir, '.aws', 'config')}: ${join(dir, '.aws')} is a file, not a directory, so ${join(dir, '.aws')} cannot be made.`);
    expect(r.error?.remedy).toBe(
      `Move ${join(dir, '.aws')} aside (mv ${join(dir, '.aws')} ${join(dir, '.aws')}.bak) (or set AWS_CONFIG_FILE to a file you can write), then run again; the run resumes here.`,
    );
  });
});

describe('a config file that is a symbolic link (dotfiles in a repository)', () => {
  it('stays a link: the file it points to gets the profile, and keeps the rest', () => {
    const dir = home();
    const dotfiles = join(dir, 'dotfiles');
    mkdirSync(dotfiles);
    writeFileSync(join(dotfiles, 'aws-config'), '[profile keep]\nregion = eu-west-1\n');
    mkdirSync(join(dir, '.aws'));
    symlinkSync('../dotfiles/aws-config', join(dir, '.aws', 'config'));
    writeProfile(join(dir, '.aws', 'config'), 'p', { region: 'us-east-1' });
    expect(lstatSync(join(dir, '.aws', 'config')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dotfiles, 'aws-config'), 'utf8')).toBe('[profile keep]\nregion = eu-west-1\n\n[profile p]\nregion = us-east-1\n');
    expect(readdirSync(dotfiles)).toEqual(['aws-config']);
  });

  it('a link to a directory: says so, naming both', async () => {
    const dir = home();
    mkdirSync(join(dir, 'elsewhere'));
    mkdirSync(join(dir, '.aws'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, '.aws', 'config'));
    const r = await checkAsUser(join(dir, '.aws', 'config'));
    expect(r.error?.message).toBe(`Cannot write the AWS config file ${join(dir, '.aws', 'config')} (a link to ${join(dir, 'elsewhere')}): it is a directory, not a file.`);
  });
});

describe('a config file the operator cannot write (as an ordinary user)', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) {
      chmodSync(d, 0o755);
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a read-only file: its mode, and chmod', async () => {
    const aws = join(home(), '.aws');
    mkdirSync(aws);
    made.push(aws);
    writeFileSync(join(aws, 'config'), '[default]\n', { mode: 0o400 });
    own(aws);
    own(join(aws, 'config'));
    const r = await checkAsUser(join(aws, 'config'));
    expect(r.error?.message).toBe(`Cannot write the AWS config file ${aws}/config: you cannot read and write it (mode 0400, EACCES).`);
    expect(r.error?.remedy).toMatch(new RegExp(`^Fix it with: chmod u\\+rw ${aws}/config \\(or set AWS_CONFIG_FILE`));
  });

  it('a read-only directory: the directory, and chmod', async () => {
    const aws = join(home(), '.aws');
    mkdirSync(aws);
    made.push(aws);
    own(aws);
    chmodSync(aws, 0o555);
    const r = await checkAsUser(join(aws, 'config'));
    expect(r.error?.message).toBe(`Cannot write the AWS config file ${aws}/config: the directory ${aws} is not writable by you (EACCES).`);
    expect(r.error?.remedy).toMatch(new RegExp(`^Fix it with: chmod u\\+rwx ${aws} `));
  });

  it.runIf(asRoot)('a file another user owns (after `sudo aws configure`): names the owner, and chown', async () => {
    const aws = join(home(), '.aws');
    mkdirSync(aws);
    made.push(aws);
    own(aws);
    writeFileSync(join(aws, 'config'), '[default]\n', { mode: 0o600 });
    const r = await checkAsUser(join(aws, 'config'));
    expect(r.error?.message).toBe(`Cannot write the AWS config file ${aws}/config: you cannot read and write it (it belongs to uid 0, not to you) (mode 0600, EACCES).`);
    expect(r.error?.remedy).toMatch(/^Fix it with: sudo chown "\$\(id -u\):\$\(id -g\)" /);
  });

  it('a writable place passes, and nothing is left behind by the check', async () => {
    const aws = join(home(), '.aws');
    mkdirSync(aws);
    made.push(aws);
    own(aws);
    expect(await checkAsUser(join(aws, 'config'))).toEqual({ ok: true });
    expect(await checkAsUser(join(aws, 'sub', 'config'))).toEqual({ ok: true });
    // Only the directory the write would make; no file, no probe left over.
    expect(readdirSync(aws)).toEqual(['sub']);
    expect(readdirSync(join(aws, 'sub'))).toEqual([]);
  });
});
