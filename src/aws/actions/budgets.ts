/** AWS Budgets actions: the monthly cost budget, its alerts and their subscribers. */
import type { CreateBudgetCommandInput, CreateNotificationCommandInput, CreateSubscriberCommandInput } from '@aws-sdk/client-budgets';
import { createBudget, createNotification, createSubscriber } from '../budgets.js';
import type { ActionShape, Operation } from './types.js';

export type BudgetsAction =
  | ActionShape<'budgets', 'CreateBudget', CreateBudgetCommandInput>
  | ActionShape<'budgets', 'CreateNotification', CreateNotificationCommandInput>
  | ActionShape<'budgets', 'CreateSubscriber', CreateSubscriberCommandInput>;

type Op<O extends BudgetsAction['op']> = Operation<Extract<BudgetsAction, { op: O }>, void>;

export const BUDGETS_OPERATIONS: { [O in BudgetsAction['op'] as `budgets:${O}`]: Op<O> } = {
  'budgets:CreateBudget': { run: (aws, i) => createBudget(aws, i) },
  'budgets:CreateNotification': { run: (aws, i) => createNotification(aws, i) },
  'budgets:CreateSubscriber': { run: (aws, i) => createSubscriber(aws, i) },
};
