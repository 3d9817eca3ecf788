/**
 * What the runner needs of whoever shows the run (Ink, the headless printer, the plan collector): it
 * dispatches WizardEvents to them and asks the operator through them. Two methods, nothing else.
 */
import type { Answers, StepContext } from '../steps/types.js';
import type { Prompt, WizardEvent } from './state.js';

/** What each kind of prompt resolves to. 'quit' ends the run (the journal keeps the progress). */
export interface Replies {
  /** 'start' also means resume; 'start-over' forgets the journal's answers and statuses first. */
  start: 'start' | 'start-over' | 'quit';
  questions: { answers: Answers } | 'skip' | 'quit';
  confirm: 'apply' | 'skip' | 'quit';
  failure: 'retry' | 'skip' | 'quit';
  wait: 'skip' | 'simulate' | 'quit';
  mfa: { code1: string; code2: string } | 'skip' | 'quit';
  reveal: 'done' | 'quit';
}
export type ReplyTo<P extends Prompt> = Replies[P['kind']];

export interface RunnerHost {
  dispatch(event: WizardEvent): void;
  prompt<P extends Prompt>(prompt: P): Promise<ReplyTo<P>>;
}

/** A change to one step's line on the screen. */
export type StepPatch = Extract<WizardEvent, { type: 'step-updated' }>['patch'];

/**
 * A person may change the account (in the console) while a prompt waits for them: what was read before
 * a prompt is read from AWS again after it (aws/read-cache.ts). Nobody answers a --yes run's prompts.
 */
export function forgettingReads(host: RunnerHost, ctx: StepContext): RunnerHost {
  return {
    dispatch: (event) => host.dispatch(event),
    prompt: async <P extends Prompt>(prompt: P): Promise<ReplyTo<P>> => {
      try {
        return await host.prompt(prompt);
      } finally {
        ctx.aws.forgetReads();
      }
    },
  };
}
