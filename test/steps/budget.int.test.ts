import { describe, expect, it } from 'vitest';
import { CreateBudgetCommand } from '@aws-sdk/client-budgets';
import { describeBudget, listNotifications, listSubscribers } from '../../src/aws/budgets.js';
import { ALERTS, budgetStep as step, BILLING_NOTE, COST_REPORT_GUIDE, DEFAULT_BUDGET_NAME } from '../../src/steps/budget/index.js';
import type { Answers, StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { mutations, resetRecording } from './logging-helpers.js';
import { noOperator } from '../helpers/operator.js';

const em = useEmulator();

const answers: Answers = { name: DEFAULT_BUDGET_NAME, amount: '25.50', email: 'ops@example.com' };

async function convergeAndProveIdempotent(ctx: StepContext, a: Answers) {
  const before = await step.check(ctx);
  const planned = step.plan(ctx, before, a).map((c) => `budgets:${c.operation}`);
  await resetRecording(em);
  await step.apply(ctx, before, a, noOperator());
  expect(await mutations(em)).toEqual(planned);
  const verified = await step.verify!(ctx, a);
  expect(verified.status, verified.summary).toBe('done');
  await resetRecording(em);
  const again = await step.check(ctx);
  expect(again.status).toBe('done');
  await step.apply(ctx, again, a, noOperator());
  expect(await mutations(em)).toEqual([]);
  return { before, planned };
}

describe('budget against the emulator', () => {
  it('makes a monthly cost budget with three e-mail alerts in one call; a re-run changes nothing', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain('No budget yet');
    // The console-only billing-alarm preference is said on screen.
    expect(before.summary).toContain(BILLING_NOTE);
    const questions = step.questions!(ctx, before);
    expect(questions.map((q) => q.id)).toEqual(['name', 'amount', 'email']);
    expect(questions.find((q) => q.id === 'amount')?.default).toBe('10');
    // The questions screen shows the finding too: the note is said once.
    expect(questions.find((q) => q.id === 'amount')?.help).not.toContain(BILLING_NOTE);
    const email = questions.find((q) => q.id === 'email');
    // No default address: headless runs without --config skip the step (see logging-runner test).
    expect(email?.default).toBe('');
    expect(email?.help).toContain(COST_REPORT_GUIDE);
    expect(email?.help).toMatch(/Data Exports/);

    const plan = step.plan(ctx, before, answers);
    expect(plan).toHaveLength(1);
    expect(plan[0]?.params).toMatchObject({
      AccountId: ctx.identity.account,
      Budget: { BudgetName: DEFAULT_BUDGET_NAME, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '25.50', Unit: 'USD' } },
    });
    const { planned } = await convergeAndProveIdempotent(ctx, answers);
    expect(planned).toEqual(['budgets:CreateBudget']);

    const budget = await describeBudget(ctx.aws, ctx.identity.account, DEFAULT_BUDGET_NAME);
    expect(budget).toMatchObject({ type: 'COST', timeUnit: 'MONTHLY' });
    expect(Number(budget?.limit?.amount)).toBe(25.5);
    const notes = await listNotifications(ctx.aws, ctx.identity.account, DEFAULT_BUDGET_NAME);
    expect(notes.map((n) => `${n.type} ${n.operator} ${n.threshold} ${n.thresholdType}`).sort()).toEqual([
      'ACTUAL GREATER_THAN 100 PERCENTAGE',
      'ACTUAL GREATER_THAN 80 PERCENTAGE',
      'FORECASTED GREATER_THAN 100 PERCENTAGE',
    ]);
    // Spend is counted before credits, so credits cannot keep the alerts quiet.
    expect(budget?.includesCredit).toBe(false);
    const done = await step.check(ctx);
    expect(done.summary).toMatch(/Budget aws-harden-monthly \(25\.5 USD a month\) e-mails ops@example\.com at 80 % and 100 %/);
    expect(done.summary).not.toContain('counts credits');
    expect(done.table?.rows.find((r) => r.label === 'credits hide spend')).toMatchObject({ current: 'no', changes: false });
  });

  it('adds only the missing alerts to an existing budget and keeps its limit (the amount is not asked)', async () => {
    const ctx = await emulatorContext(em);
    await (
      await ctx.aws.client('budgets')
    ).send(
      new CreateBudgetCommand({
        AccountId: ctx.identity.account,
        Budget: { BudgetName: DEFAULT_BUDGET_NAME, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '50', Unit: 'USD' } },
        NotificationsWithSubscribers: [
          {
            Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
            Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'old@example.com' }],
          },
        ],
      }),
    );
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/Budget aws-harden-monthly lacks the alerts actual > 100 %, forecast > 100 %\./);
    // A budget made in the console counts credits (AWS's default): kept, and said.
    expect(before.summary).toContain('counts credits against spend');
    expect(before.table?.rows.find((r) => r.label === 'e-mails')).toMatchObject({ current: 'old@example.com' });
    expect(before.table?.rows.find((r) => r.label === 'alert actual > 80 %')).toMatchObject({ current: 'yes', changes: false });
    expect(before.table?.rows.find((r) => r.label === 'limit')).toMatchObject({ current: '50 USD', proposed: '50 USD', changes: false });
    expect(step.questions!(ctx, before).map((q) => q.id)).toEqual(['name', 'email']);
    const { planned } = await convergeAndProveIdempotent(ctx, { name: DEFAULT_BUDGET_NAME, email: 'ops@example.com' });
    // The two missing alerts, and the operator's address on the one that e-mailed someone else only.
    expect(planned).toEqual(['budgets:CreateNotification', 'budgets:CreateNotification', 'budgets:CreateSubscriber']);
    expect(Number((await describeBudget(ctx.aws, ctx.identity.account, DEFAULT_BUDGET_NAME))?.limit?.amount)).toBe(50);
    const subscribers = await Promise.all(ALERTS.map((a) => listSubscribers(ctx.aws, ctx.identity.account, DEFAULT_BUDGET_NAME, a)));
    expect(subscribers).toEqual([['old@example.com', 'ops@example.com'], ['ops@example.com'], ['ops@example.com']]);
  });

  it('reads the subscribers back: an answer the alerts do not e-mail is not done, and apply adds it to each', async () => {
    const ctx = await emulatorContext(em);
    await step.apply(ctx, await step.check(ctx), answers, noOperator());
    const other = { ...answers, email: 'security@example.com' };
    const withOther: StepContext = { ...ctx, answersOf: (id) => (id === 'budget' ? other : undefined) };
    const before = await step.check(withOther);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain('does not e-mail security@example.com when actual > 80 %, actual > 100 %, forecast > 100 %');
    expect(before.table?.rows.find((r) => r.label === 'e-mails')).toMatchObject({ current: 'ops@example.com', proposed: 'ops@example.com, security@example.com', changes: true });
    expect((await step.verify!(ctx, other)).status).toBe('todo');
    const { planned } = await convergeAndProveIdempotent(withOther, other);
    expect(planned).toEqual(['budgets:CreateSubscriber', 'budgets:CreateSubscriber', 'budgets:CreateSubscriber']);
  });

  it('a budget of that name that is not a monthly cost budget is blocked, and apply leaves it alone', async () => {
    const ctx = await emulatorContext(em);
    await (
      await ctx.aws.client('budgets')
    ).send(
      new CreateBudgetCommand({
        AccountId: ctx.identity.account,
        Budget: { BudgetName: DEFAULT_BUDGET_NAME, BudgetType: 'USAGE', TimeUnit: 'QUARTERLY', BudgetLimit: { Amount: '5', Unit: 'GB' } },
      }),
    );
    const before = await step.check(ctx);
    expect(before.status).toBe('blocked');
    expect(before.summary).toMatch(/exists but is a quarterly usage budget; give another name/);
    await resetRecording(em);
    await expect(step.apply(ctx, before, answers, noOperator())).rejects.toMatchObject({ code: 'aws', message: expect.stringMatching(/quarterly usage budget/) });
    expect(await mutations(em)).toEqual([]);
  });
});
