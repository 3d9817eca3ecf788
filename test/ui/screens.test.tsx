import { afterEach, describe, expect, it } from 'vitest';
import type { ResumeInfo, StepStatus } from '../../src/engine/state.js';
import type { Answers, ComparisonTable, PlannedCall, Question, StepId } from '../../src/steps/types.js';
import { mountApp, lines } from './app.js';
import { BILLING_NOTE, budgetStep } from '../../src/steps/budget/index.js';
import { CHECKS, FINDING, MAX_AGE, PASSWORD_POLICY_INDEX, PLAN, STEPS, state, stepOf } from './fixtures.js';
import { checkLines, shownChecks } from './checks-shown.js';
import { cleanup, KEYS, waitFor, waitForText } from './render.js';

afterEach(() => cleanup());

const confirmPrompt = (dryRun = true) => ({ kind: 'confirm' as const, stepId: 'password-policy' as const, plan: PLAN, dryRun });
const questionsPrompt = (questions: Question[] = [MAX_AGE], defaults: Answers = { maxAgeDays: '0' }) => ({
  kind: 'questions' as const,
  stepId: 'password-policy' as const,
  questions,
  defaults,
});
const atPasswordPolicy = { 'root-mfa': { status: 'done' as const }, 'password-policy': { status: 'todo' as const, finding: FINDING } };

/** The step list's column: its step rows (glyph, title) and its "more" lines, if any. */
function stepList(frame: string): { rows: string[][]; above?: string; below?: string } {
  const column = lines(frame)
    .slice(2)
    .map((l) => /^│ (.+?) *│/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined);
  const more = (l: string | undefined) => (l && /^[↑↓] \d+ more/.test(l) ? l : undefined);
  const above = more(column[0]);
  const below = more(column.at(-1));
  const rows = column.slice(above ? 1 : 0, below ? -1 : undefined).map((l) => /^(\S) (.+)$/.exec(l)?.slice(1, 3) ?? [l]);
  return { rows, ...(above ? { above } : {}), ...(below ? { below } : {}) };
}

