/**
 * Which rows of the step list fit its box. With more steps than lines (22 steps at 80×24), the list
 * shows a window that always holds the current step, and a line above and/or below says how many
 * steps it hides: nothing is cut without a word.
 */

export interface StepWindow {
  /** First row shown. */
  start: number;
  /** One past the last row shown. */
  end: number;
  /** Rows hidden above (`start`) and below (`total - end`), each announced by a line of its own. */
  above: number;
  below: number;
}

/** Rows kept in sight before the current one (the step just done) and after it (the next). */
const BEFORE = 1;
const AFTER = 1;

/**
 * The rows of `total` to show in `height` lines, `current` among them (a current row out of range
 * counts as the first). The result takes at most `height` lines, the "more" lines included, as long
 * as `height` is at least 3 (the layout's minimum is far above).
 */
export function stepWindow(total: number, height: number, current: number): StepWindow {
  if (total <= height) return { start: 0, end: total, above: 0, below: 0 };
  const at = current >= 0 && current < total ? current : 0;
  const room = Math.max(1, height);
  // At the top: no line above, one below.
  if (at + AFTER <= room - 2) return window(0, Math.max(1, room - 1), total);
  // At the bottom: one line above, none below.
  const last = total - Math.max(1, room - 1);
  if (at - BEFORE >= last) return window(last, total, total);
  // In between, the current row second: a line above and one below.
  const visible = Math.max(1, room - 2);
  const start = Math.min(Math.max(1, at - Math.min(BEFORE, visible - 1)), total - visible - 1);
  return window(start, start + visible, total);
}

function window(start: number, end: number, total: number): StepWindow {
  return { start, end, above: start, below: total - end };
}
