/**
 * Current vs proposed settings, as lines for a screen that scrolls. Rows that change carry an arrow
 * and a bold proposed value, so the difference reads without colour too; unchanged rows are dim.
 * Side by side when every value fits its column; otherwise each row stacks its values under its label,
 * wrapped: a value is never cut (the operator approves what it says).
 */
import type { ComparisonTable as Table } from '../../steps/types.js';
import { textLines, type Line } from './Lines.js';

const ARROW = '→ ';
const GAP = 2;

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

function sideBySide(table: Table, width: number): Line[] | undefined {
  const [labelHead, currentHead, proposedHead] = table.columns;
  const labelWidth = Math.max(labelHead.length, ...table.rows.map((r) => r.label.length)) + GAP;
  const currentWidth = Math.max(currentHead.length, ...table.rows.map((r) => r.current.length)) + GAP - 1;
  const proposedWidth = Math.max(proposedHead.length, ...table.rows.map((r) => r.proposed.length));
  if (labelWidth + currentWidth + ARROW.length + proposedWidth > width) return undefined;
  const head: Line = [{ text: `${pad(labelHead, labelWidth)}${pad(currentHead, currentWidth)}${' '.repeat(ARROW.length)}${proposedHead}`, dim: true }];
  return [
    head,
    ...table.rows.map((row): Line => {
      const dim = !row.changes;
      return [
        { text: `${pad(row.label, labelWidth)}${pad(row.current, currentWidth)}${row.changes ? ARROW : '  '}`, dim },
        { text: row.proposed, ...(row.changes ? { bold: true, color: 'green' as const } : { dim: true }) },
      ];
    }),
  ];
}

function stacked(table: Table, width: number): Line[] {
  const [, currentHead, proposedHead] = table.columns;
  return table.rows.flatMap((row): Line[] => {
    if (!row.changes) return textLines(row.proposed, width, { dim: true }, `${row.label}: `);
    return [
      ...textLines(row.label, width),
      ...textLines(row.current, width, { dim: true }, `  ${currentHead || 'now'}: `),
      ...textLines(row.proposed, width, { bold: true, color: 'green' }, `  ${ARROW}${proposedHead || 'new'}: `),
    ];
  });
}

/** The table as lines of at most `width` columns. */
export function tableLines(table: Table, width: number): Line[] {
  return sideBySide(table, width) ?? stacked(table, width);
}
