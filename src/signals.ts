/**
 * The signals that stop a run the way Ctrl-C does (the terminal restored, the journal kept), the exit
 * code each ends with, and how a run listens for them. The one place these numbers live: the entry
 * point, `ExitCode.Interrupted`, the commands and the Ink wizard all ask here.
 */

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const satisfies readonly NodeJS.Signals[];
export type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * 128 + the signal's number, as shells report it (README "Exit codes"). These three numbers are
 * POSIX's own (SIGHUP 1, SIGINT 2, SIGTERM 15), the same on Linux and macOS.
 */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const satisfies Record<StopSignal, number>;

/** Ctrl-C: the key in the wizard, SIGINT from elsewhere, or a prompt on the terminal before the wizard. */
export const INTERRUPTED_EXIT_CODE = EXIT_CODES.SIGINT;

export function signalExitCode(signal: StopSignal): number {
  return EXIT_CODES[signal];
}

/** Whether a run ended because it was stopped (the entry point leaves at once then, see cli.ts). */
export function isStopExitCode(code: number): boolean {
  return STOP_SIGNALS.some((signal) => EXIT_CODES[signal] === code);
}

/**
 * Listens for the stop signals until the returned function is called. The first one goes to `first`; a
 * second one means the operator insists, and ends the process at once with its exit code (the 'exit'
 * listeners still run: the lock is released and Ink restores the terminal).
 */
export function onStopSignals(first: (signal: StopSignal) => void): () => void {
  let received = false;
  const listener = (signal: NodeJS.Signals) => {
    const stop = signal as StopSignal;
    if (received) return process.exit(signalExitCode(stop));
    received = true;
    first(stop);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, listener);
  };
}
