/** What the trail-alarms step reads: the trail, its log group and role, the metric filters, the alarms, the topic and its subscriptions. */
import { describeTrails, findTrail, type TrailInfo } from '../../aws/cloudtrail.js';
import { describeMetricAlarms, type MetricAlarmInfo } from '../../aws/cloudwatch.js';
import { getRole, getRolePolicy, type RoleInfo } from '../../aws/iam-role.js';
import { describeLogGroup, describeMetricFilters, type LogGroupInfo, type MetricFilterInfo } from '../../aws/logs.js';
import { topicExists, topicSubscriptions, type SubscriptionInfo } from '../../aws/sns.js';
import { checkNames } from '../cloudtrail/inspect.js';
import { keyBehindAlias, scopeOf } from '../kms-key/index.js';
import { asList, principalValues } from '../policies/document.js';
import { parsePolicy, trailArn, type PolicyDocument } from '../policies/index.js';
import type { StepContext } from '../types.js';
import { CIS_FILTERS, alarmName } from './filters.js';

export const LOG_GROUP = 'aws-harden/cloudtrail';
export const ROLE_NAME = 'aws-harden-cloudtrail-to-logs';
export const ROLE_POLICY = 'deliver-to-aws-harden-cloudtrail';
export const TOPIC_NAME = 'aws-harden-security-alarms';
export const RETENTION_DAYS = 365;

export interface AlarmsInspection {
  trailName: string;
  trail: TrailInfo | undefined;
  /** The trail's KMS key, when its key policy lets CloudWatch Logs in this region use it (then the log group is encrypted with it). */
  logsKeyArn: string | undefined;
  group: LogGroupInfo | undefined;
  role: RoleInfo | undefined;
  rolePolicy: PolicyDocument | undefined;
  filters: MetricFilterInfo[];
  alarms: MetricAlarmInfo[];
  topic: boolean;
  subscriptions: SubscriptionInfo[];
  /** The address the alarms e-mail (an earlier answer, or the budget's); undefined until one is given. */
  email: string | undefined;
}

/** The ARNs, known before anything is made (so a plan shows them). */
export function arnsOf(ctx: StepContext, ins: Pick<AlarmsInspection, 'trail' | 'trailName'>) {
  const { partition, account } = scopeOf(ctx);
  return {
    group: `arn:${partition}:logs:${ctx.region}:${account}:log-group:${LOG_GROUP}:*`,
    streams: `arn:${partition}:logs:${ctx.region}:${account}:log-group:${LOG_GROUP}:log-stream:*`,
    role: `arn:${partition}:iam::${account}:role/${ROLE_NAME}`,
    topic: `arn:${partition}:sns:${ctx.region}:${account}:${TOPIC_NAME}`,
    trail: ins.trail?.arn ?? trailArn(scopeOf(ctx), ctx.region, ins.trailName),
  };
}

/**
 * True when the key policy lets CloudWatch Logs of `region` encrypt with the key
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html); otherwise the
 * log group keeps CloudWatch Logs' default encryption, since CreateLogGroup with a key it cannot use fails.
 */
export function keyAllowsLogs(policy: PolicyDocument | undefined, region: string): boolean {
  const service = `logs.${region}.amazonaws.com`;
  const can = (actions: string[], ...wanted: string[]) => actions.some((a) => a === 'kms:*' || a === '*' || wanted.includes(a));
  return (policy?.Statement ?? []).some((s) => {
    if (s.Effect !== 'Allow' || !principalValues(s.Principal, 'Service').includes(service)) return false;
    const actions = asList(s.Action);
    return can(actions, 'kms:Encrypt*', 'kms:Encrypt') && can(actions, 'kms:GenerateDataKey*', 'kms:GenerateDataKey') && can(actions, 'kms:Decrypt*', 'kms:Decrypt');
  });
}

export async function inspectAlarms(ctx: StepContext, email: string | undefined): Promise<AlarmsInspection> {
  const all = await describeTrails(ctx.aws, ctx.region);
  const names = await checkNames(ctx, all);
  const trail = await findTrail(ctx.aws, names.trail, ctx.region, all);
  const topicArn = arnsOf(ctx, { trail, trailName: names.trail }).topic;
  const [key, group, role, rolePolicy, filters, alarms, topic] = await Promise.all([
    keyBehindAlias(ctx, names.keyAlias),
    describeLogGroup(ctx.aws, LOG_GROUP),
    getRole(ctx.aws, ROLE_NAME),
    getRolePolicy(ctx.aws, ROLE_NAME, ROLE_POLICY),
    describeMetricFilters(ctx.aws, LOG_GROUP),
    describeMetricAlarms(ctx.aws, CIS_FILTERS.map(alarmName)),
    topicExists(ctx.aws, topicArn),
  ]);
  const subscriptions = topic ? await topicSubscriptions(ctx.aws, topicArn) : [];
  return {
    trailName: names.trail,
    trail,
    logsKeyArn: key && keyAllowsLogs(key.policy, ctx.region) ? key.arn : undefined,
    group,
    role,
    rolePolicy: parsePolicy(rolePolicy),
    filters,
    alarms,
    topic,
    subscriptions,
    email,
  };
}
