/**
 * Key presses that arrive together, taken apart again. Ink's input parser splits what it reads from
 * stdin at escape sequences only, so keys typed faster than the app reads them — "9" then enter, "9"
 * then Ctrl-C, enter twice — reach `useInput` as one string ("9\r") that names no key at all, and the
 * enter or Ctrl-C in it is lost (see vadimdemedes/ink#782). `splitKeys` turns such a string back into
 * the presses it holds: a run of printable characters stays one press (a paste arrives as one
 * `input`), and every control character becomes a press of its own, with the `Key` Ink gives it alone.
 */
import type { Key } from 'ink';

export interface KeyPress {
  input: string;
  key: Key;
}

export const NO_KEY: Readonly<Key> = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

const CONTROL = /[\u0000-\u001f\u007f]/;
const PIECES = /[\u0000-\u001f\u007f]|[^\u0000-\u001f\u007f]+/g;

/** A control character as Ink's parse-keypress reads it when it arrives on its own. */
function controlKey(ch: string): KeyPress {
  const code = ch.charCodeAt(0);
  switch (ch) {
    case '\r':
      return { input: '', key: { ...NO_KEY, return: true } };
    case '\t':
      return { input: '', key: { ...NO_KEY, tab: true } };
    case '\b':
      return { input: '', key: { ...NO_KEY, backspace: true } };
    case '\u007f':
      return { input: '', key: { ...NO_KEY, delete: true } };
    // Ink names a lone line feed 'enter' but does not call it `return`: it means nothing here either.
    case '\n':
      return { input: '', key: { ...NO_KEY } };
    default:
      // Ctrl-A … Ctrl-Z arrive as 0x01 … 0x1a; Ink reports the letter with `ctrl`.
      return code >= 1 && code <= 26 ? { input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } } : { input: '', key: { ...NO_KEY, ctrl: true } };
  }
}

/** The key presses in one `useInput` call: itself, unless it is text with control characters in it. */
export function splitKeys(input: string, key: Key): KeyPress[] {
  if (input.length < 2 || !CONTROL.test(input)) return [{ input, key }];
  return (input.match(PIECES) ?? []).map((piece) => (CONTROL.test(piece) ? controlKey(piece) : { input: piece, key: { ...NO_KEY, shift: /^[A-Z]$/.test(piece) } }));
}
