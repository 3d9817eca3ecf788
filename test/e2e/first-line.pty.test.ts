/**
 * The interactive wizard says "starting…" before it loads the SDK and Ink (src/cli.ts), and its first
 * frame is drawn cleanly below that line. Nothing else ever prints it: not --version or --help, not
 * audit, plan, --yes or credential-process, and not when stdout is not a terminal.
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { runInPty } from '../helpers/pty.js';

const STARTING = 'aws-harden · starting…';

/** Output without escape sequences. */
const visible = (raw: string) => raw.replace(/\u001b\[[0-9;?<>=]*[ -/]*[@-~]/g, '');

describe('the first line', () => {
  it.each([
    { cols: 80, rows: 24 },
    { cols: 120, rows: 40 },
  ])("comes before anything else on the wizard's terminal, and the first frame sits cleanly below it ($cols×$rows)", async (size) => {
    const t = runInPty(['--sandbox'], cleanEnv(), size);
    try {
      const screen = await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
      expect(visible(t.raw()).startsWith(`${STARTING}\r\n`)).toBe(true);
      // The frame (one row shorter than the terminal) has pushed the line up, whole, out of view.
      const rows = screen.split('\n');
      expect(rows[0]).toMatch(/^ aws-harden · account \d{12} /);
      expect(screen).not.toContain('starting');
      expect(rows[size.rows - 1]).toBe('');
    } finally {
      t.kill();
    }
  });

  it.each(['--version', '--help', 'audit', 'audit --json', 'plan', 'plan --json', '--yes', 'credential-process --account 123456789012 --user admin'])(
    'is not printed by `aws-harden %s`, even on a terminal',
    async (command) => {
      const t = runInPty(command.split(' '), cleanEnv());
      await t.exited;
      expect(t.raw()).not.toContain('starting');
      expect(t.raw()).not.toBe('');
    },
  );

  it('is not printed when stdout is not a terminal', async () => {
    const r = await runCli([]);
    expect(r.stderr).toContain('needs an interactive terminal');
    expect(r.stdout).not.toContain('starting');
  });
});
