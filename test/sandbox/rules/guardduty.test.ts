/** GuardDuty: one detector per account per region. moto makes a second; the strict sandbox refuses it as AWS does. */
import { CreateDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';

const sb = useEmulator();

function guardduty(endpoint: string, region = 'us-east-1'): GuardDutyClient {
  return new GuardDutyClient({ endpoint, region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

describe('guardduty: one detector per region', () => {
  it('moto alone makes a second detector in a region', async () => {
    const moto = guardduty(sb.motoEndpoint);
    await moto.send(new CreateDetectorCommand({ Enable: true }));
    await moto.send(new CreateDetectorCommand({ Enable: true }));
    expect((await moto.send(new ListDetectorsCommand({}))).DetectorIds).toHaveLength(2);
  });

  it('the second CreateDetector in a region is refused with AWS words; the first and another region are fine', async () => {
    const strict = guardduty(sb.endpoint);
    await strict.send(new CreateDetectorCommand({ Enable: true }));
    const refused = await strict.send(new CreateDetectorCommand({ Enable: true })).catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode?: number } });
    expect(refused).toMatchObject({ name: 'BadRequestException', message: 'The request is rejected because a detector already exists for the current account.', $metadata: { httpStatusCode: 400 } });
    expect((await strict.send(new ListDetectorsCommand({}))).DetectorIds).toHaveLength(1);
    await guardduty(sb.endpoint, 'eu-west-1').send(new CreateDetectorCommand({ Enable: true }));
    expect((await guardduty(sb.endpoint, 'eu-west-1').send(new ListDetectorsCommand({}))).DetectorIds).toHaveLength(1);
  });
});
