/** Drives the real Runner as `--yes` does, keeping what it printed and the reduced wizard state. */
import type { Journal } from '../../src/engine/journal.js';
import { Runner, type RunOptions } from '../../src/engine/runner.js';
import { initialState } from '../../src/engine/state.js';
import { HeadlessPrinter } from '../../src/hosts/headless-printer.js';
import type { Step, StepContext } from '../../src/steps/types.js';

export async function runHeadless(ctx: StepContext, steps: readonly Step[], journal: Journal, opts: RunOptions) {
  const lines: string[] = [];
  const header = { account: ctx.identity.account, arn: ctx.identity.arn, isRoot: true, region: ctx.region, dryRun: opts.dryRun, sandbox: true, journalPath: journal.path };
  const host = new HeadlessPrinter((l) => lines.push(l), initialState(header, steps));
  const result = await new Runner(ctx, steps, journal, host, { verify: { attempts: 3, firstDelayMs: 50 }, ...opts }).run();
  return { result, lines, state: host.state };
}
