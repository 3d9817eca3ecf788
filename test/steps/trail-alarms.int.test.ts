import { describe, expect, it } from 'vitest';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { findTrail } from '../../src/aws/cloudtrail.js';
import { describeMetricAlarms } from '../../src/aws/cloudwatch.js';
import { getRole, getRolePolicy } from '../../src/aws/iam-role.js';
import { describeLogGroup, describeMetricFilters } from '../../src/aws/logs.js';
import { topicSubscriptions } from '../../src/aws/sns.js';
import { OperatorError } from '../../src/errors.js';
import { parsePolicy } from '../../src/steps/policies/index.js';
import { CIS_FILTERS, LOG_GROUP, ROLE_NAME, TOPIC_NAME, alarmName, filterName, trailAlarmsStep as step, type AlarmsInspection } from '../../src/steps/trail-alarms/index.js';
import type { StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { eventually, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { mutations, resetRecording } from './logging-helpers.js';
import { withTrail } from './trail-setup.js';

const em = useEmulator();
const EMAIL = 'ops@example.com';

/** The context of a run whose budget step was answered with EMAIL. */
async function withBudgetEmail(): Promise<StepContext> {
  const ctx = await emulatorContext(em);
  return { ...ctx, answersOf: (s) => (s === 'budget' ? { email: EMAIL } : undefined) };
}

describe('trail-alarms against the emulator', () => {
  it("delivers the trail to CloudWatch Logs, adds the 15 CIS filters and alarms e-mailing the budget's address, with exactly the planned calls; a re-run plans nothing", async () => {
    const ctx = await withBudgetEmail();
    await withTrail(ctx);
    const before = await step.check(ctx);
    expect(before.status, before.summary).toBe('todo');
    expect(step.questions!(ctx, before)[0]).toMatchObject({ id: 'email', default: EMAIL });
    const plan = step.plan(ctx, before, {});
    const planned = plan.map((c) => `${c.service}:${c.operation}`);
    expect(planned).toEqual([
      'logs:CreateLogGroup',
      'logs:PutRetentionPolicy',
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'cloudtrail:UpdateTrail',
      'sns:CreateTopic',
      'sns:Subscribe',
      ...CIS_FILTERS.map(() => 'logs:PutMetricFilter'),
      ...CIS_FILTERS.map(() => 'cloudwatch:PutMetricAlarm'),
    ]);
    const acct = ctx.identity.account;
    const groupArn = `arn:aws:logs:us-east-1:${acct}:log-group:${LOG_GROUP}:*`;
    const topicArn = `arn:aws:sns:us-east-1:${acct}:${TOPIC_NAME}`;
    expect(plan.find((c) => c.operation === 'UpdateTrail')?.params).toEqual({
      Name: 'aws-harden',
      CloudWatchLogsLogGroupArn: groupArn,
      CloudWatchLogsRoleArn: `arn:aws:iam::${acct}:role/${ROLE_NAME}`,
    });
    expect(plan.find((c) => c.operation === 'Subscribe')?.note).toMatch(/confirmation link/);

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    // The emulator names CloudWatch by its signing name, monitoring.
    expect(await mutations(em)).toEqual(planned.map((p) => p.replace(/^cloudwatch:/, 'monitoring:')));

    const verified = await step.verify!(ctx, {});
    expect(verified.status, verified.summary).toBe('done');
    expect(verified.summary).toBe(
      `Trail aws-harden delivers to CloudWatch Logs group ${LOG_GROUP}; 15 CIS metric filters alarm to SNS topic ${TOPIC_NAME}, which e-mails ${EMAIL} (pending confirmation: AWS Notifications e-mailed ${EMAIL} a link to confirm; alarms reach it only once it is clicked).`,
    );
    expect(await describeLogGroup(ctx.aws, LOG_GROUP)).toMatchObject({ arn: groupArn, retentionInDays: 365 });
    expect(await findTrail(ctx.aws, 'aws-harden', ctx.region)).toMatchObject({ cloudWatchLogsLogGroupArn: groupArn, cloudWatchLogsRoleArn: `arn:aws:iam::${acct}:role/${ROLE_NAME}` });
    const trust = parsePolicy((await getRole(ctx.aws, ROLE_NAME))?.trustPolicy);
    expect(trust?.Statement).toEqual([
      {
        Sid: 'CloudTrailAssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${acct}:trail/aws-harden` } },
      },
    ]);
    expect(parsePolicy(await getRolePolicy(ctx.aws, ROLE_NAME, 'deliver-to-aws-harden-cloudtrail'))?.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      ['logs:CreateLogStream', `arn:aws:logs:us-east-1:${acct}:log-group:${LOG_GROUP}:log-stream:*`],
      ['logs:PutLogEvents', `arn:aws:logs:us-east-1:${acct}:log-group:${LOG_GROUP}:log-stream:*`],
    ]);
    const filters = await describeMetricFilters(ctx.aws, LOG_GROUP);
    expect(Object.fromEntries(filters.map((f) => [f.name, f.pattern]))).toEqual(Object.fromEntries(CIS_FILTERS.map((f) => [filterName(f), f.pattern])));
    const alarms = await describeMetricAlarms(ctx.aws, CIS_FILTERS.map(alarmName));
    expect(alarms).toHaveLength(15);
    for (const a of alarms) expect(a).toMatchObject({ actions: [topicArn], threshold: 1, period: 300, comparison: 'GreaterThanOrEqualToThreshold', namespace: 'CISBenchmark', metricName: a.name });
    expect(await topicSubscriptions(ctx.aws, topicArn)).toEqual([{ protocol: 'email', endpoint: EMAIL, pending: true }]);

    await resetRecording(em);
    const again = await step.check(ctx);
    expect(again.status, again.summary).toBe('done');
    expect(step.plan(ctx, again, {})).toEqual([]);
    await step.apply(ctx, again, {}, noOperator());
    expect(await mutations(em)).toEqual([]);
  });

  it('a role of that name CloudTrail may not assume for this trail (AWS would refuse UpdateTrail: InvalidCloudWatchLogsRoleArnException): its trust is fixed first', async () => {
    const ctx = await withBudgetEmail();
    await withTrail(ctx);
    const other = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:123456789012:trail/other' } },
        },
      ],
    });
    await (await ctx.aws.client('iam')).send(new CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: other }));
    const before = await eventually(async () => {
      const f = await step.check(ctx);
      if (!(f.data as AlarmsInspection | undefined)?.role) throw new Error('the role is not visible yet');
      return f;
    });
    const ops = step.plan(ctx, before, {}).map((c) => c.operation);
    expect(ops).toContain('UpdateAssumeRolePolicy');
    expect(ops).not.toContain('CreateRole');
    expect(ops.indexOf('UpdateAssumeRolePolicy')).toBeLessThan(ops.indexOf('UpdateTrail'));
    await step.apply(ctx, before, {}, noOperator());
    const verified = await step.verify!(ctx, {});
    expect(verified.status, verified.summary).toBe('done');
  });

  it('before the trail exists: blocked, waiting for the cloudtrail step, with the whole plan for a preview', async () => {
    const ctx = await withBudgetEmail();
    const finding = await step.check(ctx);
    expect(finding.status).toBe('blocked');
    expect(finding.waitsFor?.step).toBe('cloudtrail');
    expect(finding.waitsFor?.then).toMatch(/e-mail ops@example\.com/);
    expect(step.plan(ctx, finding, {})).toHaveLength(7 + 2 * CIS_FILTERS.length);
    await resetRecording(em);
    const err = await step.apply(ctx, finding, {}, noOperator()).catch((e: unknown) => e);
    expect((err as OperatorError).message).toBe('The trail aws-harden does not exist, so there are no events to alarm on.');
    expect(await mutations(em)).toEqual([]);
  });

  it('without an e-mail address (no answer, no budget address): apply says what to answer and changes nothing', async () => {
    const ctx = await emulatorContext(em);
    await withTrail(ctx);
    const finding = await step.check(ctx);
    expect(finding.status).toBe('todo');
    expect(step.plan(ctx, finding, {}).map((c) => c.operation)).not.toContain('Subscribe');
    await resetRecording(em);
    const err = await step.apply(ctx, finding, {}, noOperator()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorError);
    expect((err as OperatorError).message).toBe('Enter the e-mail address that should get the alarms.');
    expect((err as OperatorError).remedy).toMatch(/"trail-alarms":\s*\{\s*"email"/);
    expect(await mutations(em)).toEqual([]);
  });
});
