/** `npm run cis-table`: writes the CIS coverage table (scripts/cis/table.ts) into README.md between its markers. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { coverageTable, withTable } from './cis/table.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = withTable(before, coverageTable());
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(after === before ? 'README.md: the CIS table is up to date.\n' : 'README.md: CIS table written.\n');
