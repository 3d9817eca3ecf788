/**
 * Steps speak the action vocabulary of src/aws/actions, never the SDK: no file under src/steps may
 * name an `@aws-sdk/*` package, not even for a type (a step that needs an SDK type gets an alias
 * exported from src/aws). The audit's read-only checks (src/audit) read through src/aws the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DIRS: Array<[string, number]> = [
  // [folder, at least this many files: the rule must be looking at something]
  ['steps', 20],
  ['audit', 5],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe.each(DIRS)('src/%s', (dir, atLeast) => {
  it('imports no @aws-sdk package', () => {
    const files = filesUnder(join(root, 'src', dir));
    expect(files.length).toBeGreaterThan(atLeast);
    const offenders = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.includes('@aws-sdk') ? [`${relative(root, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
