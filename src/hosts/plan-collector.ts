/**
 * The host of `aws-harden plan`: answers every prompt as `--yes` does (yes-answers.ts), prints nothing,
 * and keeps the wizard's state (one `reduce` per event), from which the command reads the plan.
 */
import type { ReplyTo, RunnerHost } from '../engine/runner.js';
import { reduce, type Prompt, type WizardEvent, type WizardState } from '../engine/state.js';
import { answerAsYes } from './yes-answers.js';

export class PlanCollector implements RunnerHost {
  constructor(public state: WizardState) {}

  dispatch(event: WizardEvent): void {
    this.state = reduce(this.state, event);
  }

  prompt<P extends Prompt>(prompt: P): Promise<ReplyTo<P>> {
    return answerAsYes(prompt, () => undefined);
  }
}
