/**
 * The signals that stop a run the way Ctrl-C does (the terminal restored, the journal kept), and the
 * exit code each ends with: 128 + the signal's number, as shells report it (130, 143, 129).
 */
import { constants as osConstants } from 'node:os';

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}
