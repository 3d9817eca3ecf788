/**
 * The calls that take the inspected state to done, in order: the log group, the role CloudTrail
 * delivers with, the trail's delivery, the topic and its e-mail subscription, then a metric filter and
 * an alarm per CIS control. Plan and apply both come from `actionsFor`.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 */
import type { CloudTrailAction, CloudWatchAction, IamAction, LogsAction, SnsAction } from '../../aws/actions/index.js';
import type { MetricAlarmInfo } from '../../aws/cloudwatch.js';
import { CLOUDTRAIL_SERVICE, POLICY_VERSION } from '../policies/document.js';
import { parsePolicy, policyText, samePolicy, type PolicyDocument } from '../policies/index.js';
import type { StepContext } from '../types.js';
import { CIS_FILTERS, METRIC_NAMESPACE, alarmName, filterName, type CisFilter } from './filters.js';
import { LOG_GROUP, RETENTION_DAYS, ROLE_NAME, ROLE_POLICY, TOPIC_NAME, arnsOf, type AlarmsInspection } from './inspect.js';

export type AlarmAction = LogsAction | IamAction | CloudTrailAction | SnsAction | CloudWatchAction;

const TAG = { Key: 'created-by', Value: 'aws-harden' } as const;

/** Only CloudTrail may assume the role, and only for this trail (aws:SourceArn: the confused-deputy guard). */
export function trustPolicy(trail: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Sid: 'CloudTrailAssumeRole', Effect: 'Allow', Principal: { Service: CLOUDTRAIL_SERVICE }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceArn': trail } } }],
  };
}

/** The role may make log streams in the one log group and put events in them: nothing else. */
export function deliveryPolicy(streams: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      { Sid: 'AWSCloudTrailCreateLogStream', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: streams },
      { Sid: 'AWSCloudTrailPutLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: streams },
    ],
  };
}

/** The alarm each filter gets: any match in five minutes alarms, and e-mails through the topic. */
export function wantedAlarm(f: CisFilter, topic: string) {
  return {
    AlarmName: alarmName(f),
    AlarmDescription: `CIS monitoring: ${f.title} (from the trail's CloudWatch Logs metric filter ${filterName(f)})`,
    MetricName: filterName(f),
    Namespace: METRIC_NAMESPACE,
    Statistic: 'Sum' as const,
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const,
    TreatMissingData: 'notBreaching',
    AlarmActions: [topic],
  };
}

export function alarmOk(a: MetricAlarmInfo | undefined, f: CisFilter, topic: string): boolean {
  const w = wantedAlarm(f, topic);
  return (
    !!a &&
    a.metricName === w.MetricName &&
    a.namespace === w.Namespace &&
    a.statistic === w.Statistic &&
    a.period === w.Period &&
    a.evaluationPeriods === w.EvaluationPeriods &&
    a.threshold === w.Threshold &&
    a.comparison === w.ComparisonOperator &&
    a.actionsEnabled &&
    a.actions.includes(topic)
  );
}

export function filterOk(ins: AlarmsInspection, f: CisFilter): boolean {
  const have = ins.filters.find((x) => x.name === filterName(f));
  return !!have && have.pattern === f.pattern && have.metricName === filterName(f) && have.namespace === METRIC_NAMESPACE && have.value === '1';
}

/** The trail delivers to the log group with the role. */
export function delivering(ctx: StepContext, ins: AlarmsInspection): boolean {
  const arns = arnsOf(ctx, ins);
  return ins.trail?.cloudWatchLogsLogGroupArn === arns.group && ins.trail.cloudWatchLogsRoleArn === arns.role;
}

export function subscribed(ins: AlarmsInspection, email: string | undefined) {
  return email ? ins.subscriptions.find((s) => s.protocol === 'email' && s.endpoint.toLowerCase() === email.toLowerCase()) : undefined;
}

