/**
 * Starts moto (the AWS emulator, in server mode) on a free loopback port, as a child process that
 * never writes to the terminal and never outlives this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OperatorError } from '../errors.js';

/** A running moto server. `stop()` is idempotent. */
export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Extra environment for moto (e.g. `MOTO_ENABLE_RECORDING`); wins over the defaults. */
  env?: Record<string, string>;
}

/**
 * The sandbox could not be started. Always carries a remedy: the operator (or developer) can act on
 * it, usually by running the setup script.
 */
export class SandboxError extends OperatorError {
  override readonly remedy: string;
  constructor(message: string, remedy: string, options?: { cause?: unknown }) {
    super('sandbox', message, remedy, undefined, options);
    this.remedy = remedy;
  }
}

const SETUP_REMEDY = 'Run `bash scripts/setup.sh` in the aws-harden directory; it installs the emulator (moto 5).';
const READY_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 2_000;
const STDERR_LINES_KEPT = 20;

/** The directory holding package.json, found by walking up from this file (works in src/ and dist/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `<project>/.venv/bin/moto_server` (made by scripts/setup.sh) first, else `moto_server` on PATH. */
export function findMotoServer(): string {
  const venv = join(projectRoot(), '.venv', 'bin', 'moto_server');
  if (isExecutable(venv)) return venv;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'moto_server');
    if (isExecutable(candidate)) return candidate;
  }
  throw new SandboxError('The AWS emulator (moto_server) is not installed.', SETUP_REMEDY);
}

/** Asks the kernel for a free loopback port. Racy by nature; startMoto retries if it was taken. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the free port'))));
    });
  });
}

/** One HTTP GET; resolves true on any HTTP answer (the server is up), false on a connection error. */
function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 2_000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(true));
      res.on('error', () => resolve(true));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * moto runs under a tiny `sh` supervisor in its own process group:
 * - the supervisor reads our stdin pipe; when this process dies for any reason (even SIGKILL, which
 *   skips `process.on('exit')`) the pipe closes and the supervisor stops moto;
 * - being a process-group leader lets `stop()` signal moto and the supervisor together;
 * - the supervisor waits for moto itself, so its exit means moto is gone and the port is free.
 * The pyenv shim `exec`s into Python, so moto keeps the pid `"$@" &` gave it.
 */
const SUPERVISOR = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'pid=$!',
  'trap \'kill -TERM "$pid" 2>/dev/null\' TERM INT HUP',
  '( cat <&3 >/dev/null; kill -TERM "$pid" 2>/dev/null ) &',
  'status=0',
  'while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done',
  'exit "$status"',
].join('\n');

interface Spawned {
  child: ChildProcess;
  exited: Promise<number | null>;
  lastOutput(): string;
}

function spawnSupervised(bin: string, port: number, env: NodeJS.ProcessEnv): Spawned {
  const child = spawn('/bin/sh', ['-c', SUPERVISOR, 'moto-supervisor', bin, '-H', '127.0.0.1', '-p', String(port)], {
    env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // moto logs every request; keep only the tail, and always drain so the pipe never fills.
  const tail: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > STDERR_LINES_KEPT) tail.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return { child, exited, lastOutput: () => tail.join('\n') };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Lets this process exit while moto still runs (the supervisor then stops moto). */
function unrefAll(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    // Pipes are net.Sockets at run time, though typed as plain streams.
    (stream as { unref?: () => unknown } | null)?.unref?.();
  }
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` with `MOTO_IAM_LOAD_MANAGED_POLICIES=true`
 * (without it AdministratorAccess does not exist) and resolves once it answers HTTP.
 * Throws SandboxError if moto is missing or does not come up within 20 s.
 */
export async function startMoto(opts: StartMotoOptions = {}): Promise<MotoServer> {
  const bin = findMotoServer();
  const env: NodeJS.ProcessEnv = { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', ...opts.env };

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const proc = spawnSupervised(bin, port, env);
    const onExit = (): void => killGroup(proc.child, 'SIGKILL');
    process.on('exit', onExit);

    let exitCode: number | null | undefined;
    void proc.exited.then((code) => {
      exitCode = code;
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let ready = false;
    while (exitCode === undefined && Date.now() < deadline) {
      if (await answers(`${endpoint}/moto-api/`)) {
        ready = true;
        break;
      }
      await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
    }

    if (ready) {
      unrefAll(proc.child);
      let stopping: Promise<void> | undefined;
      const stop = (): Promise<void> => {
        stopping ??= (async () => {
          killGroup(proc.child, 'SIGTERM');
          const timer = setTimeout(() => killGroup(proc.child, 'SIGKILL'), STOP_GRACE_MS);
          await proc.exited;
          clearTimeout(timer);
          process.off('exit', onExit);
        })();
        return stopping;
      };
      return { endpoint, port, stop };
    }

    killGroup(proc.child, 'SIGKILL');
    await proc.exited;
    process.off('exit', onExit);
    const output = proc.lastOutput();
    if (exitCode !== undefined && /address already in use/i.test(output) && attempt < 3) continue;
    const what = exitCode !== undefined ? `exited (code ${exitCode})` : `did not answer within ${READY_TIMEOUT_MS / 1000} s`;
    throw new SandboxError(`The AWS emulator (${bin}) ${what}.${output === '' ? '' : `\nLast output:\n${output}`}`, SETUP_REMEDY);
  }
}
