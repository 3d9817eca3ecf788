/** CreateServiceLinkedRole for AWS Config: moto names the role after the principal as spelled; the strict sandbox as AWS does. */
import { CreateServiceLinkedRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';

const sb = useEmulator();

function iam(endpoint: string): IAMClient {
  return new IAMClient({ endpoint, region: 'us-east-1', credentials: sb.rootCredentials, maxAttempts: 1 });
}

describe("AWS Config's service-linked role", () => {
  it('moto alone makes AWSServiceRoleForconfig', async () => {
    const out = await iam(sb.motoEndpoint).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    expect(out.Role?.RoleName).toBe('AWSServiceRoleForconfig');
  });

  it('the strict sandbox makes AWSServiceRoleForConfig under /aws-service-role/config.amazonaws.com/, and refuses a second with InvalidInput', async () => {
    const client = iam(sb.endpoint);
    const out = await client.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    expect(out.Role?.Arn).toBe(`arn:aws:iam::${sb.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`);
    expect((await client.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForConfig' }))).Role?.Path).toBe('/aws-service-role/config.amazonaws.com/');
    const refused = await client
      .send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }))
      .catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } });
    expect(refused).toMatchObject({
      name: 'InvalidInputException',
      message: 'Service role name AWSServiceRoleForConfig has been taken in this account, please try a different suffix.',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
