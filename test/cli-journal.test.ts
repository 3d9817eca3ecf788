/**
 * The journal and the account lock as an operator meets them: bad journals, a second run, a stale lock,
 * resuming, signals. Runs dist/cli.js with --yes against the emulator (the identity steps need the
 * keyring: scripts/with-keyring.sh).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, rootEnv, runCli } from './helpers/cli.js';
import { describeRecorded, isMutatingRecorded, recordedRequests, useEmulator } from './helpers/emulator.js';

const em = useEmulator({ accountId: '210000000004' });

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Root keys pointed at the emulator, a private state dir, and a --config with the budget's e-mail. */
function setup() {
  const env = rootEnv(em);
  const config = join(env.HOME!, 'answers.json');
  writeFileSync(config, JSON.stringify({ budget: { email: 'ops@example.com' } }));
  const dir = join(env.XDG_STATE_HOME!, 'aws-harden');
  return { env, args: ['--yes', '--config', config], dir, journal: join(dir, `${em.accountId}.json`), lock: join(dir, `${em.accountId}.lock`) };
}

const mutations = async () => (await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded);
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

function validJournal(account: string): string {
  const now = new Date().toISOString();
  return `${JSON.stringify({ schema: 1, account, createdAt: now, updatedAt: now, answers: { 'admin-group': { groupName: 'Ops' } }, steps: { 'admin-group': { status: 'done', at: now } }, resources: {} }, null, 2)}\n`;
}

describe('bad journals, refused before anything changes', () => {
  const valid = () => validJournal(em.accountId);
  it.each([
    ['empty', () => '', /is empty/, /Move it aside \(mv ".*\.json" ".*\.json\.bak"\)/],
    ['truncated', () => valid().slice(0, 60), /is not valid JSON \(perhaps truncated\)/, /Move it aside/],
    ['not JSON', () => 'account=123\n', /is not valid JSON/, /Move it aside/],
    [
      'from a newer aws-harden',
      () => valid().replace('"schema": 1', '"schema": 7'),
      /was written by a newer aws-harden \(schema 7; this version reads 1\)/,
      /Upgrade aws-harden, or move the file aside/,
    ],
    ['another account’s (renamed)', () => validJournal('999999999999'), /belongs to account 999999999999, not \d{12}/, /Move it aside/],
  ])('%s: exit 2, a message naming the file and what to do, the file untouched', async (_name, text, what, remedy) => {
    const s = setup();
    mkdirSync(s.dir, { recursive: true });
    const content = text();
    writeFileSync(s.journal, content, { mode: 0o600 });
    const r = await runCli(s.args, s.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`aws-harden: The journal ${s.journal} `);
    expect(r.stderr).toMatch(what);
    expect(r.stderr).toMatch(new RegExp(`\\n  → ${remedy.source}`));
    noStack(r.stderr);
    expect(readFileSync(s.journal, 'utf8')).toBe(content);
    expect(await mutations()).toEqual([]);
    // The lock taken for the run went with it.
    expect(existsSync(s.lock)).toBe(false);
  });

  it('unreadable (a directory where the file should be): exit 2, says what it is and what to do', async () => {
    const s = setup();
    mkdirSync(s.journal, { recursive: true });
    const r = await runCli(s.args, s.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`The journal ${s.journal} cannot be read (EISDIR).`);
    expect(r.stderr).toContain(`→ It is a directory, not a file: move it aside (mv "${s.journal}"`);
    noStack(r.stderr);
    expect(statSync(s.journal).isDirectory()).toBe(true);
    expect(await mutations()).toEqual([]);
  });

  it('a state directory that cannot be made: exit 2, names it and says what to do', async () => {
    const s = setup();
    mkdirSync(s.env.XDG_STATE_HOME!, { recursive: true });
    writeFileSync(s.dir, 'a file where the directory should be');
    const r = await runCli(s.args, s.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`Cannot create the state directory ${s.dir} \\((EEXIST|ENOTDIR)\\)`));
    expect(r.stderr).toMatch(/→ Make .* writable \(or set XDG_STATE_HOME/);
    expect(readFileSync(s.dir, 'utf8')).toBe('a file where the directory should be');
    expect(await mutations()).toEqual([]);
  });
});

