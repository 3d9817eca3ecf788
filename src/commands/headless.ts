/** `aws-harden --yes`: the run with nobody at the keyboard, one printed line per step. */
import { regionsLeftOut } from '../aws/regions.js';
import type { Presets } from '../config.js';
import type { Journal } from '../engine/journal.js';
import { resumeInfo, Runner, type RunResult } from '../engine/runner.js';
import { initialState } from '../engine/state.js';
import { formatWhen } from '../format/when.js';
import { HeadlessPrinter } from '../hosts/headless-printer.js';
import type { Session } from '../session.js';
import { onStopSignals, signalExitCode, type StopSignal } from '../signals.js';
import { STEPS } from '../steps/index.js';
import { resumeHint, windDown, writeQuietly } from '../stop.js';
import { exitCodeOf, runHeader, write } from './run.js';

/** Puts its own signal listeners on before it first yields: the caller's early ones can go then. */
export async function headless(s: Session, journal: Journal, presets: Presets): Promise<number> {
  const h = runHeader(s, journal);
  write(`aws-harden · account ${h.account} · ${h.isRoot ? 'root' : h.arn} · ${h.region}${h.dryRun ? ' · DRY-RUN (nothing will be changed)' : ''}`);
  write(`region ${h.region} (from ${s.regionSource})`);
  write(`signed in with: ${s.credentials.label}: ${s.credentials.meaning}`);
  // Nobody to ask: --yes always resumes, and says from when.
  const resume = resumeInfo(journal, STEPS);
  if (resume) write(`resuming: journal from ${formatWhen(resume.lastRun)}`);
  const host = new HeadlessPrinter(write, initialState(h, STEPS));
  // A signal stops the run between calls: the calls AWS is answering are answered and recorded, no new
  // one starts, and the cleanups (lock, sandbox) run. A second signal ends it at once.
  let received: StopSignal | undefined;
  let wake = (): void => undefined;
  const signalled = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const off = onStopSignals((signal) => {
    received = signal;
    writeQuietly(`\naws-harden: interrupted (${signal}).\n`);
    wake();
  });
  try {
    const running = new Runner(s.ctx, STEPS, journal, host, { dryRun: s.aws.dryRun, presets, headless: true }).run();
    let result: RunResult | undefined;
    try {
      result = await Promise.race([running, signalled.then(() => undefined)]);
    } catch (e) {
      if (!received) throw e; // after a signal, the runner's end (e.g. a check that was not sent) is expected
    }
    if (received) {
      await windDown(s.aws, running);
      writeQuietly(`aws-harden: stopped. ${resumeHint(s.sandbox)}\n`);
      return signalExitCode(received);
    }
    const leftOut = regionsLeftOut(s.aws);
    if (leftOut) write(`Regions left out of this run (every regional step): ${leftOut}. Run again once they answer.`);
    return exitCodeOf(result!);
  } finally {
    off();
  }
}