describe('the frame', () => {
  it('shows account, caller and region, with DRY-RUN on the right', async () => {
    const { ui } = mountApp(state({ dryRun: true }));
    await waitForText(ui, 'aws-harden');
    const [header] = lines(ui.frame());
    // Right-aligned, one column from the edge (Ink trims the trailing space).
    expect(header).toMatch(/^ aws-harden · account 123456789012 · root · us-east-1 +DRY-RUN$/);
    expect(header).toHaveLength(79);
    expect(header).not.toContain('SANDBOX');
  });

  it('names a non-root caller by its user name, and marks a sandbox run', async () => {
    const { ui } = mountApp(state({ dryRun: false, sandbox: true, isRoot: false, arn: 'arn:aws:iam::123456789012:user/ops/alice' }));
    await waitForText(ui, 'aws-harden');
    const [header] = lines(ui.frame());
    expect(header).toMatch(/^ aws-harden · account 123456789012 · alice · us-east-1 +SANDBOX$/);
    expect(header).toHaveLength(79);
    expect(header).not.toContain('DRY-RUN');
  });

  it('marks every step in the step list, Preflight first', async () => {
    const m = mountApp();
    await waitForText(m.ui, '● Preflight');
    expect(m.ui.frame()).toContain('│ ○ Root MFA');

    const statuses: Partial<Record<StepId, StepStatus>> = {
      'root-mfa': 'done',
      'admin-group': 'skipped',
      'admin-user': 'blocked',
      'admin-mfa': 'failed',
      'access-key': 'previewed',
      'password-policy': 'checking',
    };
    await m.enter(PASSWORD_POLICY_INDEX, Object.fromEntries(Object.entries(statuses).map(([id, status]) => [id, { status }])));
    const frame = m.ui.frame();
    expect(lines(frame)[1]).toMatch(/^┌ Steps ─+┐/);
    const list = stepList(frame);
    // Every real step, in order, each with its status's glyph (○: not reached yet); those below the
    // box's 19 lines are counted on its last line.
    const glyph: Partial<Record<StepStatus, string>> = { done: '✓', skipped: '–', blocked: '?', failed: '✗', previewed: '◇', checking: '●' };
    const all = [['✓', 'Preflight'], ...STEPS.map((s) => [glyph[statuses[s.id] ?? 'pending'] ?? '○', s.title])];
    expect(list.above).toBeUndefined();
    expect(list.rows).toEqual(all.slice(0, list.rows.length));
    expect(list.rows).toContainEqual(['●', 'Password policy']);
    expect(list.rows.length + 1).toBe(19);
    expect(list.below).toBe(`↓ ${all.length - list.rows.length} more`);
    expect(frame).toContain('┌ Password policy ─');
  });

  it('near the last step: the step list shows it, counts the steps above, and says how many of those failed', async () => {
    const m = mountApp();
    const last = STEPS.length - 1;
    await m.enter(last, { 'root-mfa': { status: 'failed' }, 'admin-group': { status: 'done' } });
    const frame = m.ui.frame();
    const list = stepList(frame);
    // Preflight and the steps before the window are above it; the last step and the one before are in it.
    const all = ['Preflight', ...STEPS.map((s) => s.title)];
    expect(list.rows.map(([, title]) => title)).toEqual(all.slice(all.length - list.rows.length));
    expect(list.rows.at(-1)).toEqual(['●', STEPS[last]!.title]);
    expect(list.above).toBe(`↑ ${all.length - list.rows.length} more · 1 ✗`);
    expect(list.below).toBeUndefined();
    expect(list.rows.length + 1).toBe(19);
    expect(lines(frame).length).toBeLessThan(24);
    expect(Math.max(...lines(frame).map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('in the middle (80×16): the step just done above the current one, the next below, both sides counted', async () => {
    const m = mountApp(state(), { columns: 80, rows: 16 });
    const at = Math.floor(STEPS.length / 2);
    await m.enter(at);
    const list = stepList(m.ui.frame());
    const all = ['Preflight', ...STEPS.map((s) => s.title)];
    const first = all.indexOf(list.rows[0]![1]!);
    expect(list.rows.map(([, title]) => title)).toEqual(all.slice(first, first + list.rows.length));
    expect(list.rows[1]).toEqual(['●', STEPS[at]!.title]);
    expect(list.above).toBe(`↑ ${first} more`);
    expect(list.below).toBe(`↓ ${all.length - first - list.rows.length} more`);
    expect(list.rows.length + 2).toBe(11);
  });

  it('fits 80×24: no line wider than the terminal, fewer lines than rows', async () => {
    const m = mountApp(state({ dryRun: true }));
    const checks = STEPS.map((s) => ({ id: s.id, title: s.title, why: s.why, status: 'fail' as const, detail: `${s.title} is not set up yet, and this detail is long enough to be cut.` }));
    await m.ask({ kind: 'start', checks });
    await waitForText(m.ui, 'Press enter to begin.');
    const frame = lines(m.ui.frame());
    expect(Math.max(...frame.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(frame.length).toBeLessThan(24);
    // Every check by its title: with this many, the details give way (the heading says where they are) and nothing is cut.
    expect(shownChecks(m.ui.frame())).toEqual(checks.map((c) => `✗ ${c.title}`));
    expect(m.ui.frame()).toContain('│ Security status · details: aws-harden audit');
    expect(checkLines(m.ui.frame()).join('\n')).not.toContain('…');
    expect(m.ui.frame()).not.toContain('more (`aws-harden audit`');
  });

  it('collapses the step list to one line below 80 columns', async () => {
    const m = mountApp(state(), { columns: 70, rows: 24 });
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const where = `Step ${PASSWORD_POLICY_INDEX + 1}/${STEPS.length} · Password policy`;
    await waitForText(m.ui, where);
    const frame = m.ui.frame();
    expect(lines(frame)[1]).toBe(` ${where}`);
    expect(frame).not.toContain('┌ Steps');
    expect(frame).not.toContain('○ KMS key');
    expect(Math.max(...lines(frame).map((l) => l.length))).toBeLessThanOrEqual(70);
  });

  it('asks for a bigger terminal below 50 columns, ignores keys but q and Ctrl-C, and keeps typed answers', async () => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const answer = await m.ask(questionsPrompt());
    await m.ui.type('7');
    await waitForText(m.ui, '› 07');

    await m.ui.resize(40, 24);
    await waitForText(m.ui, 'aws-harden needs a terminal');
    expect(m.ui.frame().replace(/\s+/g, ' ')).toBe(
      'aws-harden needs a terminal at least 50×16 (this one is 40×24); the wizard comes back when it is larger. Dry run: nothing has been changed. Nothing is in progress: the wizard waits for you (Password policy). q quit (resume later)',
    );
    await m.ui.press(KEYS.escape, KEYS.enter);
    expect(answer.replied()).toBe(false);
    expect(m.store.getState().prompt?.kind).toBe('questions');

    await m.ui.press(KEYS.ctrlC);
    expect(m.onInterrupt).toHaveBeenCalledTimes(1);

    await m.ui.resize(80, 24);
    await waitForText(m.ui, '› 07');
    expect(m.ui.frame()).not.toContain('needs a terminal');
  });

  it('asks for a bigger terminal when there are fewer than 16 rows', async () => {
    const m = mountApp(state(), { columns: 100, rows: 15 });
    await waitForText(m.ui, 'this one is 100×15');
    expect(m.ui.frame()).not.toContain('Steps');
  });
});

describe('the start screen', () => {
  it('shows who, where, the journal and one Security Status line per check', async () => {
    const m = mountApp(state({ dryRun: true }));
    await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Security status');
    const frame = m.ui.frame();
    expect(frame).toContain('│ Caller   arn:aws:iam::123456789012:root (root user) ');
    expect(frame).toContain('│ Region   us-east-1 ');
    // Wrapped after a "/" when there is room for it (here: three checks).
    expect(frame).toMatch(/│ Journal {2}\/home\/op\/.*\/ +│\n.*│ {10}123456789012\.json/);
    expect(frame).toContain('│ ✓ Root MFA         Root has a virtual MFA device. ');
    expect(frame).toContain('│ ✗ Password policy  Password policy is weak: minimum l…');
    expect(frame).toContain('│ ? CloudTrail       Not allowed to read trails (Access…');
    expect(frame).toContain('Dry run: nothing will be changed; each step shows the');
    expect(frame).toContain('Press enter to begin.');
    expect(lines(frame).at(-1)).toBe(' enter begin · q quit (resume later)');
  });

  it('says nothing about a dry run in a real run', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Press enter to begin.');
    expect(m.ui.frame()).not.toContain('Dry run');
  });

  it('says how many checks it could not show on a short terminal', async () => {
    const m = mountApp(state({ dryRun: true }), { columns: 80, rows: 16 });
    const checks = STEPS.map((s) => ({ id: s.id, title: s.title, why: s.why, status: 'pass' as const, detail: 'ok' }));
    await m.ask({ kind: 'start', checks });
    await waitForText(m.ui, 'more (`aws-harden audit` lists them all)');
    // Two facts (the journal's path gives way to the checks), heading, blanks and the invitation leave
    // room for three checks and this line.
    expect(m.ui.frame()).not.toContain('Journal');
    expect(m.ui.frame()).toContain('│ ✓ Root MFA ');
    expect(m.ui.frame()).toContain('│ ✓ Admin group ');
    expect(m.ui.frame()).toContain('│ ✓ Admin user ');
    expect(m.ui.frame()).toContain(`│ … and ${STEPS.length - 3} more`);
    expect(m.ui.frame()).toContain('Press enter to begin.');
  });

  it('enter begins', async () => {
    const m = mountApp();
    const answer = await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Press enter');
    await m.ui.press(KEYS.enter);
    await expect(answer.promise).resolves.toBe('start');
  });

  it('q quits', async () => {
    const m = mountApp();
    const answer = await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Press enter');
    await m.ui.press('q');
    await expect(answer.promise).resolves.toBe('quit');
  });
});

describe('the start screen after an earlier run', () => {
  // Local times, so the expected clock reads the same in any time zone.
  const at = (h: number, m: number) => new Date(2026, 10, 23, h, m).toISOString();
  const RESUME: ResumeInfo = {
    lastRun: at(14, 5),
    steps: [
      { id: 'root-mfa', title: stepOf('root-mfa').title, status: 'skipped', at: at(14, 1) },
      { id: 'admin-group', title: stepOf('admin-group').title, status: 'done', at: at(14, 2) },
      { id: 'admin-user', title: stepOf('admin-user').title, status: 'applying', at: at(14, 4) },
    ],
  };

  it('says what was done and when, and offers resume, start over and quit', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.ask({ kind: 'start', checks: CHECKS, resume: RESUME });
    await waitForText(m.ui, 'Press enter to resume');
    const frame = m.ui.frame();
    expect(frame).toContain('Earlier run · last run 2026-11-23 14:05');
    expect(frame).toMatch(/– Root MFA — skipped 14:01 +│/);
    expect(frame).toMatch(/✓ Admin group — done 14:02 +│/);
    expect(frame).toMatch(/! Admin user — interrupted while applying 14:04 +│/);
    // The Security status is still there.
    expect(frame).toContain('│ ✓ Root MFA         Root has a virtual MFA device.');
    expect(lines(frame).at(-1)).toBe(' enter resume · o start over · q quit (resume later)');
  });

  it('fits 80×24 with every step in the journal and every check', async () => {
    const m = mountApp(state({ dryRun: true }));
    const checks = STEPS.map((s) => ({ id: s.id, title: s.title, why: s.why, status: 'fail' as const, detail: 'not yet' }));
    const resume: ResumeInfo = { lastRun: at(14, 5), steps: STEPS.map((s) => ({ id: s.id, title: s.title, status: 'done' as const, at: at(14, 2) })) };
    await m.ask({ kind: 'start', checks, resume });
    await waitForText(m.ui, 'Press enter to resume');
    const frame = lines(m.ui.frame());
    expect(frame.length).toBeLessThan(24);
    expect(Math.max(...frame.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(m.ui.frame()).toContain('Earlier run');
    expect(m.ui.frame()).toMatch(/… and \d+ more/);
  });

  it('enter resumes', async () => {
    const m = mountApp();
    const answer = await m.ask({ kind: 'start', checks: CHECKS, resume: RESUME });
    await waitForText(m.ui, 'Press enter to resume');
    await m.ui.press(KEYS.enter);
    await expect(answer.promise).resolves.toBe('start');
  });

  it('o asks before starting over; n goes back, y starts over', async () => {
    const m = mountApp();
    const answer = await m.ask({ kind: 'start', checks: CHECKS, resume: RESUME });
    await waitForText(m.ui, 'Press enter to resume');
    await m.ui.press('o');
    await waitForText(m.ui, 'Start over, forgetting the earlier answers? (y/n)');
    expect(lines(m.ui.frame()).at(-1)).toBe(' y yes, start over · n no, go back');
    // enter does not resume while the question is open.
    await m.ui.press(KEYS.enter);
    expect(answer.replied()).toBe(false);
    await m.ui.press('n');
    await waitForText(m.ui, 'Press enter to resume');
    expect(answer.replied()).toBe(false);
    await m.ui.press('o');
    await waitForText(m.ui, 'Start over, forgetting');
    await m.ui.press('y');
    await expect(answer.promise).resolves.toBe('start-over');
  });

  it('offers no start over when there is nothing to resume', async () => {
    const m = mountApp();
    const answer = await m.ask({ kind: 'start', checks: CHECKS });
    await waitForText(m.ui, 'Press enter to begin');
    await m.ui.press('o');
    await m.ui.press('y');
    expect(m.ui.frame()).not.toContain('Start over');
    expect(answer.replied()).toBe(false);
    expect(m.ui.frame()).not.toContain('start over');
  });
});

describe('the questions screen', () => {
  it('keeps the input line on screen at 80×24 when the help is long: the finding, then the why give way first', async () => {
    const m = mountApp(state(), { columns: 80, rows: 24 });
    const index = STEPS.findIndex((st) => st.id === 'budget');
    await m.enter(index, { budget: { status: 'todo', finding: { status: 'todo', summary: `No budget yet. ${BILLING_NOTE}` } } });
    const questions = budgetStep.questions!({} as never, { status: 'todo', summary: '' });
    expect(questions.map((q) => q.id)).toEqual(['name', 'amount', 'email']);
    void m.ask({ kind: 'questions', stepId: 'budget', questions, defaults: { name: 'aws-harden-monthly', amount: '10', email: '' } });
    await waitForText(m.ui, 'Budget name');
    await m.ui.press(KEYS.enter);
    await m.ui.press(KEYS.enter);
    await waitForText(m.ui, 'E-mail address for the alerts');
    await m.ui.type('ops@example.com');
    await waitForText(m.ui, '› ops@example.com');
    const frame = m.ui.frame();
    const rows = lines(frame);
    expect(rows.length).toBeLessThanOrEqual(24);
    expect(frame).toContain('AWS Budgets e-mails this address directly');
    await m.ui.press(...Array<string>('ops@example.com'.length).fill(KEYS.backspace));
    await m.ui.type('notanemail');
    await m.ui.press(KEYS.enter);
    // Refused: the reason is on screen too.
    await waitForText(m.ui, 'Fix this to continue');
    expect(lines(m.ui.frame()).length).toBeLessThanOrEqual(24);
  });

  it('wraps help between words: no line of it starts with a space (80×24)', async () => {
    const m = mountApp(state(), { columns: 80, rows: 24 });
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const help = 'IAM user names: letters, digits and + = , . @ _ - ; up to 64 characters, and each one unique in the account.';
    void m.ask({
      kind: 'questions',
      stepId: 'password-policy',
      questions: [{ kind: 'text', id: 'userName', prompt: 'Name of the admin user', default: 'admin', help }],
      defaults: { userName: 'admin' },
    });
    await waitForText(m.ui, 'Name of the admin user');
    const body = lines(m.ui.frame())
      .filter((l) => l.includes('││'))
      .map((l) => l.slice(l.indexOf('││') + 3, -2).trimEnd());
    const at = body.findIndex((l) => l.startsWith('IAM user names'));
    const helpLines = body.slice(
      at,
      body.findIndex((l) => l.startsWith('›')),
    );
    expect(helpLines.length).toBeGreaterThan(1);
    for (const l of helpLines) expect(l).not.toMatch(/^ /);
    expect(helpLines.join(' ')).toBe(help);
  });

  it('shows why, the finding, the question with help and its default', async () => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    await m.ask(questionsPrompt());
    await waitForText(m.ui, 'Expire passwords');
    const frame = m.ui.frame();
    expect(frame).toContain('│ Why: Long passwords with every character class, never ');
    expect(frame).toContain('│ Password policy is weak: minimum length 8 < 14. ');
    expect(frame).toContain('│ Expire passwords after how many days? (0 = never) ');
    expect(frame).toContain('│ Recommended: 0. Forced rotation pushes people to ');
    expect(frame).toContain('│ › 0 ');
    expect(lines(frame).at(-1)).toBe(' enter submit · esc skip this step');
  });

  it('shows the validation message while typing and refuses enter until the answer is valid', async () => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const answer = await m.ask(questionsPrompt());
    await waitForText(m.ui, '› 0');
    expect(m.ui.frame()).not.toContain('✗');

    await m.ui.type('x');
    await waitForText(m.ui, '✗ Enter a whole number of days (0 = passwords never');
    await m.ui.press(KEYS.enter);
    await waitForText(m.ui, 'Fix this to continue.');
    expect(answer.replied()).toBe(false);
    expect(m.store.getState().prompt?.kind).toBe('questions');

    await m.ui.press(KEYS.backspace, KEYS.backspace);
    await m.ui.type('2000');
    await waitForText(m.ui, '✗ IAM allows at most 1095 days.');
    await m.ui.press(KEYS.backspace, KEYS.backspace, KEYS.backspace);
    await waitFor(() => !m.ui.frame().includes('✗'), { frame: m.ui.frame });
    expect(m.ui.frame()).toContain('› 2 ');
    await m.ui.type('90');
    await m.ui.press(KEYS.enter);
    await expect(answer.promise).resolves.toEqual({ answers: { maxAgeDays: '290' } });
    expect(m.store.getState().prompt).toBeUndefined();
  });

  it('esc skips the step', async () => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const answer = await m.ask(questionsPrompt());
    await waitForText(m.ui, '› 0');
    await m.ui.press(KEYS.escape);
    await expect(answer.promise).resolves.toBe('skip');
  });

  it('treats q and s as letters inside a text input', async () => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const answer = await m.ask(questionsPrompt());
    await waitForText(m.ui, '› 0');
    await m.ui.press('q', 's');
    await waitForText(m.ui, '› 0qs');
    expect(answer.replied()).toBe(false);
  });

  it('walks several questions, text then choice, and submits all answers', async () => {
    const questions: Question[] = [
      { kind: 'text', id: 'group', prompt: 'Name of the admin group', default: 'Administrators', validate: (v) => (v ? undefined : 'A name is required.') },
      {
        kind: 'choice',
        id: 'expiry',
        prompt: 'When should passwords expire?',
        default: 'never',
        options: [
          { value: 'never', label: 'Never (recommended)' },
          { value: '90', label: 'After 90 days' },
        ],
      },
    ];
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const answer = await m.ask(questionsPrompt(questions, { group: 'Administrators', expiry: 'never' }));
    await waitForText(m.ui, '› Administrators');
    expect(m.ui.frame()).toContain('Question 1 of 2');
    expect(lines(m.ui.frame()).at(-1)).toBe(' enter next · esc skip this step');
    expect(m.ui.frame()).not.toContain('When should passwords expire?');

    await m.ui.press(KEYS.enter);
    await waitForText(m.ui, 'When should passwords expire?');
    expect(m.ui.frame()).toContain('✓ Name of the admin group Administrators');
    expect(m.ui.frame()).toContain('Question 2 of 2');
    expect(lines(m.ui.frame()).at(-1)).toBe(' ↑↓ choose · enter submit · esc skip this step');
    expect(answer.replied()).toBe(false);

    await m.ui.press(KEYS.down);
    await waitForText(m.ui, '❯ After 90 days');
    await m.ui.press(KEYS.enter);
    await expect(answer.promise).resolves.toEqual({ answers: { group: 'Administrators', expiry: '90' } });
  });
});

describe('the confirm screen', () => {
  it('in dry-run shows why, the finding, the comparison and "Would call"', async () => {
    const m = mountApp(state({ dryRun: true }));
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    await m.ask(confirmPrompt(true));
    await waitForText(m.ui, 'Would call:');
    const frame = m.ui.frame();
    expect(frame).toContain('│ Why: Long passwords with every character class, never ');
    expect(frame).toContain('│ Password policy is weak: minimum length 8 < 14. ');
    expect(frame).toContain('│                    current   proposed ');
    expect(frame).toContain('│ minimum length     8       → 14 ');
    expect(frame).toContain('│ numbers / symbols  no / no → yes / yes ');
    expect(frame).toContain('│ reuse prevention   —       → last 24 ');
    // Unchanged rows carry no arrow.
    expect(frame).toContain('│ expiry             never     never ');
    expect(frame).toContain('│ Would call: iam:UpdateAccountPasswordPolicy {"Minimum… │');
    expect(lines(frame).at(-1)).toBe(' enter continue · s skip · d details · q quit (resume later)');
  });

  it('in a real run says "Will call" and enter applies', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    await m.ask(confirmPrompt(false));
    await waitForText(m.ui, 'Will call: iam:UpdateAccountPasswordPolicy');
    expect(m.ui.frame()).not.toContain('Would call');
    expect(lines(m.ui.frame()).at(-1)).toBe(' enter apply · s skip · d details · q quit (resume later)');
  });

  it.each([
    { name: 'enter', key: KEYS.enter, reply: 'apply' },
    { name: 's', key: 's', reply: 'skip' },
    { name: 'q', key: 'q', reply: 'quit' },
  ])('$name replies $reply', async ({ key, reply }) => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const answer = await m.ask(confirmPrompt());
    await waitForText(m.ui, 'Would call:');
    await m.ui.press(key);
    await expect(answer.promise).resolves.toBe(reply);
    expect(m.store.getState().prompt).toBeUndefined();
  });

  it('d shows the full parameters and hides them again', async () => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    const answer = await m.ask(confirmPrompt());
    await waitForText(m.ui, 'Would call:');
    expect(m.ui.frame()).not.toContain('"MinimumPasswordLength": 14,');

    await m.ui.press('d');
    await waitForText(m.ui, 'Would call (full parameters):');
    const frame = m.ui.frame();
    expect(frame).toContain('│ iam:UpdateAccountPasswordPolicy — replaces the whole');
    expect(frame).toContain('│     "MinimumPasswordLength": 14, ');
    expect(frame).toContain('│     "PasswordReusePrevention": 24 ');
    expect(m.store.getState().showDetails).toBe(true);
    expect(lines(frame).at(-1)).toBe(' enter continue · s skip · d hide details · q quit (resume later)');

    await m.ui.press('d');
    await waitForText(m.ui, '│ minimum length');
    expect(m.ui.frame()).not.toContain('"MinimumPasswordLength": 14,');
    expect(answer.replied()).toBe(false);
  });

  it('scrolls long parameters with the arrow keys', async () => {
    const plan = [
      ...PLAN,
      {
        service: 'iam',
        operation: 'TagUser',
        params: {
          UserName: 'admin',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        },
      },
    ];
    const m = mountApp(state(), { columns: 80, rows: 16 });
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    await m.ask({ ...confirmPrompt(), plan });
    // The compact view does not fit in 11 lines either: it scrolls, and enter shows the rest first.
    await waitForText(m.ui, 'more below (↓ or enter)');
    await m.ui.press(KEYS.enter);
    await waitForText(m.ui, 'Would call:');
    await m.ui.press('d');
    // 11 body lines: heading, 9 lines of parameters, position.
    await waitForText(m.ui, 'lines 1–9 of 25');
    expect(lines(m.ui.frame()).at(-1)).toBe(' enter continue · s skip · d hide details · ↑↓ scroll · q quit (resume later)');
    expect(m.ui.frame()).not.toContain('iam:TagUser');

    await m.ui.press(KEYS.down, KEYS.down);
    await waitForText(m.ui, 'lines 3–11 of 25');
    await m.ui.press(KEYS.down);
    await waitForText(m.ui, 'lines 4–12 of 25');
    expect(m.ui.frame()).toContain('│ iam:TagUser ');
    for (let i = 0; i < 19; i++) await m.ui.press(KEYS.down);
    await waitForText(m.ui, 'lines 17–25 of 25');
    expect(m.ui.frame()).toContain('│         "Value": "2" ');
    expect(m.ui.frame()).not.toContain('MinimumPasswordLength');
    await m.ui.press(KEYS.up);
    await waitForText(m.ui, 'lines 16–24 of 25');
  });
});