describe('one run per account', () => {
  it('refuses while a live process holds the lock, naming pid, host, start time and the lock', async () => {
    const s = setup();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(sleeper);
    mkdirSync(s.dir, { recursive: true });
    const lock = JSON.stringify({ pid: sleeper.pid, host: hostname(), startedAt: '2026-11-23T14:05:00.000Z' });
    writeFileSync(s.lock, lock, { mode: 0o600 });
    const journal = validJournal(em.accountId);
    writeFileSync(s.journal, journal, { mode: 0o600 });
    const r = await runCli(s.args, s.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`aws-harden: Another aws-harden is working on account ${em.accountId} (pid ${sleeper.pid} on ${hostname()}, started 2026-11-2`);
    expect(r.stderr).toContain(`lock ${s.lock}`);
    expect(r.stderr).toContain(`→ Let it finish, or stop it (kill ${sleeper.pid}). If no aws-harden is running, remove ${s.lock}`);
    noStack(r.stderr);
    expect(readFileSync(s.lock, 'utf8')).toBe(lock);
    expect(readFileSync(s.journal, 'utf8')).toBe(journal);
    expect(await mutations()).toEqual([]);

    // Dry-run and audit write nothing, so they take no lock and run anyway.
    const dry = await runCli([...s.args, '--dry-run'], s.env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const audit = await runCli(['audit'], s.env);
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(1);
    expect(readFileSync(s.lock, 'utf8')).toBe(lock);
  });

  it('takes over a stale lock (its process is gone), says so in one line, and releases it at the end; the next run resumes', async () => {
    const s = setup();
    const gone = spawn('true', { stdio: 'ignore' });
    await new Promise((r) => gone.on('exit', r));
    mkdirSync(s.dir, { recursive: true });
    writeFileSync(s.lock, JSON.stringify({ pid: gone.pid, host: hostname(), startedAt: '2026-11-23T14:05:00.000Z' }), { mode: 0o600 });
    const r = await runCli(s.args, s.env);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^aws-harden: took over a stale lock ${s.lock} from pid ${gone.pid} \\(started 2026-11-2\\d \\d\\d:\\d\\d\\), which is no longer running\\.$`)),
    ]);
    expect(r.code).toBe(1); // root MFA and admin MFA need a person
    expect(r.stdout).not.toMatch(/resuming/);
    expect(r.stdout).toMatch(/^✓ admin-group\s+done/m);
    expect(existsSync(s.lock)).toBe(false);
    const journal = JSON.parse(readFileSync(s.journal, 'utf8'));
    expect(journal.steps['admin-group'].status).toBe('done');

    // Again: the journal existed, so --yes resumes, and says from when.
    const again = await runCli(s.args, s.env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(1);
    // Right after the header lines (who, which region from where), before any step.
    const head = again.stdout.split('\n');
    const at = head.findIndex((l) => l.startsWith('resuming:'));
    expect(head[at]).toMatch(/^resuming: journal from \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(head.findIndex((l) => /^. [a-z-]+\s/.test(l)));
    expect(again.stdout).toMatch(/^✓ admin-group\s+done/m);
    expect(existsSync(s.lock)).toBe(false);
  });

  it('SIGTERM to a --yes run the moment the lock exists: exit 143, the lock released', async () => {
    const s = setup();
    const child = spawn(process.execPath, [CLI, ...s.args], { env: s.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 30_000;
    while (!existsSync(s.lock)) {
      if (Date.now() > deadline) throw new Error(`no lock in time:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/interrupted \(SIGTERM\)/);
    expect(existsSync(s.lock)).toBe(false);
  });

  it('SIGTERM during a --yes run: exit 143, the lock released, the journal valid JSON', async () => {
    const s = setup();
    const child = spawn(process.execPath, [CLI, ...s.args], { env: s.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Wait until it has the lock and has finished a step (so the journal exists).
    const deadline = Date.now() + 30_000;
    while (!/^✓ /m.test(stdout)) {
      if (Date.now() > deadline) throw new Error(`no step finished in time:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(existsSync(s.lock)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/aws-harden: interrupted \(SIGTERM\)\.\n[\s\S]*aws-harden: stopped\. Progress is saved: run the same command again/);
    expect(existsSync(s.lock)).toBe(false);
    expect(() => JSON.parse(readFileSync(s.journal, 'utf8'))).not.toThrow();
  });
});
