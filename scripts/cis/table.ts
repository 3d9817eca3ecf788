/**
 * The README's "CIS AWS Foundations coverage" table, made from src/audit/cis.ts: `npm run cis-table`
 * writes it between the markers, and test/audit/readme-table.test.ts fails when the two differ.
 */
import { CIS_BENCHMARK, CIS_CONTROLS, type CisControl, type Disposition } from '../../src/audit/cis.js';

export const START = '<!-- cis-table:start (made by `npm run cis-table` from src/audit/cis.ts; edit that file, not this table) -->';
export const END = '<!-- cis-table:end -->';

/** Markdown-safe cell text: no pipes, no emphasis from `*:*`. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\*/g, '\\*');
const code = (ids: readonly string[]) => ids.map((id) => `\`${id}\``).join(', ');

function row(c: CisControl): string {
  const d: Disposition = c.disposition;
  const control = `${c.id}${c.assessment === 'manual' ? ' (manual)' : ''}`;
  switch (d.kind) {
    case 'step':
      return `| ${control} | ${cell(c.title)} | ${cell(d.how)} | ${code(d.steps)} |`;
    case 'check':
      return `| ${control} | ${cell(c.title)} | ${cell(d.how)} (check \`${d.check}\`) | checked only: ${cell(d.fix)} |`;
    case 'not-applicable':
      return `| ${control} | ${cell(c.title)} | — | not applicable: ${cell(d.why)} |`;
    case 'not-possible':
      return `| ${control} | ${cell(c.title)} | — | not possible: ${cell(d.why)} |`;
    default: {
      const never: never = d;
      throw new Error(`unhandled disposition ${String(never)}`);
    }
  }
}

/** How many controls each kind of answer has. */
export function totals(): Record<Disposition['kind'], number> {
  const t: Record<Disposition['kind'], number> = { step: 0, check: 0, 'not-applicable': 0, 'not-possible': 0 };
  for (const c of CIS_CONTROLS) t[c.disposition.kind]++;
  return t;
}

/** The table and its totals, between the markers. */
export function coverageTable(): string {
  const t = totals();
  return [
    START,
    `${CIS_BENCHMARK}: ${CIS_CONTROLS.length} controls. **${t.step} covered by a step** (the step makes it true and its check decides it), **${t.check} checked only** (a read-only check decides it; the remedy is yours), **${t['not-applicable']} not applicable** (about workloads a fresh account does not have), **${t['not-possible']} not possible** (manual or console-only).`,
    '',
    '| control | title | how aws-harden checks it | fixed by, or why it cannot be |',
    '|---|---|---|---|',
    ...CIS_CONTROLS.map(row),
    END,
  ].join('\n');
}

/** `readme` with the part between the markers replaced by `table` (the markers must be there). */
export function withTable(readme: string, table: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${readme.slice(0, from)}${table}${readme.slice(to + END.length)}`;
}

/** The table as README.md has it now (markers included), or undefined. */
export function tableIn(readme: string): string | undefined {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  return from < 0 || to < from ? undefined : readme.slice(from, to + END.length);
}
