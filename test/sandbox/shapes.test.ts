/**
 * The sandbox's account shapes, each read through the SDK as an operator's tools would see it:
 * who the operator is, the organization, the trails, the root user's credentials, the partition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { GetAccountSummaryCommand, IAMClient, ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

function clients(sb: Sandbox, credentials = sb.operatorCredentials) {
  const cfg = { endpoint: sb.endpoint, region: sb.region, credentials, maxAttempts: 1 };
  return { sts: new STSClient(cfg), iam: new IAMClient(cfg), ct: new CloudTrailClient(cfg), orgs: new OrganizationsClient(cfg) };
}

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as Error).name;
  }
}

describe('org-member: a member account with an organization trail and centralized root access', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ shape: 'org-member' });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('the operator is an OrganizationAccountAccessRole session; the root user has no credentials', async () => {
    const { sts, iam } = clients(sb);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${sb.accountId}:assumed-role/OrganizationAccountAccessRole/aws-harden`);
    expect(sb.operatorCredentials.sessionToken).toBeTruthy();
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap;
    expect(summary).toMatchObject({ AccountMFAEnabled: 0, AccountAccessKeysPresent: 0 });
    // No root key works: "no root credentials exist".
    expect(await errorName(clients(sb, sb.rootCredentials).sts.send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
  });

  it('sees its organization and, as the IAM delegated administrator, centralized root access', async () => {
    const { orgs, iam } = clients(sb);
    const org = (await orgs.send(new DescribeOrganizationCommand({}))).Organization;
    expect(org).toMatchObject({ MasterAccountId: '999900000001', FeatureSet: 'ALL' });
    expect(org?.MasterAccountId).not.toBe(sb.accountId);
    const features = await iam.send(new ListOrganizationsFeaturesCommand({}));
    expect(features).toMatchObject({ OrganizationId: org?.Id, EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'] });
  });

  it('sees the organization trail as AWS shows it to members: by ARN, logging, and not its to change', async () => {
    const { ct } = clients(sb);
    const trails = (await ct.send(new DescribeTrailsCommand({}))).trailList ?? [];
    const arn = 'arn:aws:cloudtrail:us-east-1:999900000001:trail/organization-trail';
    expect(trails).toEqual([
      expect.objectContaining({ Name: 'organization-trail', TrailARN: arn, HomeRegion: 'us-east-1', IsOrganizationTrail: true, IsMultiRegionTrail: true, LogFileValidationEnabled: true }),
    ]);
    // Shadow trails are left out only when asked.
    expect((await ct.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    expect((await ct.send(new GetTrailStatusCommand({ Name: arn }))).IsLogging).toBe(true);
    // A member must use the ARN, not the name.
    expect(await errorName(ct.send(new GetTrailStatusCommand({ Name: 'organization-trail' })))).toBe('TrailNotFoundException');
    const selectors = await ct.send(new GetEventSelectorsCommand({ TrailName: arn }));
    expect(selectors.EventSelectors?.[0]).toMatchObject({ ReadWriteType: 'All', IncludeManagementEvents: true });
    expect(await errorName(ct.send(new StopLoggingCommand({ Name: arn })))).toBe('NotOrganizationMasterAccountException');
    expect((await ct.send(new GetTrailStatusCommand({ Name: arn }))).IsLogging).toBe(true);
  });

  it('is the same shape again after a reset, with a new session in the same credentials object', async () => {
    const before = sb.operatorCredentials.accessKeyId;
    // moto's own reset (resetEmulator would also turn on a recorder this sandbox has no file for).
    const reset = await fetch(`${sb.endpoint}/moto-api/reset`, { method: 'POST' });
    expect(reset.ok).toBe(true);
    expect(sb.operatorCredentials.accessKeyId).not.toBe(before);
    const { ct, sts } = clients(sb);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(sb.accountId);
    expect((await ct.send(new DescribeTrailsCommand({}))).trailList?.map((t) => t.IsOrganizationTrail)).toEqual([true]);
  });
});

describe('org-member as a plain member (not the IAM delegated administrator)', () => {
  it('may read its organization but not whether root access is centralized', async () => {
    const sb = await startSandbox({ shape: 'org-member', iamDelegatedAdmin: false });
    try {
      const { orgs, iam } = clients(sb);
      expect((await orgs.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId).toBe('999900000001');
      expect(await errorName(iam.send(new ListOrganizationsFeaturesCommand({})))).toBe('AccountNotManagementOrDelegatedAdministratorException');
    } finally {
      await sb.stop();
    }
  });
});

describe('console-trail and aws-cn', () => {
  let trail: Sandbox;
  let cn: Sandbox;
  beforeAll(async () => {
    [trail, cn] = await Promise.all([startSandbox({ shape: 'console-trail', accountId: '210000000777' }), startSandbox({ shape: 'aws-cn' })]);
  });
  afterAll(async () => {
    await Promise.all([trail?.stop(), cn?.stop()]);
  });

  it('console-trail: a standalone account with a logging multi-region trail and its bucket, made in the console', async () => {
    const { ct, orgs, iam } = clients(trail);
    const trails = (await ct.send(new DescribeTrailsCommand({}))).trailList ?? [];
    expect(trails).toEqual([
      expect.objectContaining({
        Name: 'management-events',
        TrailARN: 'arn:aws:cloudtrail:us-east-1:210000000777:trail/management-events',
        IsMultiRegionTrail: true,
        IsOrganizationTrail: false,
        LogFileValidationEnabled: true,
        S3BucketName: 'aws-cloudtrail-logs-210000000777-0a1b2c3d',
      }),
    ]);
    expect((await ct.send(new GetTrailStatusCommand({ Name: 'management-events' }))).IsLogging).toBe(true);
    expect(await errorName(orgs.send(new DescribeOrganizationCommand({})))).toBe('AWSOrganizationsNotInUseException');
    expect(await errorName(iam.send(new ListOrganizationsFeaturesCommand({})))).toBe('OrganizationNotFoundException');
  });

  it('aws-cn: the root user is arn:aws-cn:…, in cn-north-1, with its access key', async () => {
    expect(cn.region).toBe('cn-north-1');
    const { sts, iam } = clients(cn);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws-cn:iam::${cn.accountId}:root`);
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({ AccountAccessKeysPresent: 1 });
  });

  it('fresh (the default) is unchanged: root with its key, no organization, no trail', async () => {
    const sb = await startSandbox();
    try {
      expect(sb.shape).toBe('fresh');
      const { sts, ct } = clients(sb);
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${sb.accountId}:root`);
      expect((await ct.send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
    } finally {
      await sb.stop();
    }
  });
});

describe('console-login: the owner signed in to the console and ran `aws login`, never making a root key', () => {
  it('the session acts as root, and the root user has no access key; the key of other shapes is refused', async () => {
    const sb = await startSandbox({ shape: 'console-login' });
    try {
      const { sts, iam } = clients(sb);
      expect(sb.operatorCredentials.accessKeyId).toMatch(/^ASIA/);
      expect(sb.operatorCredentials.sessionToken).toBeTruthy();
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${sb.accountId}:root`);
      expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({ AccountAccessKeysPresent: 0 });
      const { ListAccessKeysCommand } = await import('@aws-sdk/client-iam');
      expect((await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? []).toEqual([]);
      expect(await errorName(clients(sb, sb.rootCredentials).sts.send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
    } finally {
      await sb.stop();
    }
  });
});
