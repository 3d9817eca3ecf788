/**
 * Interrupt and resume in a real terminal: Ctrl-C, then the resume screen and on to the end; SIGTERM at
 * a question. Against the shared emulator (a --sandbox account would die with the first run).
 * The identity steps need the keyring: run with scripts/with-keyring.sh.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootEnv } from '../helpers/cli.js';
import { describeRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { contactAnswers, KEY, runInPty, toGroupQuestion, typeAt, walkToEnd, type PtyRun } from '../helpers/pty.js';

const em = useEmulator({ accountId: '210000000003' });

const SHOW_CURSOR = '\u001b[?25h';
const HIDE_CURSOR = '\u001b[?25l';

/** Begin, skip root MFA (no console here), create the admin group with its default name; stop at the admin user's name. */
async function throughAdminGroup(t: PtyRun): Promise<void> {
  await toGroupQuestion(t);
  t.write(KEY.enter);
  await t.waitFor((s) => s.includes('enter apply') && !s.includes('Name of the administrators group'), 'the admin group plan');
  t.write(KEY.enter);
  await t.waitFor((s) => s.includes('Name of the admin user'), 'the admin user question');
}

describe('interrupted, then resumed, in a real terminal', () => {
  it('Ctrl-C after the first steps; the next run lists what was done, enter resumes, reuses answers and finishes', async () => {
    const env = rootEnv(em);
    const lock = join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.lock`);
    const first = runInPty([], env, { cols: 100, rows: 32 });
    await throughAdminGroup(first);
    expect(existsSync(lock)).toBe(true);
    // An answer of the operator's own, journaled when submitted; then stop at its plan.
    first.write(KEY.backspace.repeat(30));
    await first.waitFor((s) => /› +│/.test(s), 'the default to be erased');
    first.write('alice');
    await first.waitFor((s) => s.includes('› alice'), '"alice" to be typed');
    first.write(KEY.enter);
    // Any further questions of the step: their defaults.
    for (let i = 0; i < 5; i++) {
      const s = await first.waitFor((x) => x.includes('enter apply') || (/enter (next|submit)/.test(x) && !x.includes('› alice')), 'the next question or the admin user plan');
      if (s.includes('enter apply')) break;
      first.write(KEY.enter);
      await first.waitFor((x) => x !== s, 'the screen to change');
    }
    first.write(KEY.ctrlC);
    expect(await first.exited).toMatchObject({ exitCode: 130 });
    expect(existsSync(lock)).toBe(false);

    const second = runInPty([], env, { cols: 100, rows: 32 });
    const start = await second.waitFor((s) => s.includes('Press enter to resume'), 'the resume screen');
    expect(start).toMatch(/Earlier run · last run \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(start).toMatch(/– Root MFA — skipped \d\d:\d\d/);
    expect(start).toMatch(/✓ Admin group — done \d\d:\d\d/);
    expect(start).not.toMatch(/Admin user —/);
    expect(start).toContain('enter resume · o start over · q quit (resume later)');
    second.write(KEY.enter);
    let sawAlice = false;
    const end = await walkToEnd(second, /Finished, but not every step is done/, [
      { when: /Watching (AWS for the change|for an MFA session)/, act: (t) => t.write('s') },
      { when: /Type two codes in a row/, act: (t) => t.write(KEY.esc) },
      { when: /access key\(s\) now\? Type yes/, act: (t) => t.write(KEY.esc) },
      typeAt(/E-mail address for the alerts/, 'ops@example.com'),
      ...contactAnswers(),
      {
        when: /Name of the admin user/,
        act: (t, s) => {
          // The earlier answer is the default now.
          sawAlice ||= s.includes('› alice');
          t.write(KEY.enter);
        },
      },
    ]);
    expect(sawAlice).toBe(true);
    // The summary kept in the scrollback once the wizard is gone (the last screen shows only its end).
    const summary = second.raw().replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
    expect(end).toMatch(/Finished, but not every step is done/);
    expect(summary).toMatch(/✓ Admin group/);
    expect(summary).toMatch(/✓ Admin user/);
    expect(await second.exited).toMatchObject({ exitCode: 1 });
    // The group was re-checked and found done: not asked again, not created twice.
    expect(second.raw()).not.toContain('Name of the administrators group');
    const made = (await recordedRequests(em)).map(describeRecorded);
    expect(made.filter((c) => c === 'iam:CreateGroup')).toHaveLength(1);
    expect(made.filter((c) => c === 'iam:CreateUser')).toHaveLength(1);
    const journal = JSON.parse(readFileSync(join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.json`), 'utf8'));
    expect(journal.answers['admin-user']).toMatchObject({ userName: 'alice' });
    expect(existsSync(lock)).toBe(false);
  });

  it('SIGTERM the moment the lock is taken, before the first screen: exit 143, lock gone', async () => {
    const env = rootEnv(em);
    const lock = join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.lock`);
    const t = runInPty([], env);
    const deadline = Date.now() + 20_000;
    while (!existsSync(lock)) {
      if (Date.now() > deadline) throw new Error(`no lock in time. Screen:\n${t.screen()}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    t.kill('SIGTERM');
    expect(await t.exited).toMatchObject({ exitCode: 143 });
    await t.waitFor((s) => /interrupted \(SIGTERM\)/.test(s), 'the message');
    expect(existsSync(lock)).toBe(false);
    const raw = t.raw();
    expect(raw.lastIndexOf(SHOW_CURSOR)).toBeGreaterThanOrEqual(raw.lastIndexOf(HIDE_CURSOR));
  });

  it.each<[string, number]>([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ])('%s at a question: exit %i, terminal restored, lock gone, journal valid, says how to resume', async (signal, code) => {
    const env = rootEnv(em);
    const lock = join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.lock`);
    const t = runInPty([], env);
    await throughAdminGroup(t);
    expect(existsSync(lock)).toBe(true);
    t.kill(signal);
    expect(await t.exited).toMatchObject({ exitCode: code });
    const raw = t.raw();
    expect(raw.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(raw.lastIndexOf(HIDE_CURSOR));
    expect(t.screen()).toMatch(/Interrupted\./);
    expect(t.screen()).toMatch(new RegExp(`aws-harden: interrupted \\(${signal}\\)\\. Progress is saved: run the same command again to continue`));
    expect(existsSync(lock)).toBe(false);
    const journal = JSON.parse(readFileSync(join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.json`), 'utf8'));
    expect(journal.steps['admin-group']).toMatchObject({ status: 'done' });
  });
});
