import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountLock, lockPath, processAlive, takeoverNotice, type LockOwner } from '../../src/engine/lock.js';
import { OperatorError } from '../../src/errors.js';

const ACCOUNT = '123456789012';
const freshEnv = (): NodeJS.ProcessEnv => ({ XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'lock-test-')) });

const held: AccountLock[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const l of held.splice(0)) l.release();
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function acquire(env: NodeJS.ProcessEnv, opts: Parameters<typeof AccountLock.acquire>[1] = {}): AccountLock {
  const lock = AccountLock.acquire(ACCOUNT, { env, ...opts });
  held.push(lock);
  return lock;
}

function refusal(f: () => unknown): OperatorError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OperatorError);
    return e as OperatorError;
  }
  throw new Error('expected the lock to be refused');
}

function writeLock(env: NodeJS.ProcessEnv, owner: LockOwner | string): string {
  const path = lockPath(ACCOUNT, env);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof owner === 'string' ? owner : JSON.stringify(owner));
  return path;
}

/** A process that is certainly alive for the test's duration. */
function liveProcess(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

/** A pid that certainly is not running: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('AccountLock', () => {
  it('creates <account>.lock next to the journal, mode 0600, saying who holds it; release removes it', () => {
    const env = freshEnv();
    const lock = acquire(env);
    expect(lock.path).toBe(join(env.XDG_STATE_HOME!, 'aws-harden', `${ACCOUNT}.lock`));
    expect(statSync(lock.path).mode & 0o777).toBe(0o600);
    const owner = JSON.parse(readFileSync(lock.path, 'utf8'));
    expect(owner).toEqual({ pid: process.pid, host: hostname(), startedAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(owner.startedAt))).toBe(false);
    expect(lock.tookOverFrom).toBeUndefined();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lock.release(); // twice is fine
  });

  it('refuses a second lock on the same account, naming pid, host, start time and the file', () => {
    const env = freshEnv();
    const pid = liveProcess();
    const path = writeLock(env, { pid, host: hostname(), startedAt: '2026-11-23T14:05:00.000Z' });
    const before = readFileSync(path, 'utf8');
    const e = refusal(() => acquire(env));
    expect(e.code).toBe('locked');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`pid ${pid} on ${hostname()}`);
    expect(e.message).toMatch(/started 2026-11-2\d \d\d:\d\d/);
    expect(e.message).toContain(path);
    expect(e.remedy).toContain(`kill ${pid}`);
    expect(e.remedy).toContain(`remove ${path}`);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses while another run in this process holds it (the exclusive create decides)', () => {
    const env = freshEnv();
    acquire(env, { owner: { pid: liveProcess(), host: hostname(), startedAt: new Date().toISOString() } });
    expect(refusal(() => acquire(env)).message).toMatch(/Another aws-harden is working on account 123456789012/);
  });

  it('takes over a stale lock of a dead process on this host, and says whose', async () => {
    const env = freshEnv();
    const pid = await deadPid();
    expect(processAlive(pid)).toBe(false);
    const path = writeLock(env, { pid, host: hostname(), startedAt: '2026-11-23T14:05:00.000Z' });
    const lock = acquire(env);
    expect(lock.tookOverFrom).toMatchObject({ pid });
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    expect(takeoverNotice(lock)).toMatch(new RegExp(`took over a stale lock .*${ACCOUNT}\\.lock from pid ${pid} \\(started 2026-11-2\\d \\d\\d:\\d\\d\\), which is no longer running`));
  });

  it('takes over a lock holding its own pid (a dead run whose pid this process now has)', () => {
    const env = freshEnv();
    writeLock(env, { pid: process.pid, host: hostname(), startedAt: '2020-01-01T00:00:00.000Z' });
    expect(acquire(env).tookOverFrom?.startedAt).toBe('2020-01-01T00:00:00.000Z');
  });

  it("does not judge a lock from another host stale: it cannot see that host's processes", () => {
    const env = freshEnv();
    writeLock(env, { pid: 999_999, host: 'other-host', startedAt: '2026-11-23T14:05:00.000Z' });
    const e = refusal(() => acquire(env, { isAlive: () => false }));
    expect(e.message).toContain('pid 999999 on other-host');
    expect(e.remedy).toMatch(/another host/);
  });

  it('refuses a damaged lock file, leaving it as it is', () => {
    const env = freshEnv();
    const path = writeLock(env, '{"pid": 12');
    const e = refusal(() => acquire(env));
    expect(e.message).toContain(`The lock ${path} is damaged`);
    expect(e.remedy).toContain(`remove ${path}`);
    expect(readFileSync(path, 'utf8')).toBe('{"pid": 12');
  });

  it('does not remove a lock another run has taken over since', () => {
    const env = freshEnv();
    const lock = acquire(env);
    const other = { pid: liveProcess(), host: hostname(), startedAt: new Date().toISOString() };
    writeFileSync(lock.path, JSON.stringify(other));
    lock.release();
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toEqual(other);
  });

  it('says so, naming the directory, when the state directory cannot be made', () => {
    const base = mkdtempSync(join(tmpdir(), 'lock-test-'));
    writeFileSync(join(base, 'aws-harden'), 'a file where the directory should be');
    const e = refusal(() => acquire({ XDG_STATE_HOME: base }));
    expect(e.message).toMatch(/Cannot create the state directory .*aws-harden \((EEXIST|ENOTDIR)\)/);
    expect(e.remedy).toMatch(/writable.*XDG_STATE_HOME/);
  });

  it('is released when the process exits without running finally blocks (process.exit)', async () => {
    const env = freshEnv();
    const script = `
      const { AccountLock } = await import(${JSON.stringify(new URL('../../src/engine/lock.ts', import.meta.url).pathname)});
      AccountLock.acquire('${ACCOUNT}', { env: { XDG_STATE_HOME: ${JSON.stringify(env.XDG_STATE_HOME)} } });
      process.stdout.write('locked\\n');
      setTimeout(() => process.exit(7), 50);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(out).toBe('locked\n');
    expect(code).toBe(7);
    expect(existsSync(lockPath(ACCOUNT, env))).toBe(false);
  });
});
