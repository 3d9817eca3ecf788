/** The README's CIS coverage table is the one `npm run cis-table` makes from src/audit/cis.ts: they cannot drift apart. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CIS_CONTROLS } from '../../src/audit/cis.js';
import { coverageTable, tableIn, totals, withTable } from '../../scripts/cis/table.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe("the README's CIS coverage table", () => {
  it('equals the generated one (run `npm run cis-table` after changing src/audit/cis.ts)', () => {
    expect(tableIn(readme)).toBe(coverageTable());
  });

  it('has a row per control and totals that add up', () => {
    const table = coverageTable();
    for (const c of CIS_CONTROLS) expect(table).toMatch(new RegExp(`^\\| ${c.id.replace(/\./g, '\\.')}( \\(manual\\))? \\|`, 'm'));
    const t = totals();
    expect(t.step + t.check + t['not-applicable'] + t['not-possible']).toBe(CIS_CONTROLS.length);
    expect(table).toContain(`**${t.step} covered by a step**`);
  });

  it('the script replaces only what is between the markers', () => {
    const stale = withTable(readme, tableIn(readme)!.replace('| CIS 1.4 |', '| CIS 1.4 (edited) |'));
    expect(tableIn(stale)).not.toBe(coverageTable());
    expect(withTable(stale, coverageTable())).toBe(readme);
  });
});
