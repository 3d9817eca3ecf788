/**
 * The account as the matrices compare it, read straight from moto (not through the proxy, the overlay or
 * the CLI's code): names and settings, never ids that differ per run; and the differences between two.
 */
import {
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  type PasswordPolicy,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { BudgetsClient, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand } from '@aws-sdk/client-budgets';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { snapshotCis, type CisSnapshot } from './snapshot-cis.js';

/** The account as far as the matrix compares it: names and settings, never ids that differ per run. */
export interface AccountSnapshot {
  users: Array<{ name: string; groups: string[]; policies: string[]; accessKeys: number; loginProfile: boolean; mfaDevices: number }>;
  groups: Array<{ name: string; policies: string[] }>;
  unassignedMfaDevices: number;
  rootAccessKeys: number;
  kms: { aliases: string[]; liveKeys: number; aliasKey: { enabled: boolean; rotation: boolean } | undefined };
  trails: Array<{ name: string; multiRegion: boolean; validation: boolean; bucket: string; logging: boolean; keyIsAliasKey: boolean }>;
  buckets: Array<{ name: string; policy: boolean; publicAccessBlocked: boolean }>;
  passwordPolicy: PasswordPolicy | undefined;
  budgets: Array<{ name: string; limit: string; notifications: string[] }>;
  /** What the CIS baseline's steps change (snapshot-cis.ts). */
  cis: CisSnapshot;
}

const sorted = <T>(xs: T[], key: (x: T) => string = String): T[] => [...xs].sort((a, b) => key(a).localeCompare(key(b)));

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch {
    return undefined;
  }
}

/** Reads the account straight from moto (not through the proxy or the CLI's code). */
export async function snapshotAccount(sb: Sandbox): Promise<AccountSnapshot> {
  const cfg = { endpoint: sb.motoEndpoint, region: sb.region, credentials: { accessKeyId: 'AKIASNAPSHOT0000000', secretAccessKey: 'snapshot' } };
  const iam = new IAMClient(cfg);
  const kms = new KMSClient(cfg);
  const ct = new CloudTrailClient(cfg);
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const budgets = new BudgetsClient(cfg);
  try {
    const users = [];
    for (const u of (await iam.send(new ListUsersCommand({}))).Users ?? []) {
      const name = u.UserName ?? '';
      users.push({
        name,
        groups: sorted(((await iam.send(new ListGroupsForUserCommand({ UserName: name }))).Groups ?? []).map((g) => g.GroupName ?? '')),
        policies: sorted(((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '')),
        accessKeys: ((await iam.send(new ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? []).length,
        loginProfile: (await orUndefined(iam.send(new GetLoginProfileCommand({ UserName: name })))) !== undefined,
        mfaDevices: ((await iam.send(new ListMFADevicesCommand({ UserName: name }))).MFADevices ?? []).length,
      });
    }
    const groups = [];
    for (const g of (await iam.send(new ListGroupsCommand({}))).Groups ?? []) {
      const name = g.GroupName ?? '';
      groups.push({ name, policies: sorted(((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn ?? '')) });
    }
    const unassigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices ?? [];
    const passwordPolicy = (await orUndefined(iam.send(new GetAccountPasswordPolicyCommand({}))))?.PasswordPolicy;

    const aliases = ((await kms.send(new ListAliasesCommand({}))).Aliases ?? []).filter((a) => !(a.AliasName ?? '').startsWith('alias/aws/'));
    let liveKeys = 0;
    for (const k of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata;
      if (meta?.KeyManager === 'CUSTOMER' && meta.KeyState !== 'PendingDeletion') liveKeys += 1;
    }
    const ours = aliases.find((a) => a.AliasName === 'alias/aws-harden');
    let aliasKey: AccountSnapshot['kms']['aliasKey'];
    let aliasKeyArn: string | undefined;
    if (ours?.TargetKeyId) {
      const meta = (await kms.send(new DescribeKeyCommand({ KeyId: ours.TargetKeyId }))).KeyMetadata;
      aliasKeyArn = meta?.Arn;
      const rotation = (await kms.send(new GetKeyRotationStatusCommand({ KeyId: ours.TargetKeyId }))).KeyRotationEnabled === true;
      aliasKey = { enabled: meta?.KeyState === 'Enabled', rotation };
    }

    const trails = [];
    for (const t of (await ct.send(new DescribeTrailsCommand({}))).trailList ?? []) {
      const status = await ct.send(new GetTrailStatusCommand({ Name: t.TrailARN ?? t.Name }));
      const keyId = t.KmsKeyId ?? '';
      trails.push({
        name: t.Name ?? '',
        multiRegion: t.IsMultiRegionTrail === true,
        validation: t.LogFileValidationEnabled === true,
        bucket: t.S3BucketName ?? '',
        logging: status.IsLogging === true,
        keyIsAliasKey: keyId !== '' && (keyId === aliasKeyArn || keyId === ours?.TargetKeyId || keyId === ours?.AliasName || keyId === ours?.AliasArn),
      });
    }

    const buckets = [];
    for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      const name = b.Name ?? '';
      const pab = (await orUndefined(s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))))?.PublicAccessBlockConfiguration;
      buckets.push({
        name,
        policy: (await orUndefined(s3.send(new GetBucketPolicyCommand({ Bucket: name }))))?.Policy !== undefined,
        publicAccessBlocked: pab?.BlockPublicAcls === true && pab.BlockPublicPolicy === true && pab.IgnorePublicAcls === true && pab.RestrictPublicBuckets === true,
      });
    }

    const budgetList = [];
    for (const b of (await orUndefined(budgets.send(new DescribeBudgetsCommand({ AccountId: sb.accountId }))))?.Budgets ?? []) {
      const name = b.BudgetName ?? '';
      const notifications = [];
      for (const n of (await budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: sb.accountId, BudgetName: name }))).Notifications ?? []) {
        // moto 5 does not implement DescribeSubscribersForNotification: the subscribers are compared when it answers.
        const subs = (await orUndefined(budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId: sb.accountId, BudgetName: name, Notification: n }))))?.Subscribers ?? [];
        notifications.push(`${n.NotificationType} ${n.ComparisonOperator} ${n.Threshold} ${n.ThresholdType ?? ''} → ${sorted(subs.map((s) => `${s.SubscriptionType}:${s.Address}`)).join(',')}`);
      }
      budgetList.push({ name, limit: `${b.BudgetLimit?.Amount} ${b.BudgetLimit?.Unit} ${b.TimeUnit}`, notifications: sorted(notifications) });
    }

    const state = (await (await fetch(`${sb.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] };
    return {
      users: sorted(users, (u) => u.name),
      groups: sorted(groups, (g) => g.name),
      unassignedMfaDevices: unassigned.length,
      rootAccessKeys: state.rootAccessKeyIds.length,
      kms: { aliases: sorted(aliases.map((a) => a.AliasName ?? '')), liveKeys, aliasKey },
      trails: sorted(trails, (t) => t.name),
      buckets: sorted(buckets, (b) => b.name),
      passwordPolicy,
      budgets: sorted(budgetList, (b) => b.name),
      cis: await snapshotCis(sb),
    };
  } finally {
    for (const c of [iam, kms, ct, s3, budgets]) c.destroy();
  }
}

/** Field-by-field differences, as `path: expected → actual` lines. */
export function diffSnapshots(expected: unknown, actual: unknown, path = ''): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(expected) && !Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) => diffSnapshots((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [`${path || '(root)'}: ${JSON.stringify(expected)} → ${JSON.stringify(actual)}`];
}