export function actionsFor(ctx: StepContext, ins: AlarmsInspection, email: string | undefined): AlarmAction[] {
  if (ins.trail && ins.trail.homeRegion !== ctx.region) return [];
  const arns = arnsOf(ctx, ins);
  const actions: AlarmAction[] = [];
  if (!ins.group) {
    actions.push({
      service: 'logs',
      op: 'CreateLogGroup',
      input: { logGroupName: LOG_GROUP, ...(ins.logsKeyArn ? { kmsKeyId: ins.logsKeyArn } : {}), tags: { [TAG.Key]: TAG.Value } },
      note: ins.logsKeyArn ? 'encrypted with the trail key' : "CloudWatch Logs' default encryption (the trail key's policy does not let CloudWatch Logs use it)",
    });
  }
  if (!ins.group?.retentionInDays || ins.group.retentionInDays < RETENTION_DAYS) {
    actions.push({
      service: 'logs',
      op: 'PutRetentionPolicy',
      input: { logGroupName: LOG_GROUP, retentionInDays: RETENTION_DAYS },
      note: 'a year of events to search; older ones expire (storage is paid)',
    });
  }
  const trust = trustPolicy(arns.trail);
  if (!ins.role) {
    actions.push({
      service: 'iam',
      op: 'CreateRole',
      input: { RoleName: ROLE_NAME, AssumeRolePolicyDocument: policyText(trust), Description: `CloudTrail delivers trail ${ins.trailName} to CloudWatch Logs group ${LOG_GROUP}`, Tags: [{ ...TAG }] },
      note: `only CloudTrail, for trail ${ins.trailName}, may assume it`,
    });
  } else if (!samePolicy(parsePolicy(ins.role.trustPolicy), trust)) {
    actions.push({
      service: 'iam',
      op: 'UpdateAssumeRolePolicy',
      input: { RoleName: ROLE_NAME, PolicyDocument: policyText(trust) },
      note: `only CloudTrail, for trail ${ins.trailName}, may assume it`,
    });
  }
  const delivery = deliveryPolicy(arns.streams);
  if (!samePolicy(ins.rolePolicy, delivery)) {
    actions.push({
      service: 'iam',
      op: 'PutRolePolicy',
      input: { RoleName: ROLE_NAME, PolicyName: ROLE_POLICY, PolicyDocument: policyText(delivery) },
      note: `log streams and events in ${LOG_GROUP} only`,
    });
  }
  if (!delivering(ctx, ins)) {
    actions.push({
      service: 'cloudtrail',
      op: 'UpdateTrail',
      input: { Name: ins.trailName, CloudWatchLogsLogGroupArn: arns.group, CloudWatchLogsRoleArn: arns.role },
      note: `the trail also delivers its events to ${LOG_GROUP}`,
    });
  }
  if (!ins.topic) actions.push({ service: 'sns', op: 'CreateTopic', input: { Name: TOPIC_NAME, Tags: [{ ...TAG }] }, note: 'where the alarms go' });
  if (email && !subscribed(ins, email)) {
    actions.push({
      service: 'sns',
      op: 'Subscribe',
      input: { TopicArn: arns.topic, Protocol: 'email', Endpoint: email },
      note: 'AWS e-mails a confirmation link first: the alarms reach you once it is clicked',
    });
  }
  for (const f of CIS_FILTERS) {
    if (filterOk(ins, f)) continue;
    actions.push({
      service: 'logs',
      op: 'PutMetricFilter',
      input: {
        logGroupName: LOG_GROUP,
        filterName: filterName(f),
        filterPattern: f.pattern,
        metricTransformations: [{ metricName: filterName(f), metricNamespace: METRIC_NAMESPACE, metricValue: '1' }],
      },
      note: f.title,
    });
  }
  for (const f of CIS_FILTERS) {
    if (
      alarmOk(
        ins.alarms.find((a) => a.name === alarmName(f)),
        f,
        arns.topic,
      )
    )
      continue;
    actions.push({ service: 'cloudwatch', op: 'PutMetricAlarm', input: wantedAlarm(f, arns.topic), note: `${f.title}: one in 5 minutes alarms` });
  }
  return actions;
}
