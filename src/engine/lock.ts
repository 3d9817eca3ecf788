/**
 * One wizard per account: `<state dir>/<account>.lock`, next to the journal, made with an exclusive
 * create and holding who made it. Two runs on one account would both read the journal, both create
 * what is missing (two access keys, two MFA devices) and the last journal write would win.
 * Dry-run and audit write nothing, so they take no lock.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ExitCode, OperatorError } from '../errors.js';
import { stateDir } from './journal.js';
import { formatWhen } from '../format/when.js';

/** What the lock file says: enough to tell the operator who holds it, and to tell a dead holder. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the holder started. */
  startedAt: string;
}

export function lockPath(account: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), `${account}.lock`);
}

export interface LockOptions {
  env?: NodeJS.ProcessEnv;
  /** Whether a process of this host is running; tests replace it. */
  isAlive?: (pid: number) => boolean;
  /** Who this run is; tests replace it. */
  owner?: LockOwner;
}

/** `kill(pid, 0)` sends nothing: ESRCH means no such process; EPERM means one runs (as someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string' && typeof o.startedAt === 'string') {
      return { pid: o.pid, host: o.host, startedAt: o.startedAt };
    }
  } catch {
    // Not JSON: garbled, or caught between its creation and its write.
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Blocks for `ms`: acquiring happens once, before any screen, and must stay synchronous. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? 'error';

function unwritable(dir: string, what: string, e: unknown): OperatorError {
  return new OperatorError('journal', `Cannot create ${what} (${code(e)}).`, `Make ${dir} writable (or set XDG_STATE_HOME to a writable directory) and run again.`, ExitCode.Usage, { cause: e });
}

function heldBy(account: string, path: string, holder: LockOwner, sameHost: boolean): OperatorError {
  const who = `pid ${holder.pid} on ${holder.host}, started ${formatWhen(holder.startedAt)}`;
  const remedy = sameHost
    ? `Let it finish, or stop it (kill ${holder.pid}). If no aws-harden is running, remove ${path} and run again.`
    : `It runs on another host, so it cannot be checked from here. If no aws-harden is running there, remove ${path} and run again.`;
  return new OperatorError('locked', `Another aws-harden is working on account ${account} (${who}; lock ${path}).`, remedy, ExitCode.Usage);
}

export class AccountLock {
  private released = false;
  // process.exit() (the headless signal handlers, cli.ts after an interrupt) skips `finally` blocks.
  private readonly onExit = () => this.release();

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
    /** The dead run whose lock this one took over, to say so. */
    readonly tookOverFrom: LockOwner | undefined,
  ) {
    process.on('exit', this.onExit);
  }

  /** Takes the account's lock, or throws an OperatorError saying who holds it. */
  static acquire(account: string, opts: LockOptions = {}): AccountLock {
    const dir = stateDir(opts.env);
    const path = lockPath(account, opts.env);
    const owner = opts.owner ?? { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    const isAlive = opts.isAlive ?? processAlive;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw unwritable(dir, `the state directory ${dir}`, e);
    }
    let tookOver: LockOwner | undefined;
    let garbled = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      let fd: number;
      try {
        fd = openSync(path, 'wx', 0o600);
      } catch (e) {
        if (code(e) !== 'EEXIST') throw unwritable(dir, `the lock ${path}`, e);
        let text: string | undefined;
        try {
          text = readText(path);
        } catch (e2) {
          throw new OperatorError('locked', `The lock ${path} cannot be read (${code(e2)}).`, `If no aws-harden is running for account ${account}, remove ${path} and run again.`, ExitCode.Usage, {
            cause: e2,
          });
        }
        if (text === undefined) continue; // released meanwhile: try again
        const holder = parseOwner(text);
        if (!holder) {
          // Another run may have created it and not yet written it: look once more before judging.
          if (garbled++ === 0) {
            pause(200);
            continue;
          }
          throw new OperatorError(
            'locked',
            `The lock ${path} is damaged (not the JSON aws-harden writes).`,
            `If no aws-harden is running for account ${account}, remove ${path} and run again.`,
            ExitCode.Usage,
          );
        }
        const sameHost = holder.host === owner.host;
        // Our own pid in a lock we did not make: a dead run whose pid this process now has.
        const dead = sameHost && (holder.pid === owner.pid || !isAlive(holder.pid));
        if (!dead) throw heldBy(account, path, holder, sameHost);
        // Stale. Remove it only if it still is the file just judged, which narrows the moment in which
        // two runs could both take over; the exclusive create below decides between them.
        if (readText(path) === text) rmSync(path, { force: true });
        tookOver = holder;
        continue;
      }
      try {
        writeSync(fd, `${JSON.stringify(owner)}\n`);
        fsyncSync(fd);
      } catch (e) {
        closeSync(fd);
        rmSync(path, { force: true });
        throw unwritable(dir, `the lock ${path}`, e);
      }
      closeSync(fd);
      return new AccountLock(path, owner, tookOver);
    }
    throw new OperatorError('locked', `Could not take the lock ${path}: other runs keep taking it.`, `Make sure only one aws-harden runs for account ${account}, then run again.`, ExitCode.Usage);
  }

  /** Removes the lock if it is still this run's. Safe to call more than once, and from an 'exit' listener. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    try {
      const holder = parseOwner(readText(this.path) ?? '');
      // Never remove a lock another run took over (it judged this one dead).
      if (holder && holder.pid === this.owner.pid && holder.host === this.owner.host && holder.startedAt === this.owner.startedAt) rmSync(this.path, { force: true });
    } catch {
      // Best effort on the way out: a lock left behind is recognised as stale next time.
    }
  }
}

/** "took over the lock of pid 123 (started …), which is no longer running". */
export function takeoverNotice(lock: AccountLock): string | undefined {
  const t = lock.tookOverFrom;
  return t ? `took over a stale lock ${lock.path} from pid ${t.pid} (started ${formatWhen(t.startedAt)}), which is no longer running.` : undefined;
}
