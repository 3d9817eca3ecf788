/**
 * Takes the secrets out of a recording before it is written: the admin MFA's QR code and the text form
 * of its seed. Both are blanked in the output stream itself, so no frame of the recording, replayed by
 * any player, can show them.
 *
 * - The QR code, by its shape: a run of at least 21 half-block cells (`█▀▄`, spaces between) is a QR
 *   row (the wizard draws nothing else with those glyphs). Every cell of the run, spaces included, is
 *   shaded, and the middle row of each drawn code says why. Stray half blocks are shaded too.
 * - The seed, by content: the recorder knows it (it read the QR off its own, unblanked, screen to type
 *   the codes); the seed itself and each of its four-letter groups as the `t` key shows them are
 *   replaced by dots.
 *
 * Replacements keep the length of what they replace, character for character, so the cursor moves in
 * the stream still land where they did. The stream is blanked whole, then cut at the original chunk
 * boundaries, so a secret split across two chunks is still found.
 */
import type { CastEvent } from './cast.js';

export const QR_LABEL = '[QR hidden in recording]';
const SHADE = '░';
const DOT = '•';
const QR_RUN = /[█▀▄][█▀▄ ]{19,}[█▀▄]/g;
const QR_GLYPH = /[█▀▄]/g;

/** The four-letter groups the wizard shows a seed in (`secretLines` in src/ui/text.ts). */
export function seedGroups(seed: string): string[] {
  return seed.match(/.{1,4}/g) ?? [];
}

function blankQr(text: string): string {
  const runs = [...text.matchAll(QR_RUN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  // Rows of one drawn code follow each other one line apart; anything more is another frame.
  const groups: (typeof runs)[] = [];
  runs.forEach((run, i) => {
    const prev = runs[i - 1];
    const sameCode = prev !== undefined && (text.slice(prev.end, run.start).match(/\n/g) ?? []).length === 1;
    if (sameCode) groups[groups.length - 1]!.push(run);
    else groups.push([run]);
  });
  // matchAll indexes are UTF-16 offsets (the text before a run may hold other characters): work in units.
  const units = text.split('');
  for (const group of groups) {
    const middle = group[Math.floor(group.length / 2)];
    for (const run of group) {
      const width = run.end - run.start;
      let row = SHADE.repeat(width);
      if (run === middle && width >= QR_LABEL.length) {
        const at = Math.floor((width - QR_LABEL.length) / 2);
        row = row.slice(0, at) + QR_LABEL + row.slice(at + QR_LABEL.length);
      }
      for (let i = 0; i < width; i++) units[run.start + i] = row[i]!;
    }
  }
  return units.join('').replace(QR_GLYPH, SHADE);
}

function blankSeeds(text: string, seeds: readonly string[]): string {
  let out = text;
  for (const seed of seeds) {
    if (seed.length < 16 || !/^[A-Z2-7]+$/.test(seed)) throw new Error('refusing to blank a seed that is not base32 of at least 16 characters');
    out = out.split(seed).join(DOT.repeat(seed.length));
    for (const group of seedGroups(seed)) {
      out = out.replace(new RegExp(`(?<![A-Z0-9])${group}(?![A-Z0-9])`, 'g'), DOT.repeat(group.length));
    }
  }
  return out;
}

/** The whole output with the QR codes shaded and the seeds dotted out; the same length as `text`. */
export function blankText(text: string, seeds: readonly string[]): string {
  const out = blankSeeds(blankQr(text), seeds);
  if (out.length !== text.length) throw new Error('blanking changed the length of the output');
  return out;
}

/** The events with their output blanked as one stream, cut again at the original boundaries. */
export function blankEvents(events: readonly CastEvent[], seeds: readonly string[]): CastEvent[] {
  const blanked = blankText(events.map(([, d]) => d).join(''), seeds);
  let at = 0;
  return events.map(([t, d]) => {
    const part = blanked.slice(at, at + d.length);
    at += d.length;
    return [t, part];
  });
}
