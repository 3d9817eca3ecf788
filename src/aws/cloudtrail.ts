/** CloudTrail, seen through the calls aws-harden makes. "Not found" comes back as `undefined`. */
import type { AdvancedEventSelector, CreateTrailCommandInput, EventSelector, PutEventSelectorsCommandInput, StartLoggingCommandInput, UpdateTrailCommandInput } from '@aws-sdk/client-cloudtrail';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

/** The selector shapes, for the steps that decide on them (steps see the SDK only through src/aws). */
export type { AdvancedEventSelector, EventSelector };
export type EventSelectorsInput = Pick<PutEventSelectorsCommandInput, 'EventSelectors' | 'AdvancedEventSelectors'>;

export interface TrailInfo {
  name: string;
  arn: string;
  homeRegion: string;
  bucket: string;
  /** "" when the trail writes at the bucket's root. */
  keyPrefix: string;
  multiRegion: boolean;
  globalEvents: boolean;
  logFileValidation: boolean;
  kmsKeyId: string | undefined;
  organization: boolean;
  /** Where the trail also delivers its events (CloudWatch Logs), and the role it delivers with; undefined when it does not. */
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
}

/**
 * Every trail this region sees: its own and the multi-region trails of other regions (shadow trails),
 * including an organization's trail seen from a member account.
 */
export async function describeTrails(aws: Aws, region: string): Promise<TrailInfo[]> {
  const { DescribeTrailsCommand } = await import('@aws-sdk/client-cloudtrail');
  const out = await (await aws.client('cloudtrail')).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  return (out.trailList ?? []).flatMap((t) =>
    t.Name && t.TrailARN
      ? [
          {
            name: t.Name,
            arn: t.TrailARN,
            homeRegion: t.HomeRegion ?? region,
            bucket: t.S3BucketName ?? '',
            keyPrefix: t.S3KeyPrefix ?? '',
            multiRegion: t.IsMultiRegionTrail === true,
            globalEvents: t.IncludeGlobalServiceEvents === true,
            logFileValidation: t.LogFileValidationEnabled === true,
            kmsKeyId: t.KmsKeyId || undefined,
            organization: t.IsOrganizationTrail === true,
            ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
            ...(t.CloudWatchLogsRoleArn ? { cloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn } : {}),
          },
        ]
      : [],
  );
}

/**
 * The trail named `name`, looked up among *all* trails this region sees, preferring one whose home is
 * `region`. DescribeTrails is asked for every trail and filtered here: `trailNameList` is ignored by
 * the emulator (moto/cloudtrail/responses.py `describe_trails`), and on AWS a shadow trail is only
 * matched by ARN — filtering ourselves is right on both.
 */
export async function findTrail(aws: Aws, name: string, region: string, all?: readonly TrailInfo[]): Promise<TrailInfo | undefined> {
  const named = (all ?? (await describeTrails(aws, region))).filter((t) => t.name === name);
  return named.find((x) => x.homeRegion === region) ?? named[0];
}

/** `trail` is a name, or an ARN for a trail whose home is another region or account. */
export async function isLogging(aws: Aws, trail: string): Promise<boolean> {
  const { GetTrailStatusCommand } = await import('@aws-sdk/client-cloudtrail');
  const out = await (await aws.client('cloudtrail')).send(new GetTrailStatusCommand({ Name: trail }));
  return out.IsLogging === true;
}

export interface EventSelectors {
  basic: EventSelector[];
  advanced: AdvancedEventSelector[];
}

export async function getEventSelectors(aws: Aws, trail: string): Promise<EventSelectors> {
  const { GetEventSelectorsCommand } = await import('@aws-sdk/client-cloudtrail');
  const out = await (await aws.client('cloudtrail')).send(new GetEventSelectorsCommand({ TrailName: trail }));
  return { basic: out.EventSelectors ?? [], advanced: out.AdvancedEventSelectors ?? [] };
}

/**
 * CloudTrail checks the bucket and key policies on Create/UpdateTrail, and that it can assume the
 * CloudWatch Logs role; a just-written policy, or a role just made (IAM is eventually consistent:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency),
 * may take a moment to be seen.
 */
const POLICY_NOT_SEEN = ['InsufficientS3BucketPolicyException', 'InsufficientEncryptionPolicyException', 'InvalidCloudWatchLogsRoleArnException'];
const POLICY_RETRY_DELAYS_MS = [2_000, 4_000, 8_000];

async function retryingPolicyChecks(run: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const delay = POLICY_RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isAwsError(e, ...POLICY_NOT_SEEN)) throw e;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * Creates the trail. A lost answer, or "already exists" for a trail of that name in this region that
 * logs to the same bucket (this call, applied), is done; the step's read-back then checks the rest.
 * A bucket or key policy written just before is waited for (retryingPolicyChecks).
 */
export async function createTrail(aws: Aws, input: CreateTrailCommandInput): Promise<void> {
  const { CreateTrailCommand } = await import('@aws-sdk/client-cloudtrail');
  await retryingPolicyChecks(() =>
    sendOnce(
      async () => (await (await aws.client('cloudtrail')).send(new CreateTrailCommand(input)), true),
      async () => {
        const trails = await describeTrails(aws, aws.region);
        return trails.some((t) => t.name === input.Name && t.homeRegion === aws.region && t.bucket === input.S3BucketName) ? true : undefined;
      },
      (e) => isAwsError(e, 'TrailAlreadyExistsException'),
    ).then(() => undefined),
  );
}

/** Changes the trail's settings; a bucket or key policy written just before is waited for, as for createTrail. */
export async function updateTrail(aws: Aws, input: UpdateTrailCommandInput): Promise<void> {
  const { UpdateTrailCommand } = await import('@aws-sdk/client-cloudtrail');
  await retryingPolicyChecks(async () => void (await (await aws.client('cloudtrail')).send(new UpdateTrailCommand(input))));
}

export async function putEventSelectors(aws: Aws, input: PutEventSelectorsCommandInput): Promise<void> {
  const { PutEventSelectorsCommand } = await import('@aws-sdk/client-cloudtrail');
  await (await aws.client('cloudtrail')).send(new PutEventSelectorsCommand(input));
}

export async function startLogging(aws: Aws, input: StartLoggingCommandInput): Promise<void> {
  const { StartLoggingCommand } = await import('@aws-sdk/client-cloudtrail');
  await (await aws.client('cloudtrail')).send(new StartLoggingCommand(input));
}
