/**
 * The strict sandbox's SNS e-mail confirmation rule: moto alone confirms an e-mail subscription at
 * once; the strict sandbox answers as AWS does while the recipient has not clicked the link.
 */
import { describe, expect, it } from 'vitest';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { useEmulator } from '../../helpers/emulator.js';

const em = useEmulator();

function sns(endpoint: string): SNSClient {
  return new SNSClient({ endpoint, region: 'us-east-1', credentials: em.rootCredentials });
}

async function subscribeEmail(client: SNSClient) {
  const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'alarms' }));
  const sub = await client.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));
  const list = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  return { sub: sub.SubscriptionArn, listed: list.Subscriptions?.map((s) => s.SubscriptionArn) };
}

describe('SNS e-mail subscriptions', () => {
  it('moto alone confirms them at once', async () => {
    const { sub, listed } = await subscribeEmail(sns(em.motoEndpoint));
    expect(sub).toMatch(/^arn:aws:sns:us-east-1:\d{12}:alarms:/);
    expect(listed).toEqual([sub]);
  });

  it('the strict sandbox leaves them pending confirmation, in the words AWS uses', async () => {
    const { sub, listed } = await subscribeEmail(sns(em.endpoint));
    expect(sub).toBe('pending confirmation');
    expect(listed).toEqual(['PendingConfirmation']);
  });
});
