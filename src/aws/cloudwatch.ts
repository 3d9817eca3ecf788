/** CloudWatch alarms, seen through the calls the trail-alarms step makes. */
import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { Aws } from './context.js';

export interface MetricAlarmInfo {
  name: string;
  metricName: string;
  namespace: string;
  statistic: string;
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparison: string;
  actions: string[];
  actionsEnabled: boolean;
}

/** The alarms of these names that exist (DescribeAlarms takes at most 100 names a call). */
export async function describeMetricAlarms(aws: Aws, names: readonly string[]): Promise<MetricAlarmInfo[]> {
  const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
  const client = await aws.client('cloudwatch');
  const found: MetricAlarmInfo[] = [];
  for (let i = 0; i < names.length; i += 100) {
    let nextToken: string | undefined;
    do {
      const out = await client.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), AlarmTypes: ['MetricAlarm'], ...(nextToken ? { NextToken: nextToken } : {}) }));
      for (const a of out.MetricAlarms ?? []) {
        found.push({
          name: a.AlarmName ?? '',
          metricName: a.MetricName ?? '',
          namespace: a.Namespace ?? '',
          statistic: a.Statistic ?? '',
          period: a.Period ?? 0,
          evaluationPeriods: a.EvaluationPeriods ?? 0,
          threshold: a.Threshold ?? 0,
          comparison: a.ComparisonOperator ?? '',
          actions: a.AlarmActions ?? [],
          actionsEnabled: a.ActionsEnabled !== false,
        });
      }
      nextToken = out.NextToken;
    } while (nextToken);
  }
  return found;
}

/** Creates or replaces the alarm of that name: idempotent. */
export async function putMetricAlarm(aws: Aws, input: PutMetricAlarmCommandInput): Promise<void> {
  const { PutMetricAlarmCommand } = await import('@aws-sdk/client-cloudwatch');
  await (await aws.client('cloudwatch')).send(new PutMetricAlarmCommand(input));
}