describe('the confirm screen of a step only a person can do', () => {
  it('says there is no call and what happens instead, and enter offers to show what to do (not "apply")', async () => {
    const m = mountApp(state({ dryRun: false }));
    const ROOT_MFA = STEPS.findIndex((s) => s.id === 'root-mfa');
    await m.enter(ROOT_MFA, {
      'root-mfa': { status: 'todo', needsHuman: 'AWS allows enrolling root MFA only in the AWS console', finding: { status: 'todo', summary: 'The root user has no MFA device.' } },
    });
    await m.ask({ kind: 'confirm', stepId: 'root-mfa', plan: [], dryRun: false });
    await waitForText(m.ui, 'No API call');
    const text = lines(m.ui.frame())
      .filter((l) => l.includes('││'))
      .map((l) => l.slice(l.indexOf('││') + 3, -2).trim())
      .join(' ');
    expect(text).toContain('No API call: AWS allows enrolling root MFA only in the AWS console.');
    expect(text).toContain('the wizard watches AWS and goes on by itself once it sees the change');
    expect(text).not.toContain('already in place');
    expect(lines(m.ui.frame()).at(-1)).toBe(' enter show what to do · s skip · d details · q quit (resume later)');
  });
});

describe('a paid step', () => {
  const COST = { summary: 'About $1 a month for a quiet account.', pricing: 'https://aws.amazon.com/guardduty/pricing/' };

  it('says what it costs, with the pricing page, on the screen where enter applies it', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'todo', finding: FINDING, cost: COST } });
    await m.ask({ kind: 'confirm', stepId: 'password-policy', plan: PLAN, dryRun: false });
    await waitForText(m.ui, 'Costs money');
    const text = lines(m.ui.frame())
      .filter((l) => l.includes('││'))
      .map((l) => l.slice(l.indexOf('││') + 3, -2).trim())
      .join(' ');
    expect(text).toContain('Costs money: About $1 a month for a quiet account. Pricing: https://aws.amazon.com/guardduty/pricing/');
    // Said before the calls it pays for.
    expect(text.indexOf('Costs money')).toBeLessThan(text.indexOf(PLAN[0]!.operation));
  });

  it('a free step says nothing of cost', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.enter(PASSWORD_POLICY_INDEX, atPasswordPolicy);
    await m.ask(confirmPrompt(false));
    await waitForText(m.ui, PLAN[0]!.operation);
    expect(m.ui.frame()).not.toContain('Costs money');
  });
});

