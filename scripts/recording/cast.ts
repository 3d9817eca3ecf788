/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a header line of JSON, then one
 * `[time, "o", data]` line per chunk of output. Writing caps idle gaps so a recording never makes the
 * viewer wait on the emulator; reading checks the structure (the recordings test uses it).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix seconds when the recording started. */
  timestamp: number;
  env: { SHELL: string; TERM: string };
  title: string;
}

/** One chunk of output: seconds since the start, and the bytes the terminal received (as text). */
export type CastEvent = [time: number, data: string];

export interface Cast {
  header: CastHeader;
  events: CastEvent[];
}

/** Every gap between two chunks (and before the first) shortened to at most `maxIdle` seconds. */
export function capIdle(events: readonly CastEvent[], maxIdle: number): CastEvent[] {
  let shift = 0;
  let last = 0;
  return events.map(([t, data]) => {
    const gap = t - last;
    if (gap > maxIdle) shift += gap - maxIdle;
    last = t;
    return [Math.round((t - shift) * 1e6) / 1e6, data];
  });
}

export function castText(cast: Cast): string {
  const lines = [JSON.stringify(cast.header), ...cast.events.map(([t, data]) => JSON.stringify([t, 'o', data]))];
  return `${lines.join('\n')}\n`;
}

export function writeCast(path: string, cast: Cast): void {
  writeFileSync(path, castText(cast));
}

/** Parses a v2 file, refusing anything that is not one (the message says which line and why). */
export function parseCast(text: string, name = 'recording'): Cast {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = JSON.parse(lines[0] ?? 'null') as Partial<CastHeader> | null;
  if (!header || header.version !== 2) throw new Error(`${name}: line 1 is not an asciicast v2 header`);
  for (const field of ['width', 'height', 'timestamp'] as const) {
    if (!Number.isInteger(header[field]) || (header[field] ?? 0) <= 0) throw new Error(`${name}: header.${field} is not a positive integer`);
  }
  if (typeof header.title !== 'string' || typeof header.env?.TERM !== 'string') throw new Error(`${name}: header lacks title or env.TERM`);
  let last = 0;
  const events = lines.slice(1).map((line, i): CastEvent => {
    const e = JSON.parse(line) as unknown;
    if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== 'number' || e[1] !== 'o' || typeof e[2] !== 'string') {
      throw new Error(`${name}: line ${i + 2} is not a [time, "o", data] event`);
    }
    if (e[0] < last) throw new Error(`${name}: line ${i + 2} goes back in time`);
    last = e[0];
    return [e[0], e[2]];
  });
  return { header: header as CastHeader, events };
}

export function readCast(path: string): Cast {
  return parseCast(readFileSync(path, 'utf8'), path);
}
