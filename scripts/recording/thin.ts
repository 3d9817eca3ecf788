/**
 * Makes a recording smaller without changing what a viewer sees settle on screen. The wizard redraws
 * its whole frame for every spinner tick, and the terminal hands each frame over in several chunks:
 * most of a raw recording is frames that stand for less than a tenth of a second.
 *
 * 1. Chunks that follow each other within 15 ms are joined (a frame is one write, cut up by the pty).
 * 2. A chunk followed by the next within 100 ms is dropped when, replayed through a terminal of the
 *    recording's size, what is kept shows the same screen and cursor after every kept chunk as the
 *    whole recording does. Where it would not (a frame that only draws part of the screen), the
 *    dropped chunks before that point are put back, and the check runs again.
 */
import xterm from '@xterm/headless';
import type { CastEvent } from './cast.js';

const JOIN_S = 0.015;
const FLEETING_S = 0.1;

function join(events: readonly CastEvent[]): CastEvent[] {
  const out: CastEvent[] = [];
  for (const [t, d] of events) {
    const last = out[out.length - 1];
    if (last && t - last[0] < JOIN_S && d !== '') last[1] += d;
    else out.push([t, d]);
  }
  return out;
}

/** The screen and cursor after each event, replayed in order. */
async function states(events: readonly CastEvent[], cols: number, rows: number): Promise<string[]> {
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const out: string[] = [];
  for (const [, d] of events) {
    await new Promise<void>((r) => term.write(d, r));
    const buf = term.buffer.active;
    const lines: string[] = [`${buf.cursorX},${buf.cursorY}`];
    for (let y = 0; y < rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    out.push(lines.join('\n'));
  }
  term.dispose();
  return out;
}

export async function thin(events: readonly CastEvent[], cols: number, rows: number): Promise<CastEvent[]> {
  const all = join(events);
  const reference = await states(all, cols, rows);
  const keep = all.map(([t], i) => i === all.length - 1 || (all[i + 1]?.[0] ?? t) - t >= FLEETING_S);
  for (let pass = 0; pass < 50; pass++) {
    const kept = all.map((e, i) => ({ e, i })).filter(({ i }) => keep[i]);
    const got = await states(
      kept.map(({ e }) => e),
      cols,
      rows,
    );
    const bad = kept.findIndex(({ i }, k) => got[k] !== reference[i]);
    if (bad < 0) return kept.map(({ e }) => e);
    // Put back everything dropped between the last good kept chunk and the first bad one.
    const from = bad === 0 ? 0 : kept[bad - 1]!.i + 1;
    for (let i = from; i < kept[bad]!.i; i++) keep[i] = true;
  }
  return all;
}