describe('the confirm screen on a small terminal', () => {
  const LONG: ComparisonTable = {
    columns: ['', 'current', 'proposed'],
    rows: [
      { label: 'trail', current: '—', proposed: 'aws-harden (multi-region, global service events, log file validation)', changes: true },
      { label: 'bucket', current: '—', proposed: 's3://aws-harden-trail-123456789012-us-east-1/AWSLogs/123456789012/', changes: true },
      { label: 'encryption', current: 'SSE-S3', proposed: 'SSE-KMS with alias/aws-harden (arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c)', changes: true },
      { label: 'logging', current: 'on', proposed: 'on', changes: false },
    ],
  };
  const calls: PlannedCall[] = ['CreateBucket', 'PutPublicAccessBlock', 'PutBucketVersioning', 'PutBucketEncryption', 'PutBucketPolicy', 'CreateTrail', 'PutEventSelectors', 'StartLogging'].map(
    (operation) => ({
      service: operation.endsWith('Trail') || operation.endsWith('Logging') || operation.startsWith('PutEvent') ? 'cloudtrail' : 's3',
      operation,
      params: { Bucket: 'aws-harden-trail-123456789012-us-east-1' },
    }),
  );

  it('at 80×24 stacks a table whose values do not fit, cuts no value, and shows every call before enter applies', async () => {
    const m = mountApp(state({ dryRun: false }), { columns: 80, rows: 24 });
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'todo', finding: { status: 'todo', summary: 'No trail yet.', table: LONG } } });
    const answer = await m.ask({ kind: 'confirm', stepId: 'password-policy', plan: calls, dryRun: false });
    await waitForText(m.ui, 'more below (↓ or enter)');
    const seen: string[] = [];
    const body = () =>
      lines(m.ui.frame())
        .filter((l) => l.includes('││'))
        .map((l) => l.slice(l.indexOf('││') + 3, -2).trimEnd());
    seen.push(...body());
    expect(lines(m.ui.frame()).at(-1)).toBe(' enter show the rest · s skip · d details · ↑↓ scroll · q quit (resume later)');
    // Enter pages on; it does not apply while part of the screen is unseen.
    for (let i = 0; i < 5 && m.ui.frame().includes('more below'); i++) {
      await m.ui.press(KEYS.enter);
      seen.push(...body());
    }
    expect(answer.replied()).toBe(false);
    expect(m.ui.frame()).not.toContain('more below');
    expect(lines(m.ui.frame()).at(-1)).toBe(' enter apply · s skip · d details · ↑↓ scroll · q quit (resume later)');
    const text = seen.join('\n');
    // Every value in full (wrapped between words; a word longer than the line is broken, not cut), every call named.
    const squeezed = text.replace(/\s+/g, '');
    for (const row of LONG.rows) expect(squeezed).toContain(row.proposed.replace(/\s+/g, ''));
    for (const call of calls) expect(text).toContain(`${call.service}:${call.operation}`);
    // Only a call's one-line parameters may be shortened (all of them are behind d).
    expect(seen.filter((l) => !/^ {2}(s3|cloudtrail):/.test(l)).join('\n')).not.toContain('…');
    for (const l of seen) expect(l).not.toMatch(/^ \S/);
    await m.ui.press(KEYS.enter);
    await expect(answer.promise).resolves.toBe('apply');
  });
});

