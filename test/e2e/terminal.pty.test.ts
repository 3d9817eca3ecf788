/**
 * What the wizard does with the terminal it is given: a dumb one is refused before anything is drawn;
 * one that shrinks below the minimum mid-run gets the truth about what was applied, and q still quits.
 * The preflight checks read the keyring: run with scripts/with-keyring.sh.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, rootEnv } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { KEY, runInPty, toGroupQuestion } from '../helpers/pty.js';

const em = useEmulator({ accountId: '210000000006' });

const ESC = '\u001b';
const flat = (screen: string) => screen.replace(/\s+/g, ' ');

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

  it('shrinks below the minimum after a step was applied: says what was applied, q quits with the journal kept', async () => {
    const env = rootEnv(em);
    const t = runInPty([], env, { cols: 100, rows: 30 });
    await toGroupQuestion(t);
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('enter apply') && !s.includes('Name of the administrators group'), 'the admin group plan');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('Name of the admin user'), 'the admin user question');
    t.resize(40, 20);
    const small = await t.waitFor((s) => flat(s).includes('needs a terminal at least 50×16'), 'the too-small message');
    expect(flat(small)).toContain('1 step applied and verified so far: Admin group.');
    expect(flat(small)).toContain('Nothing is in progress: the wizard waits for you (Admin user).');
    expect(flat(small)).toContain('q quit (resume later)');
    t.write('q');
    expect(await t.exited).toMatchObject({ exitCode: 1 });
    const journal = JSON.parse(readFileSync(join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.json`), 'utf8'));
    expect(journal.steps['admin-group']).toMatchObject({ status: 'done' });
    expect(journal.steps['root-mfa']).toMatchObject({ status: 'skipped' });
  });
});
