/**
 * Runs test/keychain/child.ts (or any command) asynchronously: the emulator's overlay runs in the test
 * process, so a synchronous spawn would block the very server the child talks to.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ChildAnswer {
  ok?: boolean;
  value?: string;
  backend?: string;
  error?: { message: string; remedy?: string; exitCode?: number };
}

/** Runs child.ts with the given environment; returns its JSON answer. */
export async function runChild(args: string[], env: NodeJS.ProcessEnv, wrap: string[] = []): Promise<ChildAnswer> {
  const cmd = [...wrap, process.execPath, '--import', 'tsx', CHILD, ...args];
  const r = await run(cmd[0]!, cmd.slice(1), { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ChildAnswer;
  } catch {
    throw new Error(`child said: ${r.stdout}\n${r.stderr}`);
  }
}

/** process.env without some variables, plus extras. */
export function envWithout(names: string[], extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const n of names) delete env[n];
  return { ...env, ...extra };
}
