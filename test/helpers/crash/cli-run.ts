/**
 * One run of the built CLI as the matrices start it: a HOME, state directory and ~/.aws/config of its
 * own, the matrix answers in a --config file, none of the caller's AWS_ variables; and the process,
 * which the proxy may SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../cli.js';
import { MATRIX_CONFIG } from './matrix.js';

const RUN_TIMEOUT_MS = 120_000;

export interface RunOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunDir {
  home: string;
  env: NodeJS.ProcessEnv;
  /** The --config file with MATRIX_CONFIG. */
  config: string;
}

export function runDir(): RunDir {
  const home = mkdtempSync(join(tmpdir(), 'aws-harden-crash-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) env[k] = v;
  const config = join(home, 'answers.json');
  writeFileSync(config, JSON.stringify(MATRIX_CONFIG));
  mkdirSync(join(home, 'state'));
  return {
    home,
    config,
    env: {
      ...env,
      HOME: home,
      XDG_STATE_HOME: join(home, 'state'),
      AWS_CONFIG_FILE: join(home, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      NO_COLOR: '1',
    },
  };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<RunOutput> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const done = new Promise<RunOutput>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The last `n` lines a run printed (stderr when it has any), on one line. */
export function lastLines(out: RunOutput, n: number): string {
  return (out.stderr || out.stdout).trim().split('\n').slice(-n).join(' | ');
}
