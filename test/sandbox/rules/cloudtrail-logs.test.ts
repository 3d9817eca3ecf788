/**
 * The strict sandbox's CloudWatch Logs delivery rule: moto alone accepts UpdateTrail with any log
 * group and role ARNs; the strict sandbox refuses a missing log group and a role CloudTrail cannot
 * assume for this trail, as AWS does (JSON 1.1 errors, HTTP 400), and accepts the documented setup.
 */
import { describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, GetTrailCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { useEmulator } from '../../helpers/emulator.js';
import { refusal } from '../../helpers/refusal.js';

const em = useEmulator();
const ACCOUNT = '123456789012';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/audit`;
const GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail-events:*`;
const ROLE_ARN = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

function trust(sourceArn: string, service = 'cloudtrail.amazonaws.com'): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceArn': sourceArn } } }],
  });
}

/** A trail (made through moto directly), and through `endpoint` the log group and three roles. */
async function setUp(endpoint: string) {
  const opts = { region: 'us-east-1', credentials: em.rootCredentials };
  await new S3Client({ ...opts, endpoint: em.motoEndpoint, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
  await new CloudTrailClient({ ...opts, endpoint: em.motoEndpoint }).send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'trail-logs' }));
  const iam = new IAMClient({ ...opts, endpoint });
  await iam.send(new CreateRoleCommand({ RoleName: 'delivery', AssumeRolePolicyDocument: trust(TRAIL_ARN) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'other-trail', AssumeRolePolicyDocument: trust(`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/other`) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'ec2-role', AssumeRolePolicyDocument: trust(TRAIL_ARN, 'ec2.amazonaws.com') }));
  await new CloudWatchLogsClient({ ...opts, endpoint }).send(new CreateLogGroupCommand({ logGroupName: 'trail-events' }));
  return new CloudTrailClient({ ...opts, endpoint });
}

const update = (group: string, role: string) => new UpdateTrailCommand({ Name: 'audit', CloudWatchLogsLogGroupArn: group, CloudWatchLogsRoleArn: role });

describe('UpdateTrail with CloudWatch Logs delivery', () => {
  it('moto alone accepts a log group and a role that do not exist', async () => {
    const ct = await setUp(em.motoEndpoint);
    await ct.send(update(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:nowhere:*`, ROLE_ARN('nobody')));
    expect((await ct.send(new GetTrailCommand({ Name: 'audit' }))).Trail?.CloudWatchLogsRoleArn).toBe(ROLE_ARN('nobody'));
  });

  it('the strict sandbox refuses what AWS refuses, and accepts the documented role for this trail', async () => {
    const ct = await setUp(em.endpoint);
    expect(await refusal(ct.send(update(`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:nowhere:*`, ROLE_ARN('delivery'))))).toMatchObject({
      name: 'InvalidCloudWatchLogsLogGroupArnException',
      status: 400,
    });
    for (const role of ['nobody', 'other-trail', 'ec2-role']) {
      expect(await refusal(ct.send(update(GROUP_ARN, ROLE_ARN(role)))), role).toEqual({
        name: 'InvalidCloudWatchLogsRoleArnException',
        status: 400,
        message: 'Access denied. Verify in IAM that the role has adequate permissions.',
      });
    }
    await ct.send(update(GROUP_ARN, ROLE_ARN('delivery')));
    expect((await ct.send(new GetTrailCommand({ Name: 'audit' }))).Trail).toMatchObject({ CloudWatchLogsLogGroupArn: GROUP_ARN, CloudWatchLogsRoleArn: ROLE_ARN('delivery') });
  });
});
