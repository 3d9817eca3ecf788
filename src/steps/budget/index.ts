/**
 * budget: the course's "billing alert" in its current form — an AWS Budgets monthly cost budget that
 * e-mails the operator at 80 % and 100 % of actual spend and at 100 % of forecast spend.
 *
 * An existing budget of the same name keeps its limit and cost types (the operator chose them, maybe in
 * the console); missing notifications are added, and the operator's address is added to a notification
 * that does not e-mail it (other subscribers stay). A new budget counts spend before credits, so
 * promotional credits cannot keep the alerts quiet while a leaked key runs up usage; an existing budget
 * that counts credits is said so on screen. Verified by DescribeBudget, DescribeNotificationsForBudget
 * and DescribeSubscribersForNotification.
 */
import { plannedCalls, runActions } from '../../aws/actions/index.js';
import { ExitCode, OperatorError } from '../../errors.js';
import { answerOf } from '../answers.js';
import { defineStep, type Answers, type Question } from '../types.js';
import { actionsFor } from './actions.js';
import { absent, inspect, wrongKind, type BudgetInspection } from './inspect.js';
import { findingFor } from './report.js';
import { COST_REPORT_GUIDE, DEFAULT_BUDGET_AMOUNT, DEFAULT_BUDGET_NAME, validateAmount, validateBudgetName, validateEmail } from './rules.js';

export { ALERTS, BILLING_NOTE, COST_REPORT_GUIDE, DEFAULT_BUDGET_AMOUNT, DEFAULT_BUDGET_NAME, validateAmount, validateBudgetName, validateEmail } from './rules.js';
export type { BudgetInspection } from './inspect.js';

/** The answered address, when it is one. */
function emailOf(answers: Answers | undefined): string | undefined {
  const email = answers?.email?.trim();
  return email && !validateEmail(email) ? email : undefined;
}

function nameOf(answers: Answers): string {
  return (answers.name ?? DEFAULT_BUDGET_NAME).trim();
}

function amountOf(answers: Answers): string {
  return (answers.amount ?? DEFAULT_BUDGET_AMOUNT).trim();
}

export const budgetStep = defineStep<BudgetInspection>({
  id: 'budget',
  title: 'Budget alerts',
  why: 'A monthly cost budget e-mails you when spend runs away — from a leaked key or a forgotten resource — before the bill does.',

  configKeys: { name: validateBudgetName, amount: validateAmount, email: validateEmail },

  async check(ctx) {
    // The operator's earlier answers (--config, then the journal), else the default.
    return findingFor(await inspect(ctx, answerOf(ctx, 'budget', 'name', validateBudgetName) ?? DEFAULT_BUDGET_NAME, answerOf(ctx, 'budget', 'email', validateEmail)));
  },

  questions(_ctx, finding): Question[] {
    const existing = finding.data?.budget;
    return [
      { kind: 'text', id: 'name', prompt: 'Budget name', default: finding.data?.name ?? DEFAULT_BUDGET_NAME, validate: validateBudgetName },
      ...(existing
        ? []
        : [
            {
              kind: 'text' as const,
              id: 'amount',
              prompt: 'Monthly budget in USD',
              default: DEFAULT_BUDGET_AMOUNT,
              // The billing note is in the finding above the questions already.
              help: `Alerts go out at 80 % and 100 % of this, and when the month's forecast passes it.`,
              validate: validateAmount,
            },
          ]),
      {
        kind: 'text',
        id: 'email',
        prompt: 'E-mail address for the alerts',
        default: '',
        help: `AWS Budgets e-mails this address directly (no confirmation needed).\n${COST_REPORT_GUIDE}`,
        validate: validateEmail,
      },
    ];
  },

  /** The budget the answers name (read again when it is another one), with the answered limit in the table. */
  async recheck(ctx, finding, answers) {
    const name = nameOf(answers);
    const email = emailOf(answers);
    const same = finding.data && finding.data.name === name && finding.data.email === email;
    return findingFor(same && finding.data ? finding.data : await inspect(ctx, name, email), amountOf(answers));
  },

  plan(ctx, finding, answers) {
    const name = nameOf(answers);
    const email = (answers.email ?? '').trim();
    const ins = finding.data && finding.data.name === name ? finding.data : absent(name, email);
    const calls = plannedCalls(actionsFor(ctx, ins, amountOf(answers), email));
    return finding.data?.name === name ? calls : calls.map((c) => ({ ...c, note: `${c.note ?? ''} (if ${name} does not exist yet: apply reads it first)` }));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the answer may name another budget than the check did.
    const ins = await inspect(ctx, nameOf(answers), emailOf(answers));
    if (ins.budget && wrongKind(ins.budget)) {
      throw new OperatorError(
        'aws',
        `A budget named ${ins.name} exists but is a ${ins.budget.timeUnit.toLowerCase()} ${ins.budget.type.toLowerCase()} budget.`,
        'Run again and answer another budget name.',
        ExitCode.StepFailed,
      );
    }
    await runActions(ctx.aws, actionsFor(ctx, ins, amountOf(answers), (answers.email ?? '').trim()));
  },

  async verify(ctx, answers) {
    return findingFor(await inspect(ctx, nameOf(answers), emailOf(answers)));
  },
});
