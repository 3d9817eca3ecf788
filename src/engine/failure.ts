/**
 * After a step's attempt threw: an interrupt or a quit ends the run quietly; any other error is shown
 * with its remedy and journaled, and the operator chooses to retry, skip the step, or stop.
 */
import { isRunHalted } from '../aws/in-flight.js';
import { describeError } from '../errors.js';
import type { Step, StepContext, StepId } from '../steps/types.js';
import type { RunnerHost, StepPatch } from './host.js';
import type { Journal } from './journal.js';
import { QuitRun } from './operator.js';

/** What the failure handling uses of the runner. */
export interface FailureScene {
  readonly ctx: StepContext;
  readonly host: RunnerHost;
  readonly journal: Journal;
  readonly update: (id: StepId, patch: StepPatch) => void;
  readonly skip: (step: Step, note: string) => void;
}

/** 'retry': attempt the step again; otherwise how the step ends. */
export async function afterFailure(e: unknown, step: Step, { ctx, host, journal, update, skip }: FailureScene): Promise<'retry' | 'skipped' | 'quit' | 'failed'> {
  // Interrupted: the call that would have started did not, and nothing failed. The journal keeps
  // what it had (a step left 'applying' is read back from AWS by the next run).
  if (e instanceof QuitRun || isRunHalted(e)) return 'quit';
  const error = describeError(e);
  update(step.id, { status: 'failed', error: { message: error.message, ...(error.remedy ? { remedy: error.remedy } : {}) } });
  journal.setStatus(step.id, 'failed', error.message);
  const reply = await host.prompt({ kind: 'failure', stepId: step.id, error });
  if (reply === 'retry') {
    // Whatever the operator fixed meanwhile is read from AWS.
    ctx.aws.forgetReads();
    update(step.id, { status: 'checking', error: undefined });
    return 'retry';
  }
  if (reply === 'skip') {
    skip(step, 'skipped after an error');
    return 'skipped';
  }
  return 'failed';
}
