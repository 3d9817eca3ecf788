import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, rootEnv } from '../helpers/cli.js';
import { isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { STEPS } from '../../src/steps/index.js';
import { contactAnswers, KEY, runInPty, runShellInPty, toGroupQuestion, typeAt, walkToEnd, type PtyRun, type ScreenAction } from '../helpers/pty.js';
import { readQrFromScreen } from '../helpers/qr.js';
import { totp } from '../helpers/totp.js';
import { accessKeyEntry, openKeychain, parseAccessKey } from '../../src/keychain/index.js';
import { parseSession, sessionEntry } from '../../src/keychain/mfa-session.js';

const em = useEmulator({ accountId: '210000000002' });

const SHOW_CURSOR = '\u001b[?25h';

describe('the wizard in a real terminal', () => {
  it('walks a fresh sandbox account through every step, enrolling MFA from the QR code on screen', async () => {
    const t = runInPty(['--sandbox'], cleanEnv(), { cols: 120, rows: 40 });
    const start = await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
    // Each sandbox run has an account id of its own (never moto's 123456789012), so its keychain
    // entries never meet another run's.
    expect(start).toMatch(/aws-harden · account \d{12} · root · us-east-1/);
    const account = /account (\d{12})/.exec(start)![1]!;
    expect(account).not.toBe('123456789012');
    expect(start).toMatch(/SANDBOX/);
    expect(start).toMatch(/Security status/);
    expect(start).toMatch(/✗ Root MFA/);
    t.write(KEY.enter);
    const secrets: string[] = [];
    const passwords: string[] = [];
    const done = await walkToEnd(t, /All steps done and verified/, [
      // No console in the sandbox: the wait screen offers to do the console part.
      { when: /Watching (AWS for the change|for an MFA session)/, act: (tt) => tt.write('m') },
      enrollMfaFromScreen(secrets, 'acme-sandbox'),
      {
        // The console password: shown once on request, then off the screen.
        when: /Press p to show it/,
        async act(tt) {
          tt.write('p');
          const shown = await tt.waitFor((x) => /Password: \S{20,}/.test(x), 'the password');
          expect(shown).toContain('https://acme-sandbox.signin.aws.amazon.com/console');
          passwords.push(/Password: (\S+)/.exec(shown)![1]!);
          tt.write(KEY.enter);
        },
      },
      typeAt(/E-mail address for the alerts/, 'ops@example.com'),
      typeAt(/access key\(s\) now\? Type yes/, 'yes'),
      typeAt(/Account alias for a friendlier sign-in URL/, 'acme-sandbox'),
      ...contactAnswers(),
    ]);
    expect(done).not.toMatch(/✗|failed/);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(t.raw()).toContain(SHOW_CURSOR);
    // The summary stays in the scrollback as plain text, with the profile to use from now on in full.
    // Written once Ink has let go of the screen (after the last frame hid the cursor).
    const after = t.raw().slice(t.raw().lastIndexOf('\u001b[?25l'));
    expect(after).toContain('Summary (kept here once the wizard is gone):');
    // Every step done, each on its line of the summary (the last screen holds only the end of it at 120×40).
    const plain = after.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
    for (const step of STEPS) expect(plain).toMatch(new RegExp(`✓ ${step.title} +done`));
    // (The note wraps under its step: compare without the line breaks.)
    expect(after.replace(/\s+/g, ' ')).toContain(`From now on use the admin profile: aws --profile admin-${account}`);
    // The MFA seed was on screen for its moment; it is in no frame that stays.
    expect(secrets).toHaveLength(1);
    expect(t.screen()).not.toContain(secrets[0]);
    expect(passwords).toHaveLength(1);
    expect(t.screen()).not.toContain(passwords[0]);
  });

  it('a whole run on an account: no secret in any file it wrote, nor in what stays on screen', async () => {
    const env = rootEnv(em);
    const t = runInPty([], env, { cols: 120, rows: 40 });
    await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
    t.write(KEY.enter);
    const seeds: string[] = [];
    const passwords: string[] = [];
    const cliRuns: string[] = [];
    await walkToEnd(t, /All steps done and verified/, [
      // The operator enrols root MFA in the console; the wizard notices by itself.
      { when: /Add an MFA device to the root user/, act: () => void em.markRootMfaEnrolled() },
      enrollMfaFromScreen(seeds, 'acme-files'),
      {
        when: /Press p to show it/,
        async act(tt) {
          tt.write('p');
          passwords.push(/Password: (\S+)/.exec(await tt.waitFor((x) => /Password: \S{20,}/.test(x), 'the password'))![1]!);
          tt.write(KEY.enter);
        },
      },
      typeAt(/Account alias for a friendlier sign-in URL/, 'acme-files'),
      typeAt(/E-mail address for the alerts/, 'ops@example.com'),
      typeAt(/access key\(s\) now\? Type yes/, 'yes'),
      ...contactAnswers(),
      {
        // The MFA guard waits for an MFA session: the operator runs the command on screen in another
        // terminal, with the real AWS CLI, typing one code; the second command reuses the session.
        when: /Show that an MFA session of "admin" works/,
        async act(_tt, screen) {
          const command = `aws sts get-caller-identity --profile admin-${em.accountId}`;
          expect(screen.replace(/\s+/g, ' ')).toContain(`In another terminal, run: ${command}`);
          const other: NodeJS.ProcessEnv = { ...env };
          delete other.AWS_ACCESS_KEY_ID;
          delete other.AWS_SECRET_ACCESS_KEY;
          const code = { when: /MFA code for admin \(arn:aws:iam::\d{12}:mfa\/admin\): $/, answer: () => totp(seeds[0]!) };
          for (const run of [await runShellInPty(`${command} --output json`, other, code), await runShellInPty(`${command} --output json`, other, code)]) {
            expect(run.code).toBe(0);
            expect(run.screen).toContain(`"Arn": "arn:aws:iam::${em.accountId}:user/admin"`);
            cliRuns.push(run.screen);
          }
        },
      },
    ]);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    // One code for the two commands: the first made the session, the second found it in the keychain.
    expect(cliRuns.map((r) => r.includes('MFA code for admin'))).toEqual([true, false]);
    const key = parseAccessKey(await openKeychain().get(accessKeyEntry(em.accountId, 'admin')));
    expect(key?.SecretAccessKey).toMatch(/\S{20,}/);
    const session = parseSession(await openKeychain().get(sessionEntry(em.accountId, 'admin')));
    expect(session?.SessionToken).toMatch(/\S{20,}/);
    const secrets = {
      'MFA seed': seeds[0]!,
      'console password': passwords[0]!,
      'access-key secret': key!.SecretAccessKey,
      'MFA session secret': session!.SecretAccessKey,
      'MFA session token': session!.SessionToken,
    };
    // Every file the run wrote: the journal, ~/.aws/config, anything else under its HOME.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(env.HOME!);
    expect(files.some((f) => f.endsWith(`${em.accountId}.json`))).toBe(true);
    expect(files.some((f) => f.endsWith(join('.aws', 'config')))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [what, secret] of Object.entries(secrets)) expect(text.includes(secret), `${what} in ${file}`).toBe(false);
    }
    // On screen: the password had its moment (p); the seed was only ever a QR code; the key never.
    expect(t.raw()).not.toContain(secrets['MFA seed']);
    expect(t.raw()).not.toContain(secrets['access-key secret']);
    expect(t.raw()).not.toContain(secrets['MFA session token']);
    for (const run of cliRuns) for (const [what, secret] of Object.entries(secrets)) expect(run.includes(secret), `${what} in the AWS CLI's terminal`).toBe(false);
    for (const [what, secret] of Object.entries(secrets)) expect(t.screen().includes(secret), `${what} on the final screen`).toBe(false);
  });

  it('previews in dry-run and changes nothing', async () => {
    const env = rootEnv(em);
    const t = runInPty(['--dry-run'], env);
    const start = await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
    expect(start).toMatch(/DRY-RUN/);
    t.write(KEY.enter);
    // The final frame, then the full plan below it; the walk ends on the plan's last line.
    await walkToEnd(t, /Total: \d+ calls in \d+ steps\. Nothing was changed\./, [
      typeAt(/E-mail address for the alerts/, 'ops@example.com'),
      ...contactAnswers(),
      { when: /Watching AWS for the change/, act: (tt) => tt.write('s') },
    ]);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    // Below the final frame, the whole plan: every call with its parameters, policies as JSON.
    expect(t.raw()).toContain('Dry run complete: nothing was changed');
    const after = t.raw().slice(t.raw().lastIndexOf('The full plan (nothing was changed):'));
    expect(after).toMatch(/iam:UpdateAccountPasswordPolicy \{\s+"MinimumPasswordLength": 14/);
    expect(after).toMatch(/s3:PutBucketPolicy[\s\S]*"Statement": \[/);
    expect(after).toMatch(/Total: \d+ calls in \d+ steps\. Nothing was changed\./);
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
    expect(existsSync(join(env.XDG_STATE_HOME!, 'aws-harden'))).toBe(false);
  });

  it('Ctrl-C at a question restores the terminal, keeps the journal, and says how to continue', async () => {
    const env = rootEnv(em);
    const t = runInPty([], env);
    await toGroupQuestion(t);
    t.write('Ops');
    t.write(KEY.ctrlC);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
    expect(t.screen()).toMatch(/interrupted\. Progress is saved: run the same command again to continue/);
    expect(t.raw().lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(t.raw().lastIndexOf('\u001b[?25l'));
    const journal = join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.json`);
    // Root MFA was skipped before the question: the journal holds that, whole and readable.
    expect(existsSync(journal), `the journal ${journal}`).toBe(true);
    const saved = JSON.parse(readFileSync(journal, 'utf8')) as { steps: Record<string, { status: string }> };
    expect(saved.steps['root-mfa']).toMatchObject({ status: 'skipped' });
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('says so when the terminal is too small, and carries on when it grows', async () => {
    const t = runInPty([], rootEnv(em), { cols: 40, rows: 20 });
    await t.waitFor((s) => /needs a terminal at least 50×16/.test(s.replace(/\n/g, ' ')), 'the too-small message');
    t.resize(100, 30);
    await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen after resizing');
    t.write('q');
    expect(await t.exited).toMatchObject({ exitCode: 1 });
  });
});

/**
 * On the MFA screen: read the QR code off the screen, as a phone would; first type the same code twice
 * (the screen must refuse it, saying why), then two consecutive codes from an independent TOTP.
 */
function enrollMfaFromScreen(secrets: string[], alias: string): ScreenAction {
  return {
    when: /Type two codes in a row/,
    async act(t: PtyRun, screen: string) {
      if (secrets.length > 0) return; // a late frame of the screen already answered
      const uri = readQrFromScreen(screen);
      // The authenticator's label carries the alias the operator chose a few screens earlier.
      expect(uri).toMatch(new RegExp(`^otpauth://totp/AWS%3Aadmin%40${alias}\\?secret=[A-Z2-7]+&issuer=AWS$`));
      const secret = new URL(uri!).searchParams.get('secret')!;
      secrets.push(secret);
      const now = Date.now() / 1000;
      const same = totp(secret, now);
      t.write(same);
      t.write(KEY.enter);
      t.write(same);
      t.write(KEY.enter);
      await t.waitFor((s) => /same code twice/.test(s.replace(/\s*│\s*/g, ' ')), 'the "same code twice" message');
      const later = Date.now() / 1000;
      t.write(totp(secret, later - 30));
      t.write(KEY.enter);
      t.write(totp(secret, later));
      t.write(KEY.enter);
    },
  };
}
