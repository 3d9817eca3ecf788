/**
 * AWS Config, seen through the calls aws-harden makes: a region's configuration recorder, its status
 * and its delivery channel, and the service-linked role the recorder uses. A region has at most one
 * recorder and one delivery channel (MaxNumberOfConfigurationRecordersExceededException,
 * MaxNumberOfDeliveryChannelsExceededException: https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html,
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html): the ones that
 * exist are updated under their own names, never duplicated.
 */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

export interface Recorder {
  name: string;
  roleArn: string;
  allSupported: boolean;
  includeGlobal: boolean;
}

export interface RegionConfig {
  recorder: Recorder | undefined;
  /** The recorder is recording (DescribeConfigurationRecorderStatus `recording`). */
  recording: boolean;
  /** The delivery channel: its name and bucket. */
  channel: { name: string; bucket: string } | undefined;
}

export async function regionConfig(aws: Aws): Promise<RegionConfig> {
  const { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand, DescribeDeliveryChannelsCommand } = await import('@aws-sdk/client-config-service');
  const client = await aws.client('config');
  const r = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders?.[0];
  const recorder = r?.name
    ? { name: r.name, roleArn: r.roleARN ?? '', allSupported: r.recordingGroup?.allSupported === true, includeGlobal: r.recordingGroup?.includeGlobalResourceTypes === true }
    : undefined;
  const status = recorder ? (await client.send(new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [recorder.name] }))).ConfigurationRecordersStatus?.[0] : undefined;
  const c = (await client.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels?.[0];
  return { recorder, recording: status?.recording === true, channel: c?.name ? { name: c.name, bucket: c.s3BucketName ?? '' } : undefined };
}

export interface RecorderInput {
  name: string;
  roleARN: string;
  recordingGroup: { allSupported: true; includeGlobalResourceTypes: boolean };
}

/** Sets the recorder (made, or updated under its name): sending it twice is sending it once. */
export async function putRecorder(aws: Aws, input: RecorderInput): Promise<void> {
  const { PutConfigurationRecorderCommand } = await import('@aws-sdk/client-config-service');
  await (await aws.client('config')).send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: input }));
}

export async function putDeliveryChannel(aws: Aws, input: { name: string; s3BucketName: string }): Promise<void> {
  const { PutDeliveryChannelCommand } = await import('@aws-sdk/client-config-service');
  await (await aws.client('config')).send(new PutDeliveryChannelCommand({ DeliveryChannel: input }));
}

export async function startRecorder(aws: Aws, name: string): Promise<void> {
  const { StartConfigurationRecorderCommand } = await import('@aws-sdk/client-config-service');
  await (await aws.client('config')).send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
}

/** AWS Config's service-linked role (https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html). */
export const CONFIG_ROLE = 'AWSServiceRoleForConfig';
export const CONFIG_SERVICE = 'config.amazonaws.com';

/** The role's ARN, or undefined when the account has none yet. */
export async function configRoleArn(aws: Aws): Promise<string | undefined> {
  const { GetRoleCommand } = await import('@aws-sdk/client-iam');
  try {
    return (await (await aws.client('iam')).send(new GetRoleCommand({ RoleName: CONFIG_ROLE }))).Role?.Arn;
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw e;
  }
}

/**
 * Makes the role. CreateServiceLinkedRole is not idempotent: AWS refuses it when the role exists
 * (InvalidInput "Service role name AWSServiceRoleForConfig has been taken in this account"; moto
 * answers EntityAlreadyExists). A lost answer or that refusal is settled by GetRole: the role is there.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
 */
export async function createConfigRole(aws: Aws): Promise<void> {
  const { CreateServiceLinkedRoleCommand } = await import('@aws-sdk/client-iam');
  await sendOnce(
    async () => (await (await aws.client('iam')).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: CONFIG_SERVICE })), true),
    async () => ((await configRoleArn(aws)) !== undefined ? true : undefined),
    (e) => isAwsError(e, 'InvalidInput', 'InvalidInputException', 'EntityAlreadyExists', 'EntityAlreadyExistsException'),
  );
}