describe('the failure screen', () => {
  const failure = {
    kind: 'failure' as const,
    stepId: 'password-policy' as const,
    error: { message: 'Access denied: iam:UpdateAccountPasswordPolicy.', remedy: 'Use credentials with IAMFullAccess.' },
  };

  it('shows the error and the remedy, and r retries', async () => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'failed', error: failure.error } });
    const answer = await m.ask(failure);
    await waitForText(m.ui, 'Access denied');
    const frame = m.ui.frame();
    expect(frame).toContain('┌ Password policy ─');
    expect(frame).toContain('│ ✗ Access denied: iam:UpdateAccountPasswordPolicy. ');
    expect(frame).toContain('│ What to do: Use credentials with IAMFullAccess. ');
    expect(frame).toContain('│ ✗ Password policy  │');
    expect(lines(frame).at(-1)).toBe(' r retry · s skip this step · q quit (resume later)');
    await m.ui.press('r');
    await expect(answer.promise).resolves.toBe('retry');
  });

  it.each([
    ['s', 'skip'],
    ['q', 'quit'],
  ])('%s replies %s', async (key, reply) => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX);
    const answer = await m.ask(failure);
    await waitForText(m.ui, 'Access denied');
    await m.ui.press(key);
    await expect(answer.promise).resolves.toBe(reply);
  });
});

