/**
 * RepaintStream against a headless xterm: the same writes Ink's standard renderer makes, once as they
 * are and once through the stream, must leave the two terminals with the same screen and cursor —
 * while the stream writes far fewer bytes. (The whole wizard in a real pty: test/e2e/repaint.pty.test.ts.)
 */
import { EventEmitter } from 'node:events';
import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { RepaintStream } from '../../src/ui/repaint.js';

const COLS = 30;
const ROWS = 10;

/** A terminal behind a tty's output: '\n' arrives as CR LF (onlcr), as on a real one. */
function terminal() {
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  let pending = Promise.resolve();
  let bytes = 0;
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: COLS,
    rows: ROWS,
    write(data: string) {
      bytes += Buffer.byteLength(data);
      pending = pending.then(() => new Promise<void>((r) => term.write(data.replace(/\n/g, '\r\n'), r)));
      return true;
    },
  });
  return {
    stdout: stdout as unknown as NodeJS.WriteStream,
    bytes: () => bytes,
    async state() {
      await pending;
      const buf = term.buffer.active;
      const rows: string[] = [];
      for (let y = 0; y < ROWS; y++) rows.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
      return { screen: rows.join('\n'), cursor: [buf.cursorX, buf.cursorY] };
    },
  };
}

/** What Ink's standard renderer writes for a frame: erase the previous one (its lines and the cursor's), write this one. */
function inkWrites(frames: readonly (readonly string[] | { other: string })[]): string[] {
  let previous = 0;
  return frames.map((f) => {
    if ('other' in f) {
      previous = 0;
      return f.other;
    }
    const erase = previous === 0 ? '' : `${'\u001b[2K\u001b[1A'.repeat(previous - 1)}\u001b[2K\u001b[G`;
    previous = f.length + 1;
    return `${erase}${f.join('\n')}\n`;
  });
}

async function compare(frames: Parameters<typeof inkWrites>[0]) {
  const plain = terminal();
  const through = terminal();
  const stream = new RepaintStream(through.stdout);
  // Something above the frame, as a shell prompt would be.
  plain.stdout.write('$ aws-harden\n');
  through.stdout.write('$ aws-harden\n');
  for (const write of inkWrites(frames)) {
    plain.stdout.write(write);
    stream.write(write);
    expect(await through.state()).toEqual(await plain.state());
  }
  return { full: plain.bytes(), repainted: through.bytes() };
}

const box = (body: string[], width = COLS) => [`┌${'─'.repeat(width - 2)}┐`, ...body.map((line) => `│${line.padEnd(width - 2)}│`), `└${'─'.repeat(width - 2)}┘`];

describe('RepaintStream', () => {
  it('rewrites only changed lines of a frame as wide as the terminal, and ends where a full write would', async () => {
    const tick = (glyph: string) => [' header', ...box(['one', `${glyph} waiting`, 'three', '', '']), ' footer'];
    const { full, repainted } = await compare([tick('⠋'), tick('⠙'), tick('⠹'), tick('⠸'), tick('⠼')]);
    expect(repainted).toBeLessThan(full / 3);
  });

  it('follows a frame that grows, shrinks (what was below is erased) and changes colours', async () => {
    await compare([[' a', ' b', ' c'], [' a', ' B', ' c', ' d', ' e'], [' a', '\u001b[2mB\u001b[22m'], [' x'], [' x', ' y', ' z', ' w', ' v', ' u', ' t', ' s', ' r'], [' x', ' y']]);
  });

  it('passes other output through, then draws the next frame in full', async () => {
    await compare([
      [' a', ' b', ' c'],
      { other: '\u001b[2K\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u001b[G' }, // a clear
      { other: 'console.log output\n' },
      [' a', ' b', ' c'],
      [' a', ' b', ' C'],
    ]);
  });

  it('lets a frame as tall as the terminal through as it is', async () => {
    const tall = (n: number) => Array.from({ length: ROWS + 2 }, (_, i) => ` line ${i} ${n}`);
    await compare([tall(1), tall(2), [' short'], [' short', ' again']]);
  });

  it('draws the frame from scratch on a cleared screen on ctrl-l, the cursor below it', async () => {
    const t = terminal();
    const stream = new RepaintStream(t.stdout);
    t.stdout.write('garbage\n'.repeat(3));
    for (const write of inkWrites([
      [' a', ' b'],
      [' a', ' B'],
    ]))
      stream.write(write);
    t.stdout.write('\u001b[2;3Hstray'); // something else writes over the frame
    stream.redraw();
    const { screen, cursor } = await t.state();
    expect(screen.split('\n').slice(0, 3)).toEqual([' a', ' B', '']);
    expect(screen).not.toMatch(/garbage|stray/);
    expect(cursor).toEqual([0, 2]);
  });
});
