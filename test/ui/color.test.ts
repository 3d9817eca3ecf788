/**
 * NO_COLOR and TERM=dumb turn colour off, FORCE_COLOR wins: checked in a fresh process on a real
 * pseudo-terminal (chalk only colours a TTY), by asking the chalk Ink uses what it decided after
 * src/ui/color.ts ran — the order run.tsx loads them in.
 */
import { describe, expect, it } from 'vitest';
import pty from 'node-pty';
import { colorEnv } from '../../src/ui/color.js';

const TSX = 'node_modules/.bin/tsx';
const PROBE = "(async () => { await import('./src/ui/color.ts'); const { default: chalk } = await import('chalk'); process.stdout.write('level=' + chalk.level + '\\n'); })();";

/** node-pty sets TERM from its `name`, so the terminal type goes there. */
function chalkLevel(extra: Record<string, string>): Promise<number> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['NO_COLOR', 'FORCE_COLOR', 'TERM', 'CI'].includes(k)) env[k] = v;
  return new Promise((resolve, reject) => {
    const p = pty.spawn(TSX, ['--eval', PROBE], { name: extra.TERM ?? 'xterm-256color', cols: 80, rows: 10, cwd: process.cwd(), env: { ...env, TERM: 'xterm-256color', ...extra } });
    let out = '';
    p.onData((d) => (out += d));
    p.onExit(() => {
      const m = /level=(\d)/.exec(out);
      if (m) resolve(Number(m[1]));
      else reject(new Error(`no level in: ${out}`));
    });
  });
}

describe('colour', () => {
  it('colorEnv: NO_COLOR (non-empty) or TERM=dumb → FORCE_COLOR=0; FORCE_COLOR set → untouched', () => {
    expect(colorEnv({ NO_COLOR: '1' })).toEqual({ FORCE_COLOR: '0' });
    expect(colorEnv({ NO_COLOR: '' })).toEqual({});
    expect(colorEnv({ TERM: 'dumb' })).toEqual({ FORCE_COLOR: '0' });
    expect(colorEnv({ NO_COLOR: '1', FORCE_COLOR: '1' })).toEqual({});
    expect(colorEnv({ TERM: 'xterm-256color' })).toEqual({});
  });

  it("on a real terminal Ink's chalk colours by default, and not with NO_COLOR or TERM=dumb; FORCE_COLOR wins", async () => {
    expect(await chalkLevel({})).toBeGreaterThan(0);
    expect(await chalkLevel({ NO_COLOR: '1' })).toBe(0);
    expect(await chalkLevel({ TERM: 'dumb' })).toBe(0);
    expect(await chalkLevel({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBeGreaterThan(0);
  });
});
