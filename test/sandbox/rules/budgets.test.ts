/**
 * Budgets subscribers: moto stores them but cannot read them back or add one; the strict sandbox
 * answers DescribeSubscribersForNotification and CreateSubscriber from what the budget was made with.
 */
import {
  BudgetsClient,
  CreateBudgetCommand,
  CreateNotificationCommand,
  CreateSubscriberCommand,
  DeleteNotificationCommand,
  DescribeSubscribersForNotificationCommand,
  type Notification,
} from '@aws-sdk/client-budgets';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';

const sb = useEmulator();

const ACTUAL_80: Notification = { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' };
const FORECAST_100: Notification = { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' };

function budgets(endpoint: string): BudgetsClient {
  return new BudgetsClient({ endpoint, region: sb.region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

async function makeBudget(client: BudgetsClient, name: string): Promise<void> {
  await client.send(
    new CreateBudgetCommand({
      AccountId: sb.accountId,
      Budget: { BudgetName: name, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '10', Unit: 'USD' } },
      NotificationsWithSubscribers: [{ Notification: ACTUAL_80, Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }] }],
    }),
  );
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('budgets subscribers', () => {
  it('moto alone cannot read subscribers back; the strict sandbox returns what CreateBudget stored', async () => {
    await makeBudget(budgets(sb.endpoint), 'b1');
    const input = { AccountId: sb.accountId, BudgetName: 'b1', Notification: ACTUAL_80 };
    const moto = await errorOf(budgets(sb.motoEndpoint).send(new DescribeSubscribersForNotificationCommand(input)));
    expect(moto.status).toBeGreaterThanOrEqual(400);

    const out = await budgets(sb.endpoint).send(new DescribeSubscribersForNotificationCommand(input));
    expect(out.Subscribers).toEqual([{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }]);
  });

  it('CreateSubscriber adds one; a duplicate is DuplicateRecordException; an unknown notification or budget is NotFoundException', async () => {
    const client = budgets(sb.endpoint);
    await makeBudget(client, 'b2');
    const input = { AccountId: sb.accountId, BudgetName: 'b2', Notification: ACTUAL_80 };
    await client.send(new CreateSubscriberCommand({ ...input, Subscriber: { SubscriptionType: 'EMAIL', Address: 'cfo@example.com' } }));
    const out = await client.send(new DescribeSubscribersForNotificationCommand(input));
    expect(out.Subscribers?.map((s) => s.Address)).toEqual(['ops@example.com', 'cfo@example.com']);

    expect(await errorOf(client.send(new CreateSubscriberCommand({ ...input, Subscriber: { SubscriptionType: 'EMAIL', Address: 'cfo@example.com' } })))).toEqual({
      name: 'DuplicateRecordException',
      status: 400,
    });
    expect(await errorOf(client.send(new DescribeSubscribersForNotificationCommand({ ...input, Notification: FORECAST_100 })))).toEqual({ name: 'NotFoundException', status: 400 });
    expect(await errorOf(client.send(new DescribeSubscribersForNotificationCommand({ ...input, BudgetName: 'nope' })))).toEqual({ name: 'NotFoundException', status: 400 });
  });

  it('follows CreateNotification and DeleteNotification, and forgets everything on reset', async () => {
    const client = budgets(sb.endpoint);
    await makeBudget(client, 'b3');
    const forecast = { AccountId: sb.accountId, BudgetName: 'b3', Notification: FORECAST_100 };
    await client.send(new CreateNotificationCommand({ ...forecast, Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'a@example.com' }] }));
    expect((await client.send(new DescribeSubscribersForNotificationCommand(forecast))).Subscribers?.map((s) => s.Address)).toEqual(['a@example.com']);
    await client.send(new DeleteNotificationCommand(forecast));
    expect((await errorOf(client.send(new DescribeSubscribersForNotificationCommand(forecast)))).name).toBe('NotFoundException');

    await fetch(`${sb.endpoint}/moto-api/reset`, { method: 'POST' });
    const first = { AccountId: sb.accountId, BudgetName: 'b3', Notification: ACTUAL_80 };
    expect((await errorOf(client.send(new DescribeSubscribersForNotificationCommand(first)))).name).toBe('NotFoundException');
  });
});
