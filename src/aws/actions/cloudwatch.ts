/** CloudWatch actions: the alarms on the trail's metric filters. */
import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { putMetricAlarm } from '../cloudwatch.js';
import type { ActionShape, Operation } from './types.js';

export type CloudWatchAction = ActionShape<'cloudwatch', 'PutMetricAlarm', PutMetricAlarmCommandInput>;

export const CLOUDWATCH_OPERATIONS: { 'cloudwatch:PutMetricAlarm': Operation<CloudWatchAction, void> } = {
  'cloudwatch:PutMetricAlarm': { run: (aws, i) => putMetricAlarm(aws, i) },
};
