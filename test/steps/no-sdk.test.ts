/**
 * Steps speak the action vocabulary of src/aws/actions, never the SDK: no file under src/steps may
 * name an `@aws-sdk/*` package, not even for a type (a step that needs an SDK type gets an alias
 * exported from src/aws).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stepsDir = join(root, 'src', 'steps');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('src/steps', () => {
  it('imports no @aws-sdk package', () => {
    const files = filesUnder(stepsDir);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.includes('@aws-sdk') ? [`${relative(root, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
