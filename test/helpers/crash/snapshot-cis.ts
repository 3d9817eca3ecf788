/**
 * The part of the account snapshot the CIS baseline's steps change (issue 13): per enabled region EBS
 * default encryption, analyzers, the default security groups' rules, GuardDuty, AWS Config, Security Hub;
 * account-wide the alternate contacts, account-level Block Public Access, roles, bucket logging, the
 * trail's CloudWatch Logs delivery, metric filters, alarms and SNS. Names and settings, never per-run ids.
 *
 * Read straight from moto, like snapshot.ts, except what only the sandbox's overlay keeps (moto 5.2.1 has
 * no IAM Access Analyzer and no Security Hub standards: src/sandbox/overlay/rules/access-analyzer.ts,
 * security-hub.ts) and the enabled regions (the overlay answers DescribeRegions as the account sees it).
 */
import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { AccountClient, GetAlternateContactCommand, type AlternateContactType } from '@aws-sdk/client-account';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand, DescribeDeliveryChannelsCommand } from '@aws-sdk/client-config-service';
import { DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetBucketLoggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { ListSubscriptionsByTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Sandbox } from '../../../src/sandbox/index.js';

export interface RegionSnapshot {
  region: string;
  ebsEncryptionByDefault: boolean;
  analyzers: string[];
  /** `group-name: N in, M out`, one per default security group. */
  defaultSecurityGroups: string[];
  /** `status` of each detector (one expected). */
  detectors: string[];
  /** `name recording allSupported global`, one per recorder. */
  recorders: string[];
  deliveryChannels: string[];
  securityHub: boolean;
  /** The enabled standards' ARNs with the region and account taken out. */
  standards: string[];
}

export interface CisSnapshot {
  regions: RegionSnapshot[];
  /** `TYPE: name / title / email / phone` of each alternate contact set. */
  contacts: string[];
  accountPublicAccessBlock: boolean;
  roles: Array<{ name: string; managed: string[]; inline: string[] }>;
  /** `bucket → target/prefix` for each bucket that logs. */
  bucketLogging: string[];
  trailLogGroups: string[];
  logGroups: Array<{ name: string; retention: number | undefined }>;
  metricFilters: string[];
  alarms: Array<{ name: string; actions: string[] }>;
  topics: Array<{ name: string; subscriptions: string[] }>;
}

const sorted = <T>(xs: T[], key: (x: T) => string = String): T[] => [...xs].sort((a, b) => key(a).localeCompare(key(b)));

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch {
    return undefined;
  }
}

/** `p`'s answer, or undefined when it fails with error `name` (anything else fails the snapshot). */
async function absentAs<T>(p: Promise<T>, name: string): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if ((e as Error).name === name) return undefined;
    throw e;
  }
}

const KEY = { accessKeyId: 'AKIASNAPSHOT0000000', secretAccessKey: 'snapshot' };

