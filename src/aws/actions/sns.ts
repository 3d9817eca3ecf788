/** SNS actions: the security alarms' topic and its e-mail subscription. */
import type { CreateTopicCommandInput, SubscribeCommandInput } from '@aws-sdk/client-sns';
import { createTopic, subscribe } from '../sns.js';
import type { ActionShape, Operation } from './types.js';

export type SnsAction = ActionShape<'sns', 'CreateTopic', CreateTopicCommandInput> | ActionShape<'sns', 'Subscribe', SubscribeCommandInput>;

type Op<O extends SnsAction['op']> = Operation<Extract<SnsAction, { op: O }>, void>;

export const SNS_OPERATIONS: { [O in SnsAction['op'] as `sns:${O}`]: Op<O> } = {
  'sns:CreateTopic': { run: (aws, i) => createTopic(aws, i) },
  'sns:Subscribe': { run: (aws, i) => subscribe(aws, i) },
};
