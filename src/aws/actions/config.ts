/** AWS Config actions: the recorder, its delivery channel, recording started, and the role it uses (an IAM call). */
import { createConfigRole, putDeliveryChannel, putRecorder, startRecorder, type RecorderInput } from '../config.js';
import type { ActionShape, Operation } from './types.js';

export type ConfigAction =
  | ActionShape<'iam', 'CreateServiceLinkedRole', { AWSServiceName: 'config.amazonaws.com' }>
  | ActionShape<'config', 'PutConfigurationRecorder', { ConfigurationRecorder: RecorderInput }>
  | ActionShape<'config', 'PutDeliveryChannel', { DeliveryChannel: { name: string; s3BucketName: string } }>
  | ActionShape<'config', 'StartConfigurationRecorder', { ConfigurationRecorderName: string }>;

type Op<A extends ConfigAction> = Operation<A, void>;

export const CONFIG_OPERATIONS: { [A in ConfigAction as `${A['service']}:${A['op']}`]: Op<A> } = {
  'iam:CreateServiceLinkedRole': { run: (aws) => createConfigRole(aws) },
  'config:PutConfigurationRecorder': { run: (aws, i) => putRecorder(aws, i.ConfigurationRecorder) },
  'config:PutDeliveryChannel': { run: (aws, i) => putDeliveryChannel(aws, i.DeliveryChannel) },
  'config:StartConfigurationRecorder': { run: (aws, i) => startRecorder(aws, i.ConfigurationRecorderName) },
};
