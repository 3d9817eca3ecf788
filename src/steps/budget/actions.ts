/**
 * The calls that take the budget to done: a new budget with its alerts in one call, or the alerts and
 * subscribers an existing one lacks. Plan and apply both come from here.
 */
import type { BudgetsAction } from '../../aws/actions/index.js';
import type { StepContext } from '../types.js';
import { alertLabel, unsubscribed, type BudgetInspection } from './inspect.js';
import { ALERTS } from './rules.js';

/** Spend before credits: see BudgetInfo.includesCredit. */
const COST_TYPES = { IncludeCredit: false } as const;

export function actionsFor(ctx: StepContext, ins: BudgetInspection, amount: string, email: string): BudgetsAction[] {
  const AccountId = ctx.identity.account;
  const Subscribers = [{ SubscriptionType: 'EMAIL' as const, Address: email }];
  if (!ins.budget) {
    return [
      {
        service: 'budgets',
        op: 'CreateBudget',
        input: {
          AccountId,
          Budget: { BudgetName: ins.name, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: amount, Unit: 'USD' }, CostTypes: { ...COST_TYPES } },
          NotificationsWithSubscribers: ALERTS.map((n) => ({ Notification: { ...n }, Subscribers })),
        },
        note: `monthly cost budget of ${amount} USD, spend counted before credits; e-mails ${email} at 80 % and 100 % of actual spend and 100 % of forecast`,
      },
    ];
  }
  const missing = ALERTS.flatMap((n, i): BudgetsAction[] =>
    ins.present[i]
      ? []
      : [{ service: 'budgets', op: 'CreateNotification', input: { AccountId, BudgetName: ins.name, Notification: { ...n }, Subscribers }, note: `e-mail ${email} when ${alertLabel(n)}` }],
  );
  const subscribe = unsubscribed({ ...ins, email }).map((n): BudgetsAction => {
    return {
      service: 'budgets',
      op: 'CreateSubscriber',
      input: { AccountId, BudgetName: ins.name, Notification: { ...n }, Subscriber: { SubscriptionType: 'EMAIL', Address: email } },
      note: `also e-mail ${email} when ${alertLabel(n)}`,
    };
  });
  return [...missing, ...subscribe];
}
