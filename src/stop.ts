/**
 * How a run stops when it is interrupted: what it waits for, and what it tells the operator to do next.
 */
import { basename } from 'node:path';
import type { Aws } from './aws/context.js';
import type { SandboxShape } from './sandbox/shapes.js';

/** How long an interrupted run waits for AWS to answer the calls it already sent. */
export const WIND_DOWN_MS = 10_000;

/** After SIGHUP the terminal may be gone: a message that cannot be written is not worth a crash. */
export function writeQuietly(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // nothing to tell it to
  }
}

/**
 * After an interrupt: no call starts from now on, and the run waits (up to `WIND_DOWN_MS`) until the
 * calls AWS is answering are answered and the runner has recorded them — so a create AWS applied is in
 * the journal, and the sandbox is not stopped under a call it is still answering.
 */
export async function windDown(aws: Aws, runner: Promise<unknown> | undefined): Promise<void> {
  aws.inFlight.halt();
  const pending = aws.inFlight.pending;
  if (pending.length > 0) writeQuietly(`aws-harden: waiting for AWS to answer ${pending.join(', ')} before stopping…\n`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), WIND_DOWN_MS);
  });
  // The runner ends at its next AWS call or prompt; until then it may still be recording an answer.
  const ended = Promise.all([aws.inFlight.idle(WIND_DOWN_MS), (runner ?? Promise.resolve()).catch(() => undefined)]).then(() => 'ended' as const);
  const how = await Promise.race([ended, timeout]);
  clearTimeout(timer);
  if (how === 'timeout' && aws.inFlight.pending.length > 0) {
    writeQuietly(`aws-harden: AWS did not answer ${aws.inFlight.pending.join(', ')} within ${WIND_DOWN_MS / 1000} s; stopping anyway. The next run reads AWS back to see whether it was made.\n`);
  }
}

/**
 * The command that starts a new sandbox, as this operator started this one: `bash scripts/demo.sh`
 * (which names itself in AWS_HARDEN_LAUNCHER), `node dist/cli.js --sandbox`, or `aws-harden --sandbox`.
 */
export function sandboxCommand(shape: SandboxShape | undefined, env: NodeJS.ProcessEnv = process.env, script = process.argv[1] ?? ''): string {
  const shapeFlag = shape && shape !== 'fresh' ? `--sandbox=${shape}` : '';
  if (env.AWS_HARDEN_LAUNCHER) return [env.AWS_HARDEN_LAUNCHER, shapeFlag].filter(Boolean).join(' ');
  const cli = basename(script) === 'cli.js' ? 'node dist/cli.js' : 'aws-harden';
  return `${cli} ${shapeFlag || '--sandbox'}`;
}

/** What to do after a run that did not finish: resume it, or (sandbox) start a new account. */
export function resumeHint(sandbox: false | { shape?: SandboxShape }): string {
  return sandbox
    ? `The sandbox account is thrown away on exit; run \`${sandboxCommand(sandbox.shape)}\` to start a new one.`
    : 'Progress is saved: run the same command again to continue where you stopped.';
}
