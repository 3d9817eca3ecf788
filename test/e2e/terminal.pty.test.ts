/**
 * What the wizard does with the terminal it is given: a dumb one is refused before anything is drawn.
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { runInPty } from '../helpers/pty.js';

const ESC = '\u001b';

describe('the terminal the wizard runs in', () => {
  it('TERM=dumb: refuses the full-screen wizard with exit 2, names --yes and audit, sends no escape sequence', async () => {
    const t = runInPty(['--sandbox', '--dry-run'], cleanEnv(), { cols: 100, rows: 30, term: 'dumb' });
    expect(await t.exited).toMatchObject({ exitCode: 2 });
    const text = t.raw().replace(/\r/g, '');
    expect(text).toContain('aws-harden: The wizard draws a full-screen frame, and this terminal (TERM=dumb) cannot show one.');
    expect(text).toContain('--yes');
    expect(text).toContain('aws-harden audit');
    expect(text).not.toContain(ESC);
  });
});
