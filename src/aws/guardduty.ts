/**
 * Amazon GuardDuty, seen through the calls aws-harden makes: the one detector a region may have.
 * AWS allows one detector per account per Region (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html);
 * a second CreateDetector is refused with BadRequestException "The request is rejected because a
 * detector already exists for the current account." (as AWS words it, e.g. hashicorp/terraform-provider-aws#11780).
 */
import type { CreateDetectorCommandInput } from '@aws-sdk/client-guardduty';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

export type { CreateDetectorCommandInput };

/** The region's detector: none, or its id and whether it is on (Status ENABLED). */
export type DetectorState = { id: undefined } | { id: string; enabled: boolean };

export async function detectorOf(aws: Aws): Promise<DetectorState> {
  const { GetDetectorCommand, ListDetectorsCommand } = await import('@aws-sdk/client-guardduty');
  const client = await aws.client('guardduty');
  const ids = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  const id = ids[0];
  if (id === undefined) return { id: undefined };
  const detector = await client.send(new GetDetectorCommand({ DetectorId: id }));
  return { id, enabled: detector.Status === 'ENABLED' };
}

/**
 * Creates the region's detector. The SDK fills `clientToken` (AWS's idempotency token) itself, once
 * per call; a lost answer, or "a detector already exists" after one, is settled by reading the region's
 * detector: the one that exists is adopted (the step's read-back enables it if it is off).
 */
export async function createDetector(aws: Aws, input: CreateDetectorCommandInput): Promise<void> {
  const { CreateDetectorCommand } = await import('@aws-sdk/client-guardduty');
  await sendOnce(
    async () => (await (await aws.client('guardduty')).send(new CreateDetectorCommand(input)), true),
    async () => ((await detectorOf(aws)).id !== undefined ? true : undefined),
    (e) => isAwsError(e, 'BadRequestException') && /already exists/i.test(e.message),
  );
}

/** Sets a state: sending it twice is sending it once (retry.ts RESENDABLE). */
export async function enableDetector(aws: Aws, detectorId: string): Promise<void> {
  const { UpdateDetectorCommand } = await import('@aws-sdk/client-guardduty');
  await (await aws.client('guardduty')).send(new UpdateDetectorCommand({ DetectorId: detectorId, Enable: true }));
}