describe('while the runner works', () => {
  it.each([
    ['checking', 'Checking…'],
    ['applying', 'Applying…'],
    ['verifying', 'Reading back from AWS to verify…'],
  ] as const)('%s shows "%s" without a spinner when stdout is not a TTY', async (status, text) => {
    const m = mountApp();
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status } });
    await waitForText(m.ui, text);
    expect(m.ui.frame()).toContain(`│ ${text} `);
    expect(m.ui.frame()).toContain('│ Why: Long passwords');
    expect(lines(m.ui.frame()).at(-1)).toBe(' ctrl-c stop (resume later)');
  });

  it('animates a spinner on a TTY', async () => {
    const m = mountApp(state(), undefined, true);
    await m.enter(PASSWORD_POLICY_INDEX, { 'password-policy': { status: 'applying' } });
    await waitForText(m.ui, 'Applying…');
    expect(m.ui.frame()).toMatch(/│ [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Applying…/);
  });

  it('says it is checking the account before the start screen', async () => {
    const m = mountApp();
    await waitForText(m.ui, 'Checking the account…');
    expect(m.ui.frame()).toContain('┌ Preflight ─');
  });
});

describe('the summary', () => {
  const finish = async (m: ReturnType<typeof mountApp>, outcome: 'hardened' | 'incomplete' | 'previewed') => {
    await m.ui.act(() => m.store.dispatch({ type: 'finished', outcome }));
  };

  it('hardened: every step done, with its note, and "All steps done and verified." (with a line for each)', async () => {
    const m = mountApp(state({ dryRun: false }), { columns: 80, rows: STEPS.length + 8 });
    await m.ui.act(() => {
      for (const s of STEPS) m.store.dispatch({ type: 'step-updated', id: s.id, patch: { status: 'done', note: `${s.title} is in place.` } });
    });
    await finish(m, 'hardened');
    await waitForText(m.ui, 'All steps done and verified.');
    const frame = m.ui.frame();
    expect(frame).toContain('┌ Summary ─');
    expect(frame).toContain('│ ✓ Root MFA          done         Root MFA is in place. ');
    expect(frame).toContain('│ ✓ Root access keys  done         Root access keys is in place. ');
    expect(lines(frame).filter((l) => / done {9}/.test(l))).toHaveLength(STEPS.length);
    expect(frame).not.toContain('┌ Steps');
    expect(lines(frame).length).toBeLessThan(STEPS.length + 8);
  });

  it('at 80×24, more steps than lines: the done steps share a paragraph, a failed one keeps its line and note, and it fits', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.ui.act(() => {
      for (const s of STEPS) m.store.dispatch({ type: 'step-updated', id: s.id, patch: { status: 'done', note: `${s.title} is in place.` } });
      m.store.dispatch({ type: 'step-updated', id: 'kms-key', patch: { status: 'failed', error: { message: 'KMS is throttling.', remedy: 'Wait a minute and run again.' } } });
      m.store.dispatch({ type: 'stopped', reason: 'failed' });
    });
    await waitForText(m.ui, 'Stopped at a failed step.');
    const frame = m.ui.frame();
    const body = lines(frame).map((l) => /^│ (.*?) *│$/.exec(l)?.[1] ?? '');
    const done = STEPS.filter((s) => s.id !== 'kms-key');
    expect(
      body.filter((l) =>
        l.startsWith(
          `✓ ${done.length} done: ${done
            .slice(0, 3)
            .map((s) => s.title)
            .join(', ')},`,
        ),
      ),
    ).toHaveLength(1);
    // Every done step is named, in order, in the paragraph.
    const from = body.findIndex((l) => l.startsWith('✓ '));
    const paragraph = body.slice(
      from,
      body.findIndex((l, i) => i > from && !l.startsWith('  ')),
    );
    expect(
      paragraph
        .join(' ')
        .replace(/^✓ \d+ done: /, '')
        .split(/, +/),
    ).toEqual(done.map((s) => s.title));
    expect(frame).toContain('│ ✗ KMS key           failed       KMS is throttling. ');
    expect(frame).toContain('│ What to do: Wait a minute and run again. ');
    expect(lines(frame).length).toBeLessThan(24);
    expect(frame).not.toContain('a taller terminal');
  });

  it('at 80 columns a long note wraps under its step: the profile and sign-in URL are there in full', async () => {
    const m = mountApp(state({ dryRun: false }), { columns: 80, rows: 40 });
    const note = 'Root access keys deleted; from now on use aws --profile aws-harden-admin-123456789012 (sign in at https://123456789012.signin.aws.amazon.com/console as admin).';
    await m.ui.act(() => {
      for (const s of STEPS) m.store.dispatch({ type: 'step-updated', id: s.id, patch: { status: 'done' } });
      m.store.dispatch({ type: 'step-updated', id: 'root-access-keys', patch: { status: 'done', note } });
    });
    await finish(m, 'hardened');
    await waitForText(m.ui, 'All steps done and verified.');
    const rows = lines(m.ui.frame());
    const at = rows.findIndex((l) => l.includes('Root access keys  done'));
    // Wrapped between words (the URL, longer than the column, is broken rather than cut).
    const squeeze = (t: string) => t.replace(/[\s│]/g, '');
    expect(squeeze(rows.slice(at, at + 5).join(''))).toContain(squeeze(`done ${note}`));
    expect(rows.slice(at + 1, at + 5).filter((l) => l.includes('aws-harden-admin') || l.includes('signin')).length).toBeGreaterThan(0);
    for (const l of rows) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('incomplete: says what is left', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.ui.act(() => {
      for (const s of STEPS) m.store.dispatch({ type: 'step-updated', id: s.id, patch: { status: 'done' } });
      m.store.dispatch({ type: 'step-updated', id: 'password-policy', patch: { status: 'skipped', note: 'skipped by the operator' } });
      m.store.dispatch({ type: 'step-updated', id: 'cloudtrail', patch: { status: 'blocked', note: 'Not allowed to read trails.' } });
    });
    await finish(m, 'incomplete');
    await waitForText(m.ui, 'Left to do');
    const frame = m.ui.frame();
    expect(frame).toContain('│ – Password policy   skipped      skipped by the operator ');
    expect(frame).toContain('│ ? CloudTrail        blocked      Not allowed to read trails. ');
    expect(frame.replace(/\s*│\n│\s*/g, ' ')).toContain('Finished, but not every step is done. Left to do: Password policy, CloudTrail. Run aws-harden again to finish them.');
  });

  it('previewed: "Dry run complete: nothing was changed."', async () => {
    const m = mountApp(state({ dryRun: true }));
    await m.ui.act(() => {
      m.store.dispatch({ type: 'step-updated', id: 'password-policy', patch: { status: 'previewed', note: 'would make 1 call' } });
    });
    await finish(m, 'previewed');
    await waitForText(m.ui, 'Dry run complete: nothing was changed.');
    expect(m.ui.frame()).toContain('│ ◇ Password policy   previewed    would make 1 call ');
  });

  it('stopped at a failed step: shows the error and its remedy', async () => {
    const m = mountApp(state({ dryRun: false }));
    await m.ui.act(() => {
      m.store.dispatch({ type: 'step-updated', id: 'kms-key', patch: { status: 'failed', error: { message: 'KMS is throttling.', remedy: 'Wait a minute and run again.' } } });
      m.store.dispatch({ type: 'stopped', reason: 'failed' });
    });
    await waitForText(m.ui, 'Stopped at a failed step.');
    const frame = m.ui.frame();
    expect(frame).toContain('│ ✗ KMS key           failed       KMS is throttling. ');
    expect(frame).toContain('│ ✗ KMS is throttling. ');
    expect(frame).toContain('│ What to do: Wait a minute and run again. ');
  });
});
