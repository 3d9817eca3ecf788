/**
 * The account's regions in the strict sandbox, read through the SDK: ec2:DescribeRegions as AWS answers
 * it (rules/describe-regions.ts) and the opt-in regions a new account has not enabled (rules/regions.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeRegionsCommand, EC2Client, type DescribeRegionsCommandInput } from '@aws-sdk/client-ec2';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { OPT_IN_REGIONS } from '../../../src/aws/partition.js';
import { startOverlay, startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { useEmulator } from '../../helpers/emulator.js';

/** The 17 regions on in every commercial account (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html). */
const DEFAULT_AWS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

function ec2(sb: { endpoint: string; operatorCredentials: Sandbox['operatorCredentials'] }, region = 'us-east-1'): EC2Client {
  return new EC2Client({ endpoint: sb.endpoint, region, credentials: sb.operatorCredentials, maxAttempts: 1 });
}

async function regions(client: EC2Client, input: DescribeRegionsCommandInput = {}): Promise<Array<{ name: string; status: string; endpoint: string }>> {
  const out = await client.send(new DescribeRegionsCommand(input));
  return (out.Regions ?? []).map((r) => ({ name: r.RegionName ?? '', status: r.OptInStatus ?? '', endpoint: r.Endpoint ?? '' })).sort((a, b) => a.name.localeCompare(b.name));
}

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('ec2:DescribeRegions in a new commercial account', () => {
  const sb = useEmulator();

  it('moto alone lists China, GovCloud and three opt-in regions as on; strict lists the 17 default regions only', async () => {
    const lenient = await startOverlay({ target: sb.motoEndpoint, strict: false });
    try {
      const motoNames = (await regions(ec2({ endpoint: lenient.endpoint, operatorCredentials: lenient.rootCredentials }))).map((r) => r.name);
      expect(motoNames).toEqual(expect.arrayContaining(['cn-north-1', 'us-gov-west-1', 'af-south-1']));
    } finally {
      await lenient.stop();
    }
    const listed = await regions(ec2(sb));
    expect(listed.map((r) => r.name)).toEqual(DEFAULT_AWS);
    expect(listed.every((r) => r.status === 'opt-in-not-required')).toBe(true);
    expect(listed.find((r) => r.name === 'eu-west-1')?.endpoint).toBe('ec2.eu-west-1.amazonaws.com');
  });

  it('AllRegions adds the opt-in regions, not opted in', async () => {
    const listed = await regions(ec2(sb), { AllRegions: true });
    expect(listed).toHaveLength(DEFAULT_AWS.length + OPT_IN_REGIONS.size);
    expect(listed.filter((r) => r.status === 'not-opted-in').map((r) => r.name)).toEqual([...OPT_IN_REGIONS].sort());
    expect(listed.some((r) => r.name.startsWith('cn-') || r.name.startsWith('us-gov-'))).toBe(false);
  });

  it('RegionNames: any region of the partition, enabled or not; a name that is none is InvalidParameterValue', async () => {
    expect(await regions(ec2(sb), { RegionNames: ['af-south-1', 'eu-west-1'] })).toEqual([
      { name: 'af-south-1', status: 'not-opted-in', endpoint: 'ec2.af-south-1.amazonaws.com' },
      { name: 'eu-west-1', status: 'opt-in-not-required', endpoint: 'ec2.eu-west-1.amazonaws.com' },
    ]);
    expect(await failure(regions(ec2(sb), { RegionNames: ['eu-west-1', 'xx-none-1'] }))).toEqual({ name: 'InvalidParameterValue', message: 'Invalid region: [xx-none-1]', status: 400 });
    // Another partition's region is no region of this one.
    expect(await failure(regions(ec2(sb), { RegionNames: ['cn-north-1'] }))).toMatchObject({ name: 'InvalidParameterValue', message: 'Invalid region: [cn-north-1]' });
  });

  it('filters by opt-in-status, region-name (wildcards) and endpoint; an unknown filter and DryRun are refused as EC2 does', async () => {
    const optIn = await regions(ec2(sb), { AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] });
    expect(optIn.map((r) => r.name)).toEqual([...OPT_IN_REGIONS].sort());
    const eu = await regions(ec2(sb), { Filters: [{ Name: 'region-name', Values: ['eu-*'] }] });
    expect(eu.map((r) => r.name)).toEqual(['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3']);
    const one = await regions(ec2(sb), {
      Filters: [
        { Name: 'endpoint', Values: ['ec2.us-west-?.amazonaws.com'] },
        { Name: 'region-name', Values: ['us-west-2', 'eu-west-1'] },
      ],
    });
    expect(one.map((r) => r.name)).toEqual(['us-west-2']);
    expect(await failure(regions(ec2(sb), { Filters: [{ Name: 'zone', Values: ['x'] }] }))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(await failure(regions(ec2(sb), { DryRun: true }))).toMatchObject({ name: 'DryRunOperation', status: 412 });
  });

  it('a region the account has not enabled answers as if the key were unknown: STS, EC2, JSON services', async () => {
    const cfg = { endpoint: sb.endpoint, region: 'af-south-1', credentials: sb.operatorCredentials, maxAttempts: 1 };
    expect(await failure(new STSClient(cfg).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(await failure(ec2(sb, 'af-south-1').send(new DescribeRegionsCommand({})))).toEqual({
      name: 'AuthFailure',
      message: 'AWS was not able to validate the provided access credentials',
      status: 401,
    });
    expect(await failure(new KMSClient(cfg).send(new ListKeysCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    // A default region answers.
    expect((await regions(ec2(sb, 'eu-west-3'), { RegionNames: ['eu-west-3'] })).map((r) => r.name)).toEqual(['eu-west-3']);
  });
});

describe('an account that enabled an opt-in region', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ optInRegions: ['af-south-1'] });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('lists it as opted-in, and it answers', async () => {
    const listed = await regions(ec2(sb));
    expect(listed.map((r) => r.name)).toEqual([...DEFAULT_AWS, 'af-south-1'].sort());
    expect(listed.find((r) => r.name === 'af-south-1')?.status).toBe('opted-in');
    expect((await regions(ec2(sb, 'af-south-1'), { RegionNames: ['af-south-1'] }))[0]?.status).toBe('opted-in');
    expect(await failure(ec2(sb, 'me-south-1').send(new DescribeRegionsCommand({})))).toMatchObject({ name: 'AuthFailure' });
  });
});

describe('the aws-cn shape', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ shape: 'aws-cn' });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('lists the two China regions, with their .com.cn endpoints', async () => {
    expect(await regions(ec2(sb, sb.region), { AllRegions: true })).toEqual([
      { name: 'cn-north-1', status: 'opt-in-not-required', endpoint: 'ec2.cn-north-1.amazonaws.com.cn' },
      { name: 'cn-northwest-1', status: 'opt-in-not-required', endpoint: 'ec2.cn-northwest-1.amazonaws.com.cn' },
    ]);
    expect(await failure(regions(ec2(sb, sb.region), { RegionNames: ['us-east-1'] }))).toMatchObject({ name: 'InvalidParameterValue' });
  });
});
