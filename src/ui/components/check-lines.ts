/**
 * The Security Status as lines that fit the room the start screen has for it. From the most to the
 * least detail, the first that fits:
 * - `lines`: one line per check, its detail beside it;
 * - `grouped`: one line per check that needs work (with its detail), the passing ones in a paragraph
 *   ("✓ 12 already in place: Root MFA, …");
 * - `grid`: every check's mark and title, in as many columns as the width allows, no details;
 * - `groups`: one paragraph per status (what needs work, what could not be read, what is in place).
 * When even that does not fit, as many checks as fit, those that need work first, and a last line
 * that says how many are not shown: a check is never left out without a word.
 */
import type { AuditCheck } from '../../engine/state.js';
import { AUDIT_MARKS } from '../../format/glyphs.js';
import { groupLines, markSegment } from './grouped-lines.js';
import type { Line } from './Lines.js';

export type CheckMode = 'lines' | 'grouped' | 'grid' | 'groups';
export const CHECK_MODES: readonly CheckMode[] = ['lines', 'grouped', 'grid', 'groups'];

/** What the paragraphs call each status, in the order they are listed. */
const GROUPS: ReadonlyArray<{ status: AuditCheck['status']; label: (n: number) => string }> = [
  { status: 'fail', label: (n) => `${n} need${n === 1 ? 's' : ''} work` },
  { status: 'unknown', label: (n) => `${n} could not be read` },
  { status: 'pass', label: (n) => `${n} already in place` },
];

/** `text` in `width` columns, ending in "…" when shortened; a link is left out whole rather than cut. */
export function detailIn(text: string, width: number): string {
  if (text.length <= width || width < 2) return text;
  const cut = text.slice(0, width - 1);
  const space = cut.lastIndexOf(' ');
  const token = text.slice(space + 1).split(' ')[0] ?? '';
  return /^\(?https?:\/\//.test(token) && space > 0 ? `${cut.slice(0, space)} …` : `${cut}…`;
}

/** One check on one line: mark, title in a column as wide as the longest, then the detail shortened to fit. */
function checkLine(c: AuditCheck, titleWidth: number, width: number): Line {
  const pass = c.status === 'pass';
  return [markSegment(AUDIT_MARKS[c.status]), { text: ` ${c.title}`.padEnd(titleWidth + 1) }, { text: detailIn(c.detail, width - titleWidth - 2), ...(pass ? { dim: true } : {}) }];
}

function titleWidthOf(checks: readonly AuditCheck[]): number {
  return Math.max(0, ...checks.map((c) => c.title.length)) + 2;
}

/** The checks of one status as a paragraph, or nothing when there are none. */
function group(checks: readonly AuditCheck[], status: AuditCheck['status'], width: number): Line[] {
  const of = checks.filter((c) => c.status === status);
  const g = GROUPS.find((x) => x.status === status)!;
  return of.length === 0
    ? []
    : groupLines(
        AUDIT_MARKS[status],
        g.label(of.length),
        of.map((c) => c.title),
        width,
        status === 'pass' ? { dim: true } : {},
      );
}

/** Marks and titles in columns, read down then across (the steps' order). */
function grid(checks: readonly AuditCheck[], width: number): Line[] {
  const cell = Math.max(0, ...checks.map((c) => c.title.length)) + 2;
  const columns = Math.max(1, Math.floor((width + 2) / (cell + 2)));
  const rows = Math.ceil(checks.length / columns);
  return Array.from({ length: rows }, (_, r): Line =>
    checks.filter((_c, i) => i % rows === r).flatMap((c, col, row) => [markSegment(AUDIT_MARKS[c.status]), { text: ` ${c.title}`.padEnd(col < row.length - 1 ? cell + 1 : 0) }]),
  );
}

export function checkLines(checks: readonly AuditCheck[], width: number, mode: CheckMode): Line[] {
  const titleWidth = titleWidthOf(checks);
  switch (mode) {
    case 'lines':
      return checks.map((c) => checkLine(c, titleWidth, width));
    case 'grouped':
      return [...checks.filter((c) => c.status !== 'pass').map((c) => checkLine(c, titleWidth, width)), ...group(checks, 'pass', width)];
    case 'grid':
      return grid(checks, width);
    case 'groups':
      return GROUPS.flatMap((g) => group(checks, g.status, width));
    default: {
      const never: never = mode;
      throw new Error(`unhandled mode ${String(never)}`);
    }
  }
}

/** Lines each mode takes. */
export function checkHeights(checks: readonly AuditCheck[], width: number): Record<CheckMode, number> {
  return Object.fromEntries(CHECK_MODES.map((m) => [m, checkLines(checks, width, m).length])) as Record<CheckMode, number>;
}

/** The most detailed mode that fits `maxLines` (`undefined`: none does, and `lines` hold what fits). */
export function fitChecks(checks: readonly AuditCheck[], width: number, maxLines: number): { mode: CheckMode | undefined; lines: Line[] } {
  for (const mode of CHECK_MODES) {
    const lines = checkLines(checks, width, mode);
    if (lines.length <= maxLines) return { mode, lines };
  }
  // What the run will change first, in step order; the last line counts the rest.
  const room = Math.max(0, maxLines - 1);
  const kept = new Set([...checks.filter((c) => c.status !== 'pass'), ...checks.filter((c) => c.status === 'pass')].slice(0, room));
  const shown = checks.filter((c) => kept.has(c));
  const allPassingLeft = shown.some((c) => c.status !== 'pass') && checks.every((c) => kept.has(c) || c.status === 'pass');
  const rest = `… and ${checks.length - shown.length} more${allPassingLeft ? ', all passing' : ' (`aws-harden audit` lists them all)'}`;
  return { mode: undefined, lines: [...shown.map((c) => checkLine(c, titleWidthOf(checks), width)), [{ text: rest, dim: true }]] };
}
