/**
 * The verify loop: after apply, AWS is read back until the step says done, backing off between
 * attempts, because IAM and friends are eventually consistent.
 */
import { callsFor } from '../aws/purpose.js';
import type { Answers, Finding, Step, StepContext } from '../steps/types.js';

/** Verification read-backs: attempts and first delay (doubling), for IAM's eventual consistency. */
export interface VerifySettings {
  attempts: number;
  firstDelayMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reads AWS back until the step says done, backing off between attempts; `progress` is the step's progress line. */
export async function verifyApplied(ctx: StepContext, step: Step, answers: Answers, settings: VerifySettings | undefined, progress: (line: string | undefined) => void): Promise<Finding> {
  const { attempts, firstDelayMs } = settings ?? { attempts: 6, firstDelayMs: 500 };
  let last: Finding | undefined;
  let waited = false;
  try {
    for (let i = 0; i < attempts; i++) {
      if (i > 0) {
        waited = true;
        // Reading again because AWS may not show the change yet: from AWS, not from the run's read cache.
        ctx.aws.forgetReads();
        const delay = firstDelayMs * 2 ** (i - 1);
        // e.g. GetAccountSummary still counts a root key deleted a moment ago: say so while waiting.
        progress(`AWS does not show the change yet (${(last?.summary ?? 'not verified').replace(/\.$/, '')}); reading again in ${(delay / 1000).toFixed(1)}s (${i}/${attempts - 1})`);
        await sleep(delay);
      }
      last = await callsFor(`${step.id} verify`, () => (step.verify ? step.verify(ctx, answers) : step.check(ctx)));
      if (last.status === 'done') return last;
    }
  } finally {
    if (waited) progress(undefined);
  }
  return last ?? { status: 'todo', summary: 'not verified' };
}
