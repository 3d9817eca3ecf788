/**
 * A stdout for Ink that rewrites only the lines of the frame that changed.
 *
 * Ink's standard renderer erases the whole frame and writes it again on every render: at 120×40 one
 * spinner tick cost ~7 KB, 85 KB/s while nothing but the spinner moved. Ink 6.8's own
 * `incrementalRendering` cannot be used instead: whenever the frame ends with a newline (it is shorter
 * than the terminal, as ours always is) it moves the cursor up one line too few before rewriting
 * (`cursorUp(previousVisible - 1)` in its log-update.js, where the cursor sits one line below the
 * frame), so every frame lands a line lower, leaving stale and duplicated lines (its sibling at full
 * height: vadimdemedes/ink#1023).
 *
 * So Ink keeps its standard renderer, and this stream turns each "erase N lines + frame" it writes into
 * the bytes that change only the lines that differ, leaving the terminal exactly as the full write
 * would: the same lines, the cursor at the start of the line below them. Anything else Ink writes
 * (console output, a frame as tall as the terminal, a clear) passes through unchanged, and the frame
 * after it goes out in full. Changed lines are erased before they are written, not after: our lines are
 * as wide as the terminal, which leaves the cursor on the last column with a wrap pending, and there
 * xterm's erase-to-end-of-line takes the last character (the panel's border) with it, while VTE, tmux
 * and xterm.js keep it (microsoft/terminal#3177) — so a headless xterm.js test could not catch it.
 */
import { EventEmitter } from 'node:events';

const CSI = '\u001b[';
/** Ink's erase of the previous frame (ansi-escapes `eraseLines(n)`): n × erase-line, moving up between, then column 1. */
const ERASE_LINES = /^((?:\u001b\[2K\u001b\[1A)*)\u001b\[2K\u001b\[G/;
const ERASE_STEP = `${CSI}2K${CSI}1A`.length;
/** Writes that only switch a terminal mode (cursor hidden/shown, synchronized output): no content. */
const MODES_ONLY = /^(?:\u001b\[\?[0-9;]*[hl])+$/;
/** Any escape sequence in a frame other than colours and styles (SGR) or hyperlinks (OSC 8). */
const FOREIGN = /\u001b(?!\[[0-9;:]*m|\]8;|\\)/;

type WriteCallback = (error?: Error | null) => void;

/** Only what Ink reads from its stdout; Ink's types want a `NodeJS.WriteStream`, hence `asStdout()`. */
export class RepaintStream extends EventEmitter {
  /** The frame's lines as on the terminal, the cursor at the start of the line below; undefined when unknown. */
  private painted: string[] | undefined;

  constructor(private readonly target: NodeJS.WriteStream) {
    super();
    // After a resize the terminal may have scrolled or reflowed: the next frame goes out in full.
    target.on('resize', () => {
      this.painted = undefined;
      this.emit('resize');
    });
  }

  get isTTY(): boolean {
    return this.target.isTTY;
  }
  get columns(): number {
    return this.target.columns;
  }
  get rows(): number {
    return this.target.rows;
  }
  get writable(): boolean {
    return this.target.writable;
  }
  get writableEnded(): boolean {
    return this.target.writableEnded;
  }
  get writableLength(): number {
    return this.target.writableLength;
  }
  get destroyed(): boolean {
    return this.target.destroyed;
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof chunk !== 'string') {
      this.painted = undefined;
      return this.target.write(chunk, done);
    }
    return this.target.write(this.translate(chunk), done);
  }

  /**
   * Draws the frame again from scratch, on a cleared screen (ctrl-l): for when something else wrote to
   * the terminal. The cursor ends below the frame, where Ink expects it.
   */
  redraw(): void {
    if (!this.painted) return;
    this.target.write(`${CSI}?2026h${CSI}2J${CSI}H${this.painted.map((line) => `${line}\n`).join('')}${CSI}?2026l`);
  }

  /** Makes Ink's render() accept this stream. */
  asStdout(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }

  private translate(text: string): string {
    if (text === '' || MODES_ONLY.test(text)) return text;
    const erase = ERASE_LINES.exec(text);
    const erased = erase ? (erase[1] ?? '').length / ERASE_STEP + 1 : 0;
    const body = erase ? text.slice(erase[0].length) : text;
    if (!body.endsWith('\n') || FOREIGN.test(body)) {
      this.painted = undefined;
      return text;
    }
    const previous = this.painted;
    const next = body.slice(0, -1).split('\n');
    this.painted = next;
    // Only a frame that was entirely on screen (with the cursor's line) can be rewritten in place.
    const fits = (lines: readonly string[]) => lines.length + 1 <= this.target.rows;
    if (!previous || previous.length === 0 || erased !== previous.length + 1 || !fits(previous) || !fits(next)) return text;
    return changedLines(previous, next);
  }
}

/** From the line below `previous` to the line below `next`, rewriting only the lines that differ. */
export function changedLines(previous: readonly string[], next: readonly string[]): string {
  let out = `\r${CSI}${previous.length}A`;
  let unchanged = 0;
  next.forEach((line, i) => {
    if (i < previous.length && previous[i] === line) {
      unchanged++;
      return;
    }
    if (unchanged > 0) out += `${CSI}${unchanged}B`;
    unchanged = 0;
    out += `${CSI}2K${line}\n`;
  });
  if (unchanged > 0) out += `${CSI}${unchanged}B`;
  // What is left of a taller previous frame, below the new one.
  if (next.length < previous.length) out += `${CSI}J`;
  return out;
}
