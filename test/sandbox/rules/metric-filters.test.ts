/** The strict sandbox's metric-filter rule: PutMetricFilter on a log group that does not exist is stored by moto alone, refused as AWS does by the strict sandbox. */
import { describe, expect, it } from 'vitest';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { useEmulator } from '../../helpers/emulator.js';
import { refusal } from '../../helpers/refusal.js';

const em = useEmulator();

function logs(endpoint: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials: em.rootCredentials });
}

const put = new PutMetricFilterCommand({
  logGroupName: 'trail',
  filterName: 'root',
  filterPattern: '{ $.userIdentity.type = "Root" }',
  metricTransformations: [{ metricName: 'Root', metricNamespace: 'CIS', metricValue: '1' }],
});

describe('PutMetricFilter without its log group', () => {
  it('moto alone stores the filter', async () => {
    const moto = logs(em.motoEndpoint);
    await moto.send(put);
    expect((await moto.send(new DescribeMetricFiltersCommand({}))).metricFilters?.map((f) => f.filterName)).toEqual(['root']);
  });

  it('the strict sandbox refuses it (ResourceNotFoundException), and accepts it once the group exists', async () => {
    const strict = logs(em.endpoint);
    expect(await refusal(strict.send(put))).toEqual({ name: 'ResourceNotFoundException', status: 400, message: 'The specified log group does not exist.' });
    await strict.send(new CreateLogGroupCommand({ logGroupName: 'trail' }));
    await strict.send(put);
    expect((await strict.send(new DescribeMetricFiltersCommand({ logGroupName: 'trail' }))).metricFilters?.map((f) => f.filterName)).toEqual(['root']);
  });
});
