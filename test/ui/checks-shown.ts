/**
 * What the start screen's panel shows, read back from a frame: its lines, its text, and the Security
 * status's checks wherever the screen put them (one a line, in columns, in paragraphs).
 */
import { lines } from './app.js';

/** The panel's lines (the text between its borders, right of the step list). */
export function panelLines(frame: string): string[] {
  return lines(frame).map((l) => /│ ([^│]*?) *│$/.exec(l)?.[1] ?? '');
}

/** The panel's text, its lines joined with spaces: what a wrapped sentence reads as. */
export function panelText(frame: string): string {
  return panelLines(frame).join(' ').replace(/ +/g, ' ');
}

/** The Security status's lines, below its heading. */
export function checkLines(frame: string): string[] {
  const panel = panelLines(frame);
  const from = panel.findIndex((l) => l.startsWith('Security status'));
  if (from < 0) return [];
  return panel.slice(
    from + 1,
    panel.findIndex((l, i) => i > from && l === ''),
  );
}

/**
 * The checks the panel shows, by mark and title, wherever they are: one a line (then its detail), in
 * columns (read down, then across), or in a paragraph ("✗ 20 need work: Root MFA, Admin group, …",
 * after the others).
 */
export function shownChecks(frame: string): string[] {
  const columns: string[][] = [];
  const paragraphs: string[] = [];
  let mark: string | undefined;
  for (const line of checkLines(frame)) {
    const group = /^([✓✗?]) \d+ [^:]+: (.*)$/.exec(line);
    if (group) mark = group[1]!;
    else if (/^[✓✗?] /.test(line)) mark = undefined;
    if (mark !== undefined) {
      const items = (group ? group[2]! : line).split(', ').map((i) => i.trim().replace(/,$/, ''));
      paragraphs.push(...items.filter((i) => i !== '').map((i) => `${mark} ${i}`));
      continue;
    }
    line
      .split(/ {2,}/)
      .filter((cell) => /^[✓✗?] /.test(cell))
      .forEach((cell, i) => (columns[i] ??= []).push(cell));
  }
  return [...columns.flat(), ...paragraphs];
}
