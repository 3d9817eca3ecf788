/**
 * The interactive dry run of a fresh sandbox account, end to end: the root access keys, which wait for
 * the admin key a real run would make first, are previewed on their own screen and in the summary,
 * saying why they would wait; root MFA says it needs a person, as `plan` does.
 * The access-key step reads the keyring: run with scripts/with-keyring.sh.
 */
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { contactAnswers, KEY, runInPty, typeAt, walkToEnd } from '../helpers/pty.js';

const flat = (screen: string) => screen.replace(/[│\s]+/g, ' ');
/** The panel beside the step list, its lines joined: what a wrapped sentence reads as. */
const panel = (screen: string) =>
  flat(
    screen
      .split('\n')
      .map((l) => l.split('││')[1] ?? '')
      .join(' '),
  );

describe('the dry run in a real terminal', () => {
  it('previews the root access keys with the reason they would wait, on their screen and in the summary', async () => {
    const t = runInPty(['--sandbox', '--dry-run'], cleanEnv(), { cols: 100, rows: 30 });
    await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
    t.write(KEY.enter);
    const seen: string[] = [];
    await walkToEnd(t, /Total: \d+ calls in \d+ steps\. Nothing was changed\./, [
      typeAt(/E-mail address for the alerts/, 'ops@example.com'),
      ...contactAnswers(),
      {
        when: /┌ Root access keys/,
        act: (tt, s) => {
          seen.push(s);
          tt.write(KEY.enter);
        },
      },
    ]);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(seen.length).toBeGreaterThan(0);
    const screen = panel(seen[0]!);
    expect(screen).toMatch(
      /Would delete the root user's access key AKIA[A-Z0-9]+, on an explicit yes, once the admin key of "admin" is proven to work; in this preview the admin key is not made, so it cannot be proven yet\./,
    );
    expect(screen).toMatch(/Would call: iam:DeleteAccessKey \{"AccessKeyId":"AKIA[A-Z0-9]+"\} iam:GetAccountSummary \{\}/);
    // The summary frame (written before the plan below it): previewed, with the reason, not "blocked".
    const raw = t.raw();
    const summary = flat(raw.slice(raw.lastIndexOf('┌ Summary'), raw.indexOf('The full plan')));
    // With 22 steps the summary shares one paragraph among the previewed steps (summary-fit.ts): the
    // root keys are among them, not blocked; their reason is on their own screen (above) and in the plan.
    expect(summary).toMatch(/◇ \d+ previewed: [^◇✓–✗]*Root access keys/);
    expect(summary).toMatch(/◇ \d+ previewed: [^◇✓–✗]*Root MFA/);
    expect(summary).not.toMatch(/Root access keys blocked/);
    expect(summary).not.toMatch(/Root MFA previewed would make 0 calls/);
    // And the full plan below it agrees: root MFA needs a person, the root keys have their two calls.
    const plan = raw.slice(raw.indexOf('The full plan')).replace(/\r/g, '');
    expect(plan).toMatch(/◆ root-mfa +needs a person · 0 calls/);
    expect(plan).toMatch(/◇ root-access-keys +2 calls\n {4}[^\n]*\n {4}iam:DeleteAccessKey \{/);
  });
});
