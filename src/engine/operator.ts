/**
 * The operator bridge: the person at the keyboard as a step sees them (steps/types.ts `Operator`). Each
 * request a step makes while it applies (wait for something done in the console, enrol an MFA device,
 * show a secret once) becomes a prompt to the runner's host.
 */
import type { MfaRequest, Operator, RevealRequest, StepContext, StepId, WaitRequest } from '../steps/types.js';
import type { RunnerHost } from './host.js';

/** Thrown out of a step's apply when the operator quits from a prompt the step opened. */
export class QuitRun extends Error {}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The person at the keyboard, as a step sees them: every request becomes a prompt. */
export function operatorFor(host: RunnerHost, ctx: StepContext, stepId: StepId): Operator {
  return {
    waitFor: async (req: WaitRequest) => {
      const open = () =>
        host.prompt({
          kind: 'wait',
          stepId,
          title: req.title,
          instructions: req.instructions,
          ...(req.link ? { link: req.link } : {}),
          ...(req.watching ? { watching: req.watching } : {}),
          ...(req.simulates ? { simulates: req.simulates } : {}),
          startedAt: Date.now(),
          canSimulate: req.simulate !== undefined,
        });
      let reply = open();
      for (;;) {
        const r = await Promise.race([reply, sleep(req.intervalMs ?? 3_000).then(() => 'tick' as const)]);
        if (r === 'skip') return 'skipped';
        if (r === 'quit') throw new QuitRun();
        if (r === 'simulate') await req.simulate?.();
        // On every tick, and at once after the sandbox did the console part: has AWS seen it? (Asking AWS, not the read cache.)
        ctx.aws.forgetReads();
        if (await req.poll()) {
          host.dispatch({ type: 'prompt-closed' });
          return 'done';
        }
        if (r === 'simulate') reply = open();
      }
    },
    enrollMfa: async (req: MfaRequest) => {
      let error: string | undefined;
      for (;;) {
        const reply = await host.prompt({ kind: 'mfa', stepId, uri: req.uri, secret: req.secret, label: req.label, ...(error ? { error } : {}) });
        if (reply === 'skip') return 'skipped';
        if (reply === 'quit') throw new QuitRun();
        error = req.check(reply.code1, reply.code2);
        if (!error) return reply;
      }
    },
    reveal: async (req: RevealRequest) => {
      const reply = await host.prompt({ kind: 'reveal', stepId, title: req.title, label: req.label, secret: req.secret, ...(req.note ? { note: req.note } : {}) });
      if (reply === 'quit') throw new QuitRun();
    },
  };
}
