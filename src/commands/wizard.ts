/**
 * `aws-harden`: the Ink wizard on an interactive terminal. Ink and the screens are loaded only here,
 * and only when this command runs (`preloadUi`), so audit, plan and --yes never load them.
 */
import type { CliOptions } from '../args.js';
import type { Presets } from '../config.js';
import { planOf } from '../engine/dry-run-plan.js';
import type { Journal } from '../engine/journal.js';
import { Runner, type RunResult } from '../engine/runner.js';
import { initialState } from '../engine/state.js';
import { ExitCode, OperatorError } from '../errors.js';
import { formatPlan } from '../format/plan-text.js';
import { createWizardStore } from '../hosts/ink-store.js';
import type { Session } from '../session.js';
import { onStopSignals, signalExitCode } from '../signals.js';
import { STEPS } from '../steps/index.js';
import { resumeHint, windDown, writeQuietly } from '../stop.js';
import { exitCodeOf, runHeader, write } from './run.js';

/** Refuses, before anything is drawn, a terminal the wizard cannot draw on. */
export function refuseUnfitTerminal(opts: Pick<CliOptions, 'debug'>): void {
  if (!(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new OperatorError(
      'not-a-tty',
      'The wizard needs an interactive terminal, and this is not one.',
      'Run it in a terminal, or use --yes for a non-interactive run with defaults, or `aws-harden audit` to only check.',
      ExitCode.Usage,
    );
  }
  if (opts.debug && process.stderr.isTTY) {
    throw new OperatorError(
      'usage',
      '--debug writes to stderr, which is the terminal the wizard draws on: its lines would tear the screen.',
      'Send them to a file: aws-harden --debug 2>aws-harden-debug.log (or use --debug with --yes, audit or plan).',
      ExitCode.Usage,
    );
  }
  // A dumb terminal (Emacs shell, some IDE consoles) prints cursor movement as garbage: refused before
  // anything is drawn. The --yes run prints plain lines, so it stays available there.
  if (process.env.TERM === 'dumb') {
    throw new OperatorError(
      'not-a-tty',
      'The wizard draws a full-screen frame, and this terminal (TERM=dumb) cannot show one.',
      'Use --yes for a non-interactive run with defaults (plain lines, one per step), `aws-harden audit` to only check, or `aws-harden plan` to see every call; or run the wizard in a terminal emulator.',
      ExitCode.Usage,
    );
  }
}

type UiModule = typeof import('../ui/run.js');

/**
 * Starts loading Ink and the screens (about a second of WebAssembly compilation for its layout engine)
 * while the sandbox and the preflight calls run, rather than after them.
 */
export function preloadUi(): Promise<UiModule> {
  // Ink draws only the last frame when it believes it runs in CI (is-in-ci reads CI when Ink is
  // imported). The wizard runs only on a real terminal, where every frame must show, so an inherited
  // CI variable must not blank the screen.
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in process.env) process.env[name] = 'false';
  const ui = import('../ui/run.js');
  ui.catch(() => undefined); // awaited (and reported) later; never an unhandled rejection meanwhile
  return ui;
}

/**
 * Until the wizard's screen (which restores the terminal first) or the headless run take over the
 * signals, a signal ends the run at once: nothing is drawn yet, the journal is written atomically, and
 * the lock goes with the process ('exit' listener). Returns the function that takes the listeners off.
 */
export function earlySignals(sandbox: Session['sandbox']): () => void {
  return onStopSignals((signal) => {
    writeQuietly(`\naws-harden: interrupted (${signal}). ${resumeHint(sandbox)}\n`);
    process.exit(signalExitCode(signal));
  });
}

/** `early` takes the early signal listeners off once the wizard's own are on. */
export async function wizard(s: Session, journal: Journal, presets: Presets, ui: Promise<UiModule>, early: () => void): Promise<number> {
  const { runInteractive, summaryText } = await ui;
  // The Ink host: the one reduction of the run's events, read by the screens and by the lines below.
  const store = createWizardStore(initialState(runHeader(s, journal), STEPS));
  let runner: Promise<RunResult> | undefined;
  const running = runInteractive(store, (host) => (runner = new Runner(s.ctx, STEPS, journal, host, { dryRun: s.aws.dryRun, presets }).run()));
  // runInteractive has put its own signal listeners on before it first yields; these can go now
  // (not earlier: with no listener at all, a signal would kill the process outright).
  early();
  const result = await running;
  // Interrupted: the screen is gone; let the calls in flight be answered and recorded before the
  // cleanups stop the sandbox and the AWS clients.
  if (result === 'interrupted' || 'signal' in result) await windDown(s.aws, runner);
  const final = store.getState();
  if (result === 'interrupted') process.stderr.write(`aws-harden: interrupted. ${resumeHint(s.sandbox)}\n`);
  else if ('signal' in result) {
    writeQuietly(`aws-harden: interrupted (${result.signal}). ${resumeHint(s.sandbox)}\n`);
    return signalExitCode(result.signal);
  } else if ('stopped' in result) process.stderr.write(`aws-harden: stopped. ${resumeHint(s.sandbox)}\n`);
  else if (result.outcome !== 'previewed') {
    // Below the final frame, as plain text the terminal keeps: the summary, with the profile to use and
    // the sign-in URL in full. It holds no secret (notes never do).
    write(['', 'Summary (kept here once the wizard is gone):', summaryText(final, process.stdout.columns ?? 80)].join('\n'));
  } else {
    // Below the final frame, as plain text the terminal keeps: every call with its parameters and policies.
    const needsHuman = new Set<string>(STEPS.filter((st) => st.needsHuman).map((st) => st.id));
    write(['', 'The full plan (nothing was changed):', ...formatPlan(planOf(final.steps, needsHuman))].join('\n'));
  }
  return exitCodeOf(result);
}
