/**
 * Content as a list of terminal lines, each already fitted to the width: a screen that knows its
 * lines can tell when they do not fit and scroll them, instead of letting the panel clip the end
 * (where the calls are) without a word. Wrapping is ours, not Ink's: a wrapped line never starts with
 * a space, and nothing is cut.
 */
import { Box, Text } from 'ink';
import { wrapWords } from '../../format/wrap.js';

export { wrapWords };

export interface Segment {
  text: string;
  bold?: boolean;
  dim?: boolean;
  color?: 'green' | 'yellow' | 'red' | 'cyan';
}

/** One terminal line: its segments' text adds up to at most the width it was made for. */
export type Line = Segment[];

/**
 * Wrapped text as lines, every line in the same style. With a `prefix` (e.g. "  → proposed: ") the
 * text hangs after it: the first line starts with the prefix, the others are indented as far.
 */
export function textLines(text: string, width: number, style: Omit<Segment, 'text'> = {}, prefix = ''): Line[] {
  const hang = ' '.repeat(prefix.length);
  return wrapWords(text, width - prefix.length).map((t, i) => [{ text: `${i === 0 ? prefix : hang}${t}`, ...style }]);
}

export const BLANK: Line = [{ text: '' }];

/** Shortens `text` to `width` columns, ending in "…" when something was cut. */
function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** A line whose segments are cut to `width` as a whole (for one-line summaries such as a call's parameters). */
export function fitLine(line: Line, width: number): Line {
  const out: Line = [];
  let room = width;
  for (const seg of line) {
    if (room <= 0) break;
    const text = seg.text.length <= room ? seg.text : cut(seg.text, room);
    out.push({ ...seg, text });
    room -= text.length;
  }
  return out;
}

export function Lines({ lines }: { lines: readonly Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.length === 0 || line.every((s) => s.text === '')
            ? ' '
            : line.map((s, j) => (
                <Text key={j} bold={s.bold ?? false} dimColor={s.dim ?? false} {...(s.color ? { color: s.color } : {})}>
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}

/** Which lines of `total` to show in `height` rows from `offset`, and whether a position line is needed. */
export function scrollWindow(total: number, height: number, offset: number): { start: number; visible: number; scrollable: boolean; atEnd: boolean } {
  if (total <= height) return { start: 0, visible: total, scrollable: false, atEnd: true };
  const visible = Math.max(1, height - 1);
  const start = Math.min(Math.max(0, offset), total - visible);
  return { start, visible, scrollable: true, atEnd: start + visible >= total };
}
