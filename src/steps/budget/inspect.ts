/** What the budget step reads: the budget of that name, which of the alerts exist, and whom they e-mail. */
import { describeBudget, listNotifications, listSubscribers, type BudgetInfo, type BudgetNotification, type Notification } from '../../aws/budgets.js';
import type { StepContext } from '../types.js';
import { ALERTS } from './rules.js';

export interface BudgetInspection {
  name: string;
  budget: BudgetInfo | undefined;
  /** Which of ALERTS exist (same order). */
  present: boolean[];
  /** Each of ALERTS' subscribers, read back (empty where the alert is missing). */
  subscribers: string[][];
  /** The address the alerts must reach, when known (the answer, or the earlier one). */
  email: string | undefined;
}

function matches(n: BudgetNotification, want: Notification): boolean {
  return n.type === want.NotificationType && n.operator === want.ComparisonOperator && n.threshold === want.Threshold && n.thresholdType === (want.ThresholdType ?? 'PERCENTAGE');
}

export function absent(name: string, email: string | undefined): BudgetInspection {
  return { name, budget: undefined, present: ALERTS.map(() => false), subscribers: ALERTS.map(() => []), email };
}

export async function inspect(ctx: StepContext, name: string, email: string | undefined): Promise<BudgetInspection> {
  const account = ctx.identity.account;
  const budget = await describeBudget(ctx.aws, account, name);
  if (!budget) return absent(name, email);
  const notes = await listNotifications(ctx.aws, account, name);
  const present = ALERTS.map((a) => notes.some((n) => matches(n, a)));
  const subscribers = await Promise.all(ALERTS.map((a, i) => (present[i] ? listSubscribers(ctx.aws, account, name, a) : Promise.resolve([]))));
  return { name, budget, present, subscribers, email };
}

/** The alerts that exist but do not e-mail the operator's address. */
export function unsubscribed(ins: BudgetInspection): Notification[] {
  const email = ins.email?.toLowerCase();
  if (!email) return [];
  return ALERTS.filter((_, i) => ins.present[i] && !(ins.subscribers[i] ?? []).some((a) => a.toLowerCase() === email));
}

export function wrongKind(b: BudgetInfo): boolean {
  return b.type !== 'COST' || b.timeUnit !== 'MONTHLY';
}

export function alertLabel(a: Notification): string {
  return `${a.NotificationType === 'FORECASTED' ? 'forecast' : 'actual'} > ${a.Threshold ?? 0} %`;
}
