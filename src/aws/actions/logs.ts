/** CloudWatch Logs actions: the trail's log group and its metric filters. */
import type { CreateLogGroupCommandInput, PutMetricFilterCommandInput, PutRetentionPolicyCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { createLogGroup, putMetricFilter, putRetentionPolicy } from '../logs.js';
import type { ActionShape, Operation } from './types.js';

export type LogsAction =
  | ActionShape<'logs', 'CreateLogGroup', CreateLogGroupCommandInput>
  | ActionShape<'logs', 'PutRetentionPolicy', PutRetentionPolicyCommandInput>
  | ActionShape<'logs', 'PutMetricFilter', PutMetricFilterCommandInput>;

type Op<O extends LogsAction['op']> = Operation<Extract<LogsAction, { op: O }>, void>;

export const LOGS_OPERATIONS: { [O in LogsAction['op'] as `logs:${O}`]: Op<O> } = {
  'logs:CreateLogGroup': { run: (aws, i) => createLogGroup(aws, i) },
  'logs:PutRetentionPolicy': { run: (aws, i) => putRetentionPolicy(aws, i) },
  'logs:PutMetricFilter': { run: (aws, i) => putMetricFilter(aws, i) },
};
