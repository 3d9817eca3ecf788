/**
 * The wizard rewrites only the lines that change (src/ui/repaint.ts). In a real terminal, through
 * several screens and at two sizes, what is on screen must be exactly what drawing the frame from
 * scratch shows (ctrl-l: cleared screen, whole frame): no stale, shifted or duplicated line, no border
 * cut short. And a screen where only a spinner moves must cost little: ≤ 2 KB/s.
 * A --sandbox run of its own; it stops before any step that needs the keychain.
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { KEY, runInPty, type PtyRun } from '../helpers/pty.js';

const CLEAR_SCREEN = '\u001b[2J';
const END_SYNC = '\u001b[?2026l';

/** The screen without what moves by itself (spinner glyphs, an elapsed m:ss clock). */
function still(screen: string): string {
  return screen.replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '').replace(/· \d+:\d\d/g, '');
}

const count = (text: string, part: string) => text.split(part).length - 1;

/**
 * What is on screen equals the same frame drawn from scratch, and has the frame's shape: the header on
 * the first row, every row of the panels closed by its border on the last column, the footer, and the
 * cursor's empty row at the bottom.
 */
async function expectFreshScreen(t: PtyRun, size: { cols: number; rows: number }, what: string): Promise<void> {
  // Let any render already under way land first (Ink draws at most every ~33 ms).
  await new Promise((r) => setTimeout(r, 150));
  const drawn = await t.waitFor(() => true, what);
  const redraws = count(t.raw(), CLEAR_SCREEN);
  t.write('\u000c'); // ctrl-l
  // The whole redraw, not its first chunk: it ends with the end of synchronized output (repaint.ts).
  const fresh = await t.waitFor(() => count(t.raw(), CLEAR_SCREEN) > redraws && t.raw().slice(t.raw().lastIndexOf(CLEAR_SCREEN)).includes(END_SYNC), `the redraw of ${what}`);
  expect(still(drawn), what).toBe(still(fresh));

  const rows = fresh.split('\n');
  expect(rows).toHaveLength(size.rows);
  expect(rows[0], what).toMatch(/^ aws-harden · account \d{12} /);
  for (const [i, row] of rows.slice(1, size.rows - 2).entries()) {
    expect(row.length, `${what}: row ${i + 1} reaches the last column: ${row}`).toBe(size.cols);
    expect(row, `${what}: row ${i + 1} is a row of the frame`).toMatch(/^[┌│└].*[┐│┘]$/);
  }
  expect(rows[size.rows - 2], `${what}: the footer`).toMatch(/\S/);
  expect(rows[size.rows - 1], `${what}: the cursor's row`).toBe('');
  expect(count(fresh, 'aws-harden · account'), `${what}: one header`).toBe(1);
}

describe.each([
  { cols: 80, rows: 24 },
  { cols: 120, rows: 40 },
])('repainting only what changed, at $cols×$rows', (size) => {
  it('leaves every screen exactly as a full redraw shows it', async () => {
    const t = runInPty(['--sandbox'], cleanEnv(), size);
    try {
      await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
      await expectFreshScreen(t, size, 'the preflight screen');
      t.write(KEY.enter);
      await t.waitFor((s) => s.includes('enter show what to do'), 'the root MFA screen');
      await expectFreshScreen(t, size, 'the root MFA screen');
      t.write(KEY.enter);
      await t.waitFor((s) => s.includes('Watching AWS for the change'), 'the wait for the console');
      // The spinner and the clock turn for a while: many small rewrites of one line.
      await new Promise((r) => setTimeout(r, 1_500));
      await expectFreshScreen(t, size, 'the wait for the console');
      t.write('s');
      await t.waitFor((s) => s.includes('Name of the administrators group'), 'the group name question');
      await expectFreshScreen(t, size, 'the group name question');
      t.write('x');
      await t.waitFor((s) => s.includes('Administratorsx'), 'a typed letter');
      t.write(KEY.backspace);
      await t.waitFor((s) => !s.includes('Administratorsx'), 'the letter erased');
      await expectFreshScreen(t, size, 'the question after typing');
      t.write(KEY.enter);
      await t.waitFor((s) => s.includes('enter apply') && !s.includes('Name of the administrators group'), 'the admin group plan');
      await expectFreshScreen(t, size, 'the admin group plan');
      t.write(KEY.enter);
      await t.waitFor((s) => s.includes('Name of the admin user'), 'the admin user question');
      await expectFreshScreen(t, size, 'the admin user question');
    } finally {
      t.kill();
    }
  });
});

describe('an idle screen', () => {
  it('writes at most 2 KB/s while only the spinner moves (root MFA waiting for the console, 120×40)', async () => {
    const t = runInPty(['--sandbox'], cleanEnv(), { cols: 120, rows: 40 });
    try {
      await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
      t.write(KEY.enter);
      await t.waitFor((s) => s.includes('enter show what to do'), 'the root MFA screen');
      t.write(KEY.enter);
      await t.waitFor((s) => s.includes('Watching AWS for the change'), 'the wait for the console');
      await new Promise((r) => setTimeout(r, 500));
      const before = Buffer.byteLength(t.raw());
      const screen = still(t.screen());
      await new Promise((r) => setTimeout(r, 3_000));
      const perSecond = (Buffer.byteLength(t.raw()) - before) / 3;
      // Idle, not stuck: the spinner did turn, and nothing else changed.
      expect(perSecond).toBeGreaterThan(0);
      expect(still(t.screen())).toBe(screen);
      expect(perSecond).toBeLessThanOrEqual(2048);
    } finally {
      t.kill();
    }
  });
});