async function regionSnapshot(sb: Sandbox, region: string): Promise<RegionSnapshot> {
  const moto = { endpoint: sb.motoEndpoint, region, credentials: KEY };
  const overlay = { endpoint: sb.endpoint, region, credentials: KEY };
  const ec2 = new EC2Client(moto);
  const aa = new AccessAnalyzerClient(overlay);
  const gd = new GuardDutyClient(moto);
  const cfg = new ConfigServiceClient(moto);
  const hubMoto = new SecurityHubClient(moto);
  const hub = new SecurityHubClient(overlay);
  try {
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }))).SecurityGroups ?? [];
    const detectors = [];
    for (const id of (await gd.send(new ListDetectorsCommand({}))).DetectorIds ?? []) detectors.push((await gd.send(new GetDetectorCommand({ DetectorId: id }))).Status ?? '');
    const statuses = (await cfg.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
    const recorders = ((await cfg.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? []).map(
      (r) =>
        `${r.name} recording=${statuses.find((s) => s.name === r.name)?.recording === true} all=${r.recordingGroup?.allSupported === true} global=${r.recordingGroup?.includeGlobalResourceTypes === true}`,
    );
    const channels = ((await cfg.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? []).map((c) => `${c.name} → ${c.s3BucketName}`);
    const on = (await orUndefined(hubMoto.send(new DescribeHubCommand({})))) !== undefined;
    const standards = on
      ? ((await hub.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions ?? []).map((s) => `${(s.StandardsArn ?? '').replace(`:${region}:`, '::')} ${s.StandardsStatus}`)
      : [];
    return {
      region,
      ebsEncryptionByDefault: (await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault === true,
      analyzers: sorted(((await aa.send(new ListAnalyzersCommand({}))).analyzers ?? []).map((a) => `${a.name} ${a.type} ${a.status}`)),
      defaultSecurityGroups: sorted(groups.map((g) => `${g.VpcId === undefined ? '' : 'vpc'} default: ${(g.IpPermissions ?? []).length} in, ${(g.IpPermissionsEgress ?? []).length} out`)),
      detectors: sorted(detectors),
      recorders: sorted(recorders),
      deliveryChannels: sorted(channels),
      securityHub: on,
      standards: sorted(standards),
    };
  } finally {
    for (const c of [ec2, aa, gd, cfg, hubMoto, hub]) c.destroy();
  }
}

/** Reads the CIS part of the account (see the header for what comes from where). */
export async function snapshotCis(sb: Sandbox): Promise<CisSnapshot> {
  const moto = { endpoint: sb.motoEndpoint, region: sb.region, credentials: KEY };
  const ec2 = new EC2Client({ ...moto, endpoint: sb.endpoint });
  const account = new AccountClient(moto);
  const s3control = new S3ControlClient(moto);
  // As src/aws/clients.ts does: the SDK would put the account id in front of the emulator's host.
  const resolve = s3control.config.endpointProvider;
  s3control.config.endpointProvider = (params, context) => ({ ...resolve({ ...params, Endpoint: undefined }, context), url: new URL(sb.motoEndpoint) });
  const iam = new IAMClient(moto);
  const s3 = new S3Client({ ...moto, forcePathStyle: true });
  const ct = new CloudTrailClient(moto);
  const logs = new CloudWatchLogsClient(moto);
  const cw = new CloudWatchClient(moto);
  const sns = new SNSClient(moto);
  try {
    const enabled = ((await ec2.send(new DescribeRegionsCommand({}))).Regions ?? []).map((r) => r.RegionName ?? '');
    const regions = [];
    for (const r of sorted(enabled)) regions.push(await regionSnapshot(sb, r));

    const contacts = [];
    for (const type of ['SECURITY', 'BILLING', 'OPERATIONS'] as AlternateContactType[]) {
      const c = (await absentAs(account.send(new GetAlternateContactCommand({ AlternateContactType: type })), 'ResourceNotFoundException'))?.AlternateContact;
      if (c) contacts.push(`${type}: ${c.Name} / ${c.Title} / ${c.EmailAddress} / ${c.PhoneNumber}`);
    }
    const pab = (await absentAs(s3control.send(new GetPublicAccessBlockCommand({ AccountId: sb.accountId })), 'NoSuchPublicAccessBlockConfiguration'))?.PublicAccessBlockConfiguration;

    const roles = [];
    for (const r of (await iam.send(new ListRolesCommand({}))).Roles ?? []) {
      const name = r.RoleName ?? '';
      roles.push({
        name,
        managed: sorted(((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '')),
        inline: sorted((await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? []),
      });
    }

    const bucketLogging = [];
    for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      const target = (await orUndefined(s3.send(new GetBucketLoggingCommand({ Bucket: b.Name }))))?.LoggingEnabled;
      if (target) bucketLogging.push(`${b.Name} → ${target.TargetBucket}/${target.TargetPrefix ?? ''}`);
    }

    const topics = [];
    for (const t of (await sns.send(new ListTopicsCommand({}))).Topics ?? []) {
      const subs = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: t.TopicArn }))).Subscriptions ?? [];
      topics.push({ name: (t.TopicArn ?? '').split(':').at(-1) ?? '', subscriptions: sorted(subs.map((s) => `${s.Protocol}:${s.Endpoint}`)) });
    }
    const alarms = ((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).map((a) => ({ name: a.AlarmName ?? '', actions: sorted(a.AlarmActions ?? []) }));

    return {
      regions,
      contacts,
      accountPublicAccessBlock: pab?.BlockPublicAcls === true && pab.BlockPublicPolicy === true && pab.IgnorePublicAcls === true && pab.RestrictPublicBuckets === true,
      roles: sorted(roles, (r) => r.name),
      bucketLogging: sorted(bucketLogging),
      trailLogGroups: sorted(((await ct.send(new DescribeTrailsCommand({}))).trailList ?? []).map((t) => `${t.Name} → ${t.CloudWatchLogsLogGroupArn ?? 'none'}`)),
      logGroups: sorted(
        ((await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => ({ name: g.logGroupName ?? '', retention: g.retentionInDays })),
        (g) => g.name,
      ),
      metricFilters: sorted(((await logs.send(new DescribeMetricFiltersCommand({}))).metricFilters ?? []).map((f) => `${f.logGroupName} ${f.filterName}`)),
      alarms: sorted(alarms, (a) => a.name),
      topics: sorted(topics, (t) => t.name),
    };
  } finally {
    for (const c of [ec2, account, s3control, iam, s3, ct, logs, cw, sns]) c.destroy();
  }
}
