/**
 * Keychain failures as operator errors with a remedy. The OS keychain library reports everything as one
 * "Platform failure"/"Couldn't access platform storage" string, so the two cases a Linux operator meets
 * most (no D-Bus session / no Secret Service, and a locked or missing "login" collection) are told apart
 * by their text.
 */
import { ExitCode, OperatorError } from '../errors.js';

const UNAVAILABLE =
  /autolaunch|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect|org\.freedesktop\.DBus\.Error\.(ServiceUnknown|NoReply|Spawn)|Secret Service|No such interface|connection is closed|dbus/i;
const LOCKED = /Object does not exist at path|collection\/login|locked|Cannot create an item in a locked collection|prompt dismissed|was dismissed|No unlocked|no default collection|NoDefault/i;

/** What to do when no Secret Service answers; also offered by the wizard before it starts. */
export const UNAVAILABLE_REMEDY =
  'Run aws-harden in a desktop session with a keyring (GNOME Keyring, KWallet, macOS Keychain), or keep the secrets in an encrypted file instead: add --keychain file. ' +
  'Over SSH or in a container you can also start a keyring first: `dbus-run-session -- bash`, then `gnome-keyring-daemon --unlock --components=secrets` (type a keyring password, then Ctrl-D), then run aws-harden in that shell.';
const LOCKED_REMEDY =
  'Unlock the keyring (sign in to the desktop session, or open Passwords and Keys / Seahorse and unlock "Login"), or create a "login" keyring there; ' +
  'in a shell session: `printf PASSWORD | gnome-keyring-daemon --unlock --components=secrets`. Then run again. Nothing was stored or removed.';

/** The text a keychain failure carries: an Error's message, or the thrown value as JS prints it. */
export function failureDetail(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** True when the error says no Secret Service (or no D-Bus session) is reachable at all. */
export function isUnavailable(e: unknown): boolean {
  const detail = failureDetail(e);
  return !LOCKED.test(detail) && UNAVAILABLE.test(detail);
}

/** Maps an OS keychain failure to an operator error. `what` says what aws-harden was doing, e.g. "store the console password". */
export function keychainError(e: unknown, what: string): OperatorError {
  if (e instanceof OperatorError) return e;
  const detail = failureDetail(e);
  if (LOCKED.test(detail)) {
    return new OperatorError('usage', `Could not ${what}: the OS keychain is locked or has no "login" collection (${detail}).`, LOCKED_REMEDY, ExitCode.Usage, { cause: e });
  }
  if (UNAVAILABLE.test(detail)) {
    return new OperatorError('usage', `Could not ${what}: no OS keychain (Secret Service) is reachable (${detail}).`, UNAVAILABLE_REMEDY, ExitCode.Usage, { cause: e });
  }
  return new OperatorError('usage', `Could not ${what}: the OS keychain refused (${detail}).`, 'Check that the keyring is running and unlocked, then run again.', ExitCode.Usage, { cause: e });
}
