/**
 * CloudTrail `CreateTrail` / `UpdateTrail` with CloudWatch Logs delivery check the log group and the
 * role the way AWS does; moto 5.2.1 stores whatever ARNs it is given (moto/cloudtrail/models.py
 * `Trail.update`). AWS refuses a log group that is not there, InvalidCloudWatchLogsLogGroupArnException
 * ("the provided CloudWatch Logs log group is not valid"), and a role CloudTrail cannot assume,
 * InvalidCloudWatchLogsRoleArnException ("the provided role is not valid";
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html#API_UpdateTrail_Errors).
 * CloudTrail assumes the role as `cloudtrail.amazonaws.com` on behalf of this trail
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html),
 * so the role must exist, trust that service with sts:AssumeRole, and any `aws:SourceArn` it pins
 * (StringEquals / ArnEquals / ArnLike) must name the trail. The role message is the one AWS sends, as
 * operators quote it; AWS documents no text for the log group, so that message is ours.
 */
import { jsonError, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

const SERVICE = 'cloudtrail.amazonaws.com';

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function globMatches(pattern: string, value: string): boolean {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);
}

/** True when the trust policy lets CloudTrail assume the role for `trailArn`. */
export function trustsCloudTrail(trustText: string, trailArn: string): boolean {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(trustText) as { Statement?: unknown };
  } catch {
    return false;
  }
  return list(doc.Statement).some((raw) => {
    const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const principal = (typeof s.Principal === 'object' && s.Principal !== null ? s.Principal : {}) as Record<string, unknown>;
    if (s.Effect !== 'Allow' || !list(principal.Service).includes(SERVICE)) return false;
    if (!list(s.Action).some((a) => ['sts:assumerole', 'sts:*', '*'].includes(String(a).toLowerCase()))) return false;
    const condition = (typeof s.Condition === 'object' && s.Condition !== null ? s.Condition : {}) as Record<string, Record<string, unknown>>;
    return Object.entries(condition).every(([op, block]) =>
      Object.entries(block).every(([key, values]) => {
        if (key.toLowerCase() !== 'aws:sourcearn') return true;
        const vals = list(values).map(String);
        if (op === 'StringEquals' || op === 'ArnEquals') return vals.includes(trailArn);
        if (op === 'StringLike' || op === 'ArnLike') return vals.some((v) => globMatches(v, trailArn));
        return true;
      }),
    );
  });
}

export class CloudTrailLogsDeliveryRule implements Rule {
  readonly name = 'cloudtrail-logs-delivery';
  readonly services = ['cloudtrail'] as const;

  constructor(private readonly ctx: RuleContext) {}

  private headers(service: string, region: string): Record<string, string> {
    return {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXOVERLAY00/20200101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      'x-moto-account-id': this.ctx.accountId,
    };
  }

  private async groupExists(region: string, name: string): Promise<boolean> {
    const res = await fetch(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: { ...this.headers('logs', region), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      body: JSON.stringify({ logGroupNamePrefix: name }),
    });
    const text = await res.text();
    if (res.status !== 200) return false;
    return ((JSON.parse(text) as { logGroups?: Array<{ logGroupName?: string }> }).logGroups ?? []).some((g) => g.logGroupName === name);
  }

  /** The role's trust policy as JSON text, or undefined when there is no such role. */
  private async trustPolicy(role: string): Promise<string | undefined> {
    const res = await fetch(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: { ...this.headers('iam', 'us-east-1'), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Action: 'GetRole', RoleName: role, Version: '2010-05-08' }).toString(),
    });
    const text = await res.text();
    if (res.status !== 200) return undefined;
    const raw = xmlUnescape(/<AssumeRolePolicyDocument>([\s\S]*?)<\/AssumeRolePolicyDocument>/.exec(text)?.[1] ?? '');
    try {
      return raw.startsWith('%') ? decodeURIComponent(raw) : raw;
    } catch {
      return raw;
    }
  }

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.action !== 'CreateTrail' && req.action !== 'UpdateTrail') return undefined;
    const groupArn = str(req.json.CloudWatchLogsLogGroupArn);
    const roleArn = str(req.json.CloudWatchLogsRoleArn);
    if (!groupArn && !roleArn) return undefined;
    const account = this.ctx.accountId;
    // arn:<partition>:logs:<region>:<account>:log-group:<name>[:*]
    const g = groupArn ? /^arn:[^:]+:logs:([^:]+):(\d{12}):log-group:(.+?)(:\*)?$/.exec(groupArn) : null;
    if (!g || g[2] !== account || !(await this.groupExists(g[1] ?? '', g[3] ?? ''))) {
      return jsonError('InvalidCloudWatchLogsLogGroupArnException', `CloudWatch Logs log group ${groupArn ?? '(none)'} is not valid: it must be an existing log group of this account.`);
    }
    const name = str(req.json.Name) ?? '';
    const trailArn = name.startsWith('arn:') ? name : `arn:${req.region.startsWith('cn-') ? 'aws-cn' : 'aws'}:cloudtrail:${req.region}:${account}:trail/${name}`;
    const r = roleArn ? /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn) : null;
    const trust = r && r[1] === account ? await this.trustPolicy(r[2] ?? '') : undefined;
    if (!trust || !trustsCloudTrail(trust, trailArn)) return jsonError('InvalidCloudWatchLogsRoleArnException', 'Access denied. Verify in IAM that the role has adequate permissions.');
    return undefined;
  }
}
