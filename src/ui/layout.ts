/**
 * Where things go for a given terminal size. One pure function, so every screen agrees on the widths
 * and the frame never grows taller than the terminal (a frame as tall as the terminal makes Ink clear
 * the screen on every render, which flickers).
 */
import { PREFLIGHT_TITLE } from './text.js';

/** Below this the wizard shows only a "please enlarge" message. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 16;
/** From this width on, the step list is a box on the left; below, it is one line. */
export const FULL_COLUMNS = 80;

export interface TerminalSize {
  columns: number;
  rows: number;
}

export interface Layout extends TerminalSize {
  tooSmall: boolean;
  /** The step list is one line above the panel instead of a box beside it. */
  collapsed: boolean;
  stepListWidth: number;
  /** The step list's width once the terminal is wide enough to show it (what enlarging would cost). */
  fullStepListWidth: number;
  panelWidth: number;
  /** Lines inside the panel's border; content beyond it is clipped. */
  bodyHeight: number;
}

export function computeLayout(size: TerminalSize, stepTitles: readonly string[]): Layout {
  const { columns, rows } = size;
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const collapsed = columns < FULL_COLUMNS;
  const longest = Math.max(PREFLIGHT_TITLE.length, ...stepTitles.map((t) => t.length));
  // mark + space + title, one column of padding and a border on each side.
  const fullStepListWidth = Math.min(30, Math.max(22, longest + 6));
  const stepListWidth = collapsed ? 0 : fullStepListWidth;
  // Header, footer, the panel's top and bottom border, and one spare line (see above).
  const bodyHeight = Math.max(1, rows - chromeRows(collapsed));
  return { columns, rows, tooSmall, collapsed, stepListWidth, fullStepListWidth, panelWidth: Math.max(1, columns - stepListWidth), bodyHeight };
}

/** The rows around the panel's body: header, footer, the panel's borders, a spare line, and the one-line step list when collapsed. */
function chromeRows(collapsed: boolean): number {
  return 5 + (collapsed ? 1 : 0);
}

/** Whether content of `width`×`height` fits in the panel's body now. */
export function fitsInPanel(layout: Layout, width: number, height: number): boolean {
  return width <= innerWidth(layout.panelWidth) && height <= layout.bodyHeight;
}

/**
 * The smallest terminal in which content of `width`×`height` fits in the panel's body: what to ask
 * the operator for. Widening past FULL_COLUMNS brings the step list back, which takes room too.
 */
export function sizeFor(layout: Layout, width: number, height: number): TerminalSize {
  const narrow = width + 4;
  const collapsed = narrow < FULL_COLUMNS;
  const columns = collapsed ? narrow : Math.max(FULL_COLUMNS, narrow + layout.fullStepListWidth);
  return { columns: Math.max(MIN_COLUMNS, columns), rows: Math.max(MIN_ROWS, height + chromeRows(collapsed)) };
}

/** Columns available for text inside a panel of `width` (border and padding on each side). */
export function innerWidth(width: number): number {
  return Math.max(1, width - 4);
}
