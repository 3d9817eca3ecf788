/**
 * CloudWatch Logs `PutMetricFilter` needs its log group: AWS answers ResourceNotFoundException ("The
 * specified log group does not exist.") for one that is not there
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html#API_PutMetricFilter_Errors);
 * moto 5.2.1 stores the filter anyway (moto/logs/models.py `put_metric_filter`). The rule asks moto
 * whether the group exists (DescribeLogGroups, as the sandbox's account) before letting it through.
 */
import { jsonError, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

export class MetricFilterLogGroup implements Rule {
  readonly name = 'metric-filter-log-group';
  readonly services = ['logs'] as const;

  constructor(private readonly ctx: RuleContext) {}

  private async groupExists(region: string, name: string): Promise<boolean> {
    const res = await fetch(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXOVERLAY00/20200101/${region}/logs/aws4_request, SignedHeaders=host, Signature=0`,
        'x-moto-account-id': this.ctx.accountId,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      },
      body: JSON.stringify({ logGroupNamePrefix: name }),
    });
    const text = await res.text();
    if (res.status !== 200) return true; // cannot tell: moto decides
    const groups = (JSON.parse(text) as { logGroups?: Array<{ logGroupName?: string }> }).logGroups ?? [];
    return groups.some((g) => g.logGroupName === name);
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.action !== 'PutMetricFilter') return undefined;
    const group = typeof req.json.logGroupName === 'string' ? req.json.logGroupName : '';
    if (!group || (await this.groupExists(req.region, group))) return undefined;
    return jsonError('ResourceNotFoundException', 'The specified log group does not exist.');
  }
}
