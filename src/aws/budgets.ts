/** AWS Budgets, seen through the calls aws-harden makes. "Not found" comes back as `undefined`. */
import type { CreateBudgetCommandInput, CreateNotificationCommandInput, CreateSubscriberCommandInput, Notification } from '@aws-sdk/client-budgets';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

/** A notification's kind and threshold, as AWS spells it (the steps see the SDK only through src/aws). */
export type { Notification };

export interface BudgetInfo {
  name: string;
  /** COST, USAGE, … */
  type: string;
  /** MONTHLY, QUARTERLY, … */
  timeUnit: string;
  /** The limit as AWS spells it ("10.0"), and its unit; undefined for planned/auto-adjusting budgets. */
  limit: { amount: string; unit: string } | undefined;
  /**
   * Whether credits count against spend (CostTypes.IncludeCredit, AWS's default true): while credits
   * last, such a budget's actual spend stays near zero and its alerts do not fire.
   * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_CostTypes.html
   */
  includesCredit: boolean;
}

export interface BudgetNotification {
  type: string;
  operator: string;
  threshold: number;
  thresholdType: string;
}

export async function describeBudget(aws: Aws, account: string, name: string): Promise<BudgetInfo | undefined> {
  const { DescribeBudgetCommand } = await import('@aws-sdk/client-budgets');
  try {
    const out = await (await aws.client('budgets')).send(new DescribeBudgetCommand({ AccountId: account, BudgetName: name }));
    const b = out.Budget;
    if (!b?.BudgetName) return undefined;
    return {
      name: b.BudgetName,
      type: b.BudgetType ?? '',
      timeUnit: b.TimeUnit ?? '',
      limit: b.BudgetLimit?.Amount ? { amount: b.BudgetLimit.Amount, unit: b.BudgetLimit.Unit ?? 'USD' } : undefined,
      includesCredit: b.CostTypes?.IncludeCredit ?? true,
    };
  } catch (e) {
    if (isAwsError(e, 'NotFoundException')) return undefined;
    throw e;
  }
}

export async function listNotifications(aws: Aws, account: string, name: string): Promise<BudgetNotification[]> {
  const { DescribeNotificationsForBudgetCommand } = await import('@aws-sdk/client-budgets');
  const budgets = await aws.client('budgets');
  const out: BudgetNotification[] = [];
  let token: string | undefined;
  do {
    const page = await budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: account, BudgetName: name, ...(token ? { NextToken: token } : {}) }));
    for (const n of page.Notifications ?? []) {
      out.push({
        type: n.NotificationType ?? '',
        operator: n.ComparisonOperator ?? '',
        threshold: Number(n.Threshold ?? NaN),
        // AWS's default when a notification was made without one.
        thresholdType: n.ThresholdType ?? 'PERCENTAGE',
      });
    }
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

/**
 * Creates the budget with its notifications (one call). A lost answer, or "already exists": the
 * budget is there, and the step's read-back adds whatever of it is missing.
 */
export async function createBudget(aws: Aws, input: CreateBudgetCommandInput): Promise<void> {
  const { CreateBudgetCommand } = await import('@aws-sdk/client-budgets');
  await sendOnce(
    async () => (await (await aws.client('budgets')).send(new CreateBudgetCommand(input)), true),
    async () => ((await describeBudget(aws, input.AccountId ?? '', input.Budget?.BudgetName ?? '')) ? true : undefined),
    (e) => isAwsError(e, 'DuplicateRecordException'),
  );
}

export async function createNotification(aws: Aws, input: CreateNotificationCommandInput): Promise<void> {
  const { CreateNotificationCommand } = await import('@aws-sdk/client-budgets');
  const want = input.Notification;
  const same = (n: BudgetNotification) =>
    n.type === want?.NotificationType && n.operator === want.ComparisonOperator && n.threshold === want.Threshold && n.thresholdType === (want.ThresholdType ?? 'PERCENTAGE');
  await sendOnce(
    async () => (await (await aws.client('budgets')).send(new CreateNotificationCommand(input)), true),
    async () => ((await listNotifications(aws, input.AccountId ?? '', input.BudgetName ?? '')).some(same) ? true : undefined),
    (e) => isAwsError(e, 'DuplicateRecordException'),
  );
}

/** The e-mail addresses (and SNS topics, as `sns:<arn>`) a notification goes to. */
export async function listSubscribers(aws: Aws, account: string, name: string, notification: Notification): Promise<string[]> {
  const { DescribeSubscribersForNotificationCommand } = await import('@aws-sdk/client-budgets');
  const budgets = await aws.client('budgets');
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await budgets.send(
      new DescribeSubscribersForNotificationCommand({
        AccountId: account,
        BudgetName: name,
        Notification: notification,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const s of page.Subscribers ?? []) {
      if (s.Address) out.push(s.SubscriptionType === 'SNS' ? `sns:${s.Address}` : s.Address);
    }
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

export async function createSubscriber(aws: Aws, input: CreateSubscriberCommandInput): Promise<void> {
  const { CreateSubscriberCommand } = await import('@aws-sdk/client-budgets');
  const notification = input.Notification;
  if (!notification) throw new Error('budgets:CreateSubscriber needs the notification');
  const address = input.Subscriber?.SubscriptionType === 'SNS' ? `sns:${input.Subscriber.Address ?? ''}` : (input.Subscriber?.Address ?? '');
  await sendOnce(
    async () => (await (await aws.client('budgets')).send(new CreateSubscriberCommand(input)), true),
    async () => ((await listSubscribers(aws, input.AccountId ?? '', input.BudgetName ?? '', notification)).includes(address) ? true : undefined),
    (e) => isAwsError(e, 'DuplicateRecordException'),
  );
}
