/**
 * Word wrapping shared by the screens (ui/components/Lines.tsx) and the printed output (`audit`): no
 * Ink here, so a command that prints lines does not load it.
 */

/**
 * Words of `text` in lines of at most `width` columns. A word longer than a line (a URL, an ARN) is
 * broken, starting where the line has room, rather than cut. Keeps explicit newlines; no line starts
 * with a space.
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((x) => x !== '')) {
      const joined = line === '' ? word : `${line} ${word}`;
      if (joined.length <= w) {
        line = joined;
        continue;
      }
      if (word.length <= w) {
        out.push(line);
        line = word;
        continue;
      }
      // Too long for any line: fill this one, then whole lines, and keep the rest.
      let rest = joined;
      while (rest.length > w) {
        out.push(rest.slice(0, w));
        rest = rest.slice(w);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}
