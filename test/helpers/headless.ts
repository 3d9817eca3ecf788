/** Drives the real Runner as `--yes` does, keeping what it printed and the reduced wizard state. */
import type { Journal } from '../../src/engine/journal.js';
import { Runner, type ReplyTo, type RunOptions, type RunnerHost } from '../../src/engine/runner.js';
import { initialState, reduce, type Prompt, type WizardState } from '../../src/engine/state.js';
import { HeadlessHost } from '../../src/hosts/headless-printer.js';
import type { Step, StepContext } from '../../src/steps/types.js';

export async function runHeadless(ctx: StepContext, steps: readonly Step[], journal: Journal, opts: RunOptions) {
  const lines: string[] = [];
  const header = { account: ctx.identity.account, arn: ctx.identity.arn, isRoot: true, region: ctx.region, dryRun: opts.dryRun, sandbox: true, journalPath: journal.path };
  let state: WizardState = initialState(header, steps);
  const printer = new HeadlessHost((l) => lines.push(l), state.steps);
  const host: RunnerHost = {
    dispatch: (e) => {
      state = reduce(state, e);
      printer.dispatch(e);
    },
    prompt: <P extends Prompt>(p: P): Promise<ReplyTo<P>> => printer.prompt(p),
  };
  const result = await new Runner(ctx, steps, journal, host, { verify: { attempts: 3, firstDelayMs: 50 }, ...opts }).run();
  return { result, lines, state };
}
