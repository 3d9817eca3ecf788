/** CloudWatch Logs, seen through the calls the trail-alarms step makes: one log group and its metric filters. "Not found" is `undefined`. */
import type { CreateLogGroupCommandInput, PutMetricFilterCommandInput, PutRetentionPolicyCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

export interface LogGroupInfo {
  name: string;
  /** As DescribeLogGroups gives it (ending `:*`), the form CloudTrail's CloudWatchLogsLogGroupArn takes. */
  arn: string;
  /** Undefined: never expire. */
  retentionInDays: number | undefined;
  kmsKeyId: string | undefined;
}

export async function describeLogGroup(aws: Aws, name: string): Promise<LogGroupInfo | undefined> {
  const { DescribeLogGroupsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const client = await aws.client('logs');
  let nextToken: string | undefined;
  do {
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) }));
    const g = (out.logGroups ?? []).find((x) => x.logGroupName === name);
    if (g) return { name, arn: g.arn ?? '', retentionInDays: g.retentionInDays, kmsKeyId: g.kmsKeyId || undefined };
    nextToken = out.nextToken;
  } while (nextToken);
  return undefined;
}

/** Not idempotent (ResourceAlreadyExistsException): sent once, a lost answer settled by reading the group back. */
export async function createLogGroup(aws: Aws, input: CreateLogGroupCommandInput): Promise<void> {
  const { CreateLogGroupCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  await sendOnce(
    async () => (await (await aws.client('logs')).send(new CreateLogGroupCommand(input)), true),
    async () => ((await describeLogGroup(aws, input.logGroupName ?? '')) ? true : undefined),
    (e) => isAwsError(e, 'ResourceAlreadyExistsException'),
  );
}

/** Sets a state: sending it twice is sending it once. */
export async function putRetentionPolicy(aws: Aws, input: PutRetentionPolicyCommandInput): Promise<void> {
  const { PutRetentionPolicyCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  await (await aws.client('logs')).send(new PutRetentionPolicyCommand(input));
}

export interface MetricFilterInfo {
  name: string;
  pattern: string;
  metricName: string;
  namespace: string;
  value: string;
}

export async function describeMetricFilters(aws: Aws, logGroup: string): Promise<MetricFilterInfo[]> {
  const { DescribeMetricFiltersCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const client = await aws.client('logs');
  const found: MetricFilterInfo[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const out = await client.send(new DescribeMetricFiltersCommand({ logGroupName: logGroup, ...(nextToken ? { nextToken } : {}) }));
      for (const f of out.metricFilters ?? []) {
        const t = f.metricTransformations?.[0];
        found.push({ name: f.filterName ?? '', pattern: f.filterPattern ?? '', metricName: t?.metricName ?? '', namespace: t?.metricNamespace ?? '', value: t?.metricValue ?? '' });
      }
      nextToken = out.nextToken;
    } while (nextToken);
  } catch (e) {
    if (isAwsError(e, 'ResourceNotFoundException')) return [];
    throw e;
  }
  return found;
}

/** Creates or replaces the filter of that name: idempotent. */
export async function putMetricFilter(aws: Aws, input: PutMetricFilterCommandInput): Promise<void> {
  const { PutMetricFilterCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  await (await aws.client('logs')).send(new PutMetricFilterCommand(input));
}
