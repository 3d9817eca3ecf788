import { ConfigServiceClient, DescribeConfigurationRecordersCommand, PutConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateServiceLinkedRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/aws/actions/index.js';
import { configRoleArn, regionConfig } from '../../src/aws/config.js';
import { getBucketPolicy } from '../../src/aws/s3.js';
import { regionScan } from '../../src/aws/regions.js';
import { awsConfigStep as step } from '../../src/steps/aws-config/index.js';
import { bucketPolicy, configBucketName } from '../../src/steps/aws-config/bucket.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { otherAccountS3, resetRecording } from './logging-helpers.js';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { plannedMutations, regionalMutations } from './regional-helpers.js';

const em = useEmulator();

function config(region: string): ConfigServiceClient {
  return new ConfigServiceClient({ endpoint: em.endpoint, region, credentials: em.rootCredentials, maxAttempts: 1 });
}

describe('aws-config against the emulator', () => {
  it('makes the role, the bucket, and a recorder of every resource type (global ones in the run region only) delivering to it in every enabled region; a second run plans nothing', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const bucket = configBucketName(ctx);
    expect(bucket).toBe(`aws-harden-config-${ctx.identity.account}-${ctx.region}`);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    const plan = step.plan(ctx, before, {});
    expect(plan.slice(0, 4).map((c) => `${c.service}:${c.operation}`)).toEqual(['iam:CreateServiceLinkedRole', 's3:CreateBucket', 's3:PutPublicAccessBlock', 's3:PutBucketPolicy']);
    expect(plan.slice(4).map((c) => c.operation)).toEqual(reachable.flatMap(() => ['PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder']));
    const role = `arn:aws:iam::${ctx.identity.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    const recorders = plan.filter((c) => c.operation === 'PutConfigurationRecorder');
    expect(recorders.find((c) => c.region === ctx.region)?.params).toEqual({
      ConfigurationRecorder: { name: 'default', roleARN: role, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
    });
    expect(recorders.filter((c) => c.region !== ctx.region).every((c) => JSON.stringify(c.params).includes('"includeGlobalResourceTypes":false'))).toBe(true);

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em)).toEqual(plannedMutations(plan, ctx.region));
    expect(await configRoleArn(ctx.aws)).toBe(role);
    expect(JSON.parse((await getBucketPolicy(ctx.aws, bucket)) ?? '{}')).toEqual(bucketPolicy(ctx, bucket));
    expect(await regionConfig(await ctx.aws.inRegion('eu-west-1'))).toEqual({
      recorder: { name: 'default', roleArn: role, allSupported: true, includeGlobal: false },
      recording: true,
      channel: { name: 'default', bucket },
    });

    const after = await step.verify!(ctx, {});
    expect(after.status, after.summary).toBe('done');
    await resetRecording(em);
    const again = await step.check(ctx);
    expect(again.status).toBe('done');
    expect(step.plan(ctx, again, {})).toEqual([]);
    await step.apply(ctx, again, {}, noOperator());
    expect(await regionalMutations(em)).toEqual([]);
  });

  it('adopts a recorder made under another name (AWS allows one per region) and the role that exists', async () => {
    const ctx = await emulatorContext(em);
    await new IAMClient({ endpoint: em.endpoint, region: 'us-east-1', credentials: em.rootCredentials }).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    const role = await configRoleArn(ctx.aws);
    await config('eu-west-1').send(
      new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'console-made', roleARN: role, recordingGroup: { allSupported: false, resourceTypes: ['AWS::S3::Bucket'] } } }),
    );
    const before = await step.check(ctx);
    const plan = step.plan(ctx, before, {});
    expect(plan.some((c) => c.operation === 'CreateServiceLinkedRole')).toBe(false);
    expect(plan.filter((c) => c.region === 'eu-west-1').map((c) => [c.operation, JSON.stringify(c.params)])).toEqual([
      ['PutConfigurationRecorder', JSON.stringify({ ConfigurationRecorder: { name: 'console-made', roleARN: role, recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } } })],
      ['PutDeliveryChannel', JSON.stringify({ DeliveryChannel: { name: 'default', s3BucketName: configBucketName(ctx) } })],
      ['StartConfigurationRecorder', JSON.stringify({ ConfigurationRecorderName: 'console-made' })],
    ]);
    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await regionalMutations(em)).toEqual(plannedMutations(plan, ctx.region));
    expect((await config('eu-west-1').send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders?.map((r) => r.name)).toEqual(['console-made']);
    expect((await step.verify!(ctx, {})).status).toBe('done');
  });

  it('a CreateServiceLinkedRole refused because the role exists is settled by reading the role', async () => {
    const ctx = await emulatorContext(em);
    await new IAMClient({ endpoint: em.endpoint, region: 'us-east-1', credentials: em.rootCredentials }).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }));
    await resetRecording(em);
    await expect(runAction(ctx.aws, { service: 'iam', op: 'CreateServiceLinkedRole', input: { AWSServiceName: 'config.amazonaws.com' } })).resolves.toBeUndefined();
    // AWS's refusal (InvalidInput, the strict sandbox's rule), read back with GetRole and not sent again.
    expect((await recordedRequests(em)).filter((r) => r.answered_by === 'service-linked-role-names').map(describeRecorded)).toEqual(['iam:CreateServiceLinkedRole']);
  });

  it('is blocked, naming the bucket, when its bucket name belongs to another account', async () => {
    const ctx = await emulatorContext(em);
    const bucket = configBucketName(ctx);
    await otherAccountS3(em, '999988887777').send(new CreateBucketCommand({ Bucket: bucket }));
    const f = await step.check(ctx);
    expect(f.status).toBe('blocked');
    expect(f.summary).toContain(`"${bucket}" belongs to another AWS account`);
  });
});
