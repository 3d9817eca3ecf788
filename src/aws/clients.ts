/**
 * The SDK clients: one configuration shared by every client (credentials, region, endpoint, timeouts,
 * proxy and CA agents), and the one place a client is constructed, its SDK module loaded on first use.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { BudgetsClient } from '@aws-sdk/client-budgets';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { AccountClient } from '@aws-sdk/client-account';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { NetworkAgents } from './network.js';
import type { Service } from './operations.js';

export interface ClientTypes {
  sts: STSClient;
  iam: IAMClient;
  s3: S3Client;
  kms: KMSClient;
  cloudtrail: CloudTrailClient;
  budgets: BudgetsClient;
  organizations: OrganizationsClient;
  ec2: EC2Client;
  account: AccountClient;
  s3control: S3ControlClient;
  accessanalyzer: AccessAnalyzerClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  sns: SNSClient;
  guardduty: GuardDutyClient;
  config: ConfigServiceClient;
  securityhub: SecurityHubClient;
}

/** Any of them, as far as the guard needs to know: a middleware stack to add to. */
export interface GuardableClient {
  middlewareStack: { add: (mw: never, opts: object) => void };
}

/** What every client of one layer shares. */
export interface ClientSettings {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** Explicit endpoint (--endpoint-url); AWS_ENDPOINT_URL the SDK honours itself. */
  endpoint: string | undefined;
  /** Whether any endpoint override is in force (flag or AWS_ENDPOINT_URL): S3 then uses path-style URLs. */
  overridden: boolean;
  agents: NetworkAgents | undefined;
}

export function sharedConfig(service: Service, settings: ClientSettings): Record<string, unknown> {
  const { agents } = settings;
  return {
    region: settings.region,
    credentials: settings.credentials,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(service === 's3' && settings.overridden ? { forcePathStyle: true } : {}),
    // An existing bucket in another region answers with a redirect; follow it instead of failing.
    ...(service === 's3' ? { followRegionRedirects: true } : {}),
    // One attempt per SDK send: the guard decides what is sent again (aws/retry.ts), so a create
    // whose answer was lost is never blindly sent twice.
    maxAttempts: 1,
    // Recognisable in CloudTrail's userAgent field: "… app/aws-harden".
    userAgentAppId: 'aws-harden',
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      ...(agents?.httpAgent ? { httpAgent: agents.httpAgent } : {}),
      ...(agents?.httpsAgent ? { httpsAgent: agents.httpsAgent } : {}),
    },
  };
}

type S3ControlEndpoints = S3ControlClient['config']['endpointProvider'];

/**
 * S3 Control's endpoint with an endpoint override (--endpoint-url, AWS_ENDPOINT_URL: an emulator) is
 * that endpoint as it is. The SDK's S3 Control rules put the account id in front of every host, a custom
 * endpoint's too (`{url#scheme}://{AccountId}.{url#authority}`), as AWS's own host needs
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html, "Host:
 * AccountId.s3-control…"); `123456789012.127.0.0.1` is no host at all, and a name such as
 * `123456789012.localhost` needs wildcard DNS (what Ceph asks of its S3 Control users:
 * https://github.com/ceph/ceph/pull/69111). moto serves S3 Control by path on any host
 * (moto_server/werkzeug_app.py: `/v20180820/…` signed for `s3`), and the account id travels in the
 * `x-amz-account-id` header anyway. The SDK's own answer for the run's region gives the rest (how to sign);
 * only its URL is replaced. Without an override nothing changes.
 */
function withoutAccountLabel(resolve: S3ControlEndpoints): S3ControlEndpoints {
  return (params, context) => {
    if (!params.Endpoint) return resolve(params, context);
    const { Endpoint, ...rest } = params;
    return { ...resolve(rest, context), url: new URL(Endpoint) };
  };
}

/** A new SDK client for a service (its SDK module loads only now). */
export async function newClient(service: Service, config: Record<string, unknown>): Promise<GuardableClient> {
  switch (service) {
    case 'sts':
      return new (await import('@aws-sdk/client-sts')).STSClient(config);
    case 'iam':
      return new (await import('@aws-sdk/client-iam')).IAMClient(config);
    case 's3':
      return new (await import('@aws-sdk/client-s3')).S3Client(config);
    case 'kms':
      return new (await import('@aws-sdk/client-kms')).KMSClient(config);
    case 'cloudtrail':
      return new (await import('@aws-sdk/client-cloudtrail')).CloudTrailClient(config);
    case 'budgets':
      return new (await import('@aws-sdk/client-budgets')).BudgetsClient(config);
    case 'organizations':
      return new (await import('@aws-sdk/client-organizations')).OrganizationsClient(config);
    case 'ec2':
      return new (await import('@aws-sdk/client-ec2')).EC2Client(config);
    case 'account':
      return new (await import('@aws-sdk/client-account')).AccountClient(config);
    case 's3control': {
      const client = new (await import('@aws-sdk/client-s3-control')).S3ControlClient(config);
      client.config.endpointProvider = withoutAccountLabel(client.config.endpointProvider);
      return client;
    }
    case 'accessanalyzer':
      return new (await import('@aws-sdk/client-accessanalyzer')).AccessAnalyzerClient(config);
    case 'logs':
      return new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(config);
    case 'cloudwatch':
      return new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(config);
    case 'sns':
      return new (await import('@aws-sdk/client-sns')).SNSClient(config);
    case 'guardduty':
      return new (await import('@aws-sdk/client-guardduty')).GuardDutyClient(config);
    case 'config':
      return new (await import('@aws-sdk/client-config-service')).ConfigServiceClient(config);
    case 'securityhub':
      return new (await import('@aws-sdk/client-securityhub')).SecurityHubClient(config);
    default: {
      const never: never = service;
      throw new Error(`unknown service ${String(never)}`);
    }
  }
}
