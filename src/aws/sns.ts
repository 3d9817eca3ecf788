/** SNS, seen through the calls the trail-alarms step makes: one topic and its e-mail subscription. */
import type { CreateTopicCommandInput, SubscribeCommandInput } from '@aws-sdk/client-sns';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';

/** True when the topic of this ARN exists. */
export async function topicExists(aws: Aws, arn: string): Promise<boolean> {
  const { GetTopicAttributesCommand } = await import('@aws-sdk/client-sns');
  try {
    await (await aws.client('sns')).send(new GetTopicAttributesCommand({ TopicArn: arn }));
    return true;
  } catch (e) {
    if (isAwsError(e, 'NotFound', 'NotFoundException')) return false;
    throw e;
  }
}

/** Idempotent: "If a topic with the same name and attributes exists, its ARN is returned" (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html). */
export async function createTopic(aws: Aws, input: CreateTopicCommandInput): Promise<void> {
  const { CreateTopicCommand } = await import('@aws-sdk/client-sns');
  await (await aws.client('sns')).send(new CreateTopicCommand(input));
}

/**
 * SNS's word for a subscription the recipient has not confirmed yet: ListSubscriptionsByTopic gives
 * it as the SubscriptionArn (https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html).
 */
export const PENDING_CONFIRMATION = 'PendingConfirmation';

export interface SubscriptionInfo {
  protocol: string;
  endpoint: string;
  /** The recipient has not confirmed it yet (an e-mail subscription needs a click on the link SNS sends). */
  pending: boolean;
}

export async function topicSubscriptions(aws: Aws, topicArn: string): Promise<SubscriptionInfo[]> {
  const { ListSubscriptionsByTopicCommand } = await import('@aws-sdk/client-sns');
  const client = await aws.client('sns');
  const found: SubscriptionInfo[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const out = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, ...(NextToken ? { NextToken } : {}) }));
      for (const s of out.Subscriptions ?? []) found.push({ protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '', pending: s.SubscriptionArn === PENDING_CONFIRMATION });
      NextToken = out.NextToken;
    } while (NextToken);
  } catch (e) {
    if (isAwsError(e, 'NotFound', 'NotFoundException')) return [];
    throw e;
  }
  return found;
}

/**
 * Subscribing an endpoint already subscribed makes no second subscription (a pending e-mail one is
 * sent its confirmation again): sending it twice is sending it once.
 */
export async function subscribe(aws: Aws, input: SubscribeCommandInput): Promise<void> {
  const { SubscribeCommand } = await import('@aws-sdk/client-sns');
  await (await aws.client('sns')).send(new SubscribeCommand(input));
}
