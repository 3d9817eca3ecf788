/**
 * AWS Budgets subscribers, which moto 5.2.1 stores but cannot read back or add to: it has no
 * `DescribeSubscribersForNotification` and no `CreateSubscriber` (moto/budgets/responses.py). The
 * rule keeps each notification's subscribers as the calls that made them gave them (`CreateBudget`'s
 * `NotificationsWithSubscribers`, `CreateNotification`'s `Subscribers`), forgets them with
 * `DeleteNotification` / `DeleteBudget`, and answers exactly the two calls aws-harden makes:
 * - DescribeSubscribersForNotification:
 *   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_DescribeSubscribersForNotification.html
 * - CreateSubscriber ("You must create the associated budget and notification before you create the
 *   subscriber"): https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_CreateSubscriber.html
 * Errors are the documented ones (NotFoundException, DuplicateRecordException), in the JSON 1.1 shape.
 */
import { jsonError, jsonResult, type Buffered, type Reply } from '../http.js';
import type { OverlayRequest, Rule } from '../types.js';

interface Subscriber {
  SubscriptionType: string;
  Address: string;
}

/** A notification's identity, as AWS matches it: type, operator, threshold and threshold type. */
function notificationKey(account: string, budget: string, n: unknown): string {
  const o = (typeof n === 'object' && n !== null ? n : {}) as Record<string, unknown>;
  const threshold = Number(o.Threshold);
  return JSON.stringify([account, budget, o.NotificationType, o.ComparisonOperator, threshold, o.ThresholdType ?? 'PERCENTAGE']);
}

function subscribersOf(value: unknown): Subscriber[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s: unknown) => {
    const o = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    return typeof o.SubscriptionType === 'string' && typeof o.Address === 'string' ? [{ SubscriptionType: o.SubscriptionType, Address: o.Address }] : [];
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export class BudgetSubscribers implements Rule {
  readonly name = 'budgets-subscribers';
  readonly services = ['budgets'] as const;
  /** notificationKey → its subscribers. A key exists exactly while its notification does. */
  private subscribers = new Map<string, Subscriber[]>();
  /** `account/budget` of every budget seen made and not deleted. */
  private budgets = new Set<string>();

  reset(): void {
    this.subscribers.clear();
    this.budgets.clear();
  }

  before(req: OverlayRequest): Reply | undefined {
    const account = str(req.json.AccountId);
    const budget = str(req.json.BudgetName);
    if (req.action !== 'DescribeSubscribersForNotification' && req.action !== 'CreateSubscriber') return undefined;
    if (!this.budgets.has(`${account}/${budget}`)) {
      return jsonError('NotFoundException', `Unable to get budget: ${budget} - the budget doesn't exist.`);
    }
    const key = notificationKey(account, budget, req.json.Notification);
    const current = this.subscribers.get(key);
    if (current === undefined) return jsonError('NotFoundException', `Unable to find the notification for budget: ${budget}.`);
    if (req.action === 'DescribeSubscribersForNotification') return jsonResult({ Subscribers: current });

    const [wanted] = subscribersOf([req.json.Subscriber]);
    if (wanted === undefined) return jsonError('InvalidParameterException', 'A subscriber needs a SubscriptionType and an Address.');
    if (current.some((s) => s.SubscriptionType === wanted.SubscriptionType && s.Address === wanted.Address)) {
      return jsonError('DuplicateRecordException', `Subscriber ${wanted.Address} already exists for this notification of budget: ${budget}.`);
    }
    current.push(wanted);
    return jsonResult({});
  }

  after(req: OverlayRequest, answer: Buffered): undefined {
    if (answer.status !== 200) return undefined;
    const account = str(req.json.AccountId);
    switch (req.action) {
      case 'CreateBudget': {
        const budgetObj = (req.json.Budget ?? {}) as Record<string, unknown>;
        const budget = str(budgetObj.BudgetName);
        this.budgets.add(`${account}/${budget}`);
        const withSubs = Array.isArray(req.json.NotificationsWithSubscribers) ? (req.json.NotificationsWithSubscribers as unknown[]) : [];
        for (const item of withSubs) {
          const o = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
          this.subscribers.set(notificationKey(account, budget, o.Notification), subscribersOf(o.Subscribers));
        }
        return undefined;
      }
      case 'CreateNotification':
        this.subscribers.set(notificationKey(account, str(req.json.BudgetName), req.json.Notification), subscribersOf(req.json.Subscribers));
        return undefined;
      case 'DeleteNotification':
        this.subscribers.delete(notificationKey(account, str(req.json.BudgetName), req.json.Notification));
        return undefined;
      case 'DeleteBudget': {
        const budget = str(req.json.BudgetName);
        this.budgets.delete(`${account}/${budget}`);
        const prefix = JSON.stringify([account, budget]).slice(0, -1);
        for (const key of [...this.subscribers.keys()]) if (key.startsWith(prefix)) this.subscribers.delete(key);
        return undefined;
      }
      default:
        return undefined;
    }
  }
}
