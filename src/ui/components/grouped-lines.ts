/**
 * Several titles under one mark, as a paragraph: "✓ 12 already in place: Root MFA, Admin group, …",
 * wrapped between titles (a title is never split unless it is wider than a line), the next lines
 * indented under the first word. How a screen shows every step or check in fewer lines than one each.
 */
import type { Mark } from '../../format/glyphs.js';
import { wrapWords, type Line, type Segment } from './Lines.js';

/** A mark's colour as a line segment's (the step list's blue reads as cyan in text). */
export function markSegment(mark: Mark): Segment {
  return { text: mark.symbol, ...(mark.color ? { color: mark.color === 'blue' ? 'cyan' : mark.color } : {}), ...(mark.dim ? { dim: true } : {}) };
}

/** `mark label: title, title, …` in lines of at most `width` columns. */
export function groupLines(mark: Mark, label: string, titles: readonly string[], width: number, style: Omit<Segment, 'text'> = {}): Line[] {
  const room = Math.max(1, width - 2);
  const tokens = [`${label}:`, ...titles.map((t, i) => (i < titles.length - 1 ? `${t},` : t))];
  const out: string[] = [];
  let line = '';
  for (const token of tokens) {
    const joined = line === '' ? token : `${line} ${token}`;
    if (joined.length <= room) {
      line = joined;
      continue;
    }
    if (line !== '') out.push(line);
    line = '';
    // Wider than a line on its own: wrapped between its words.
    const parts = token.length <= room ? [token] : wrapWords(token, room);
    out.push(...parts.slice(0, -1));
    line = parts.at(-1) ?? '';
  }
  if (line !== '') out.push(line);
  return out.map((text, i): Line => (i === 0 ? [markSegment(mark), { text: ` ${text}`, ...style }] : [{ text: `  ${text}`, ...style }]));
}
