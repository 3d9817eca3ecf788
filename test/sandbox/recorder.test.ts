/**
 * The emulator-side recording that "no mutating call" tests rely on: it must see every request,
 * including those the root overlay answers itself, and classify them by service and operation.
 */
import { BudgetsClient, CreateBudgetCommand, DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, DeleteAccessKeyCommand, GetAccountSummaryCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetBucketPolicyCommand, HeadBucketCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { eventually, classifyRecorded, describeRecorded, isMutatingRecorded, recordedBody, recordedRequests, type RecordedRequest, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator();

function config() {
  return { endpoint: sb.endpoint, region: sb.region, credentials: sb.rootCredentials, maxAttempts: 1 };
}

async function seen(): Promise<Array<{ op: string; mutating: boolean }>> {
  return (await recordedRequests(sb)).map((r) => ({ op: describeRecorded(r), mutating: isMutatingRecorded(r) }));
}

describe('recording against the emulator', () => {
  it('starts empty after a reset (the reset itself and the start-up probe are not in it)', async () => {
    expect(await recordedRequests(sb)).toEqual([]);
  });

  it('sees query-protocol calls (IAM, STS) in order, with their bodies', async () => {
    const iam = new IAMClient(config());
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new ListUsersCommand({}));
    await iam.send(new GetAccountSummaryCommand({}));
    const requests = await recordedRequests(sb);
    expect(requests.map((r) => r.source)).toEqual(['moto', 'moto', 'moto']);
    expect(recordedBody(requests[0] as RecordedRequest)).toContain('UserName=alice');
    expect(await seen()).toEqual([
      { op: 'iam:CreateUser', mutating: true },
      { op: 'iam:ListUsers', mutating: false },
      { op: 'iam:GetAccountSummary', mutating: false },
    ]);
  });

  it('sees JSON-protocol calls by X-Amz-Target (KMS, CloudTrail, Budgets)', async () => {
    const kms = new KMSClient(config());
    const key = await kms.send(new CreateKeyCommand({ Description: 'trail key' }));
    // A new key is visible a moment later (strict sandbox, as KMS); the refused tries are not in the recording.
    await eventually(() => kms.send(new DescribeKeyCommand({ KeyId: key.KeyMetadata?.KeyId ?? '' })));
    await new CloudTrailClient(config()).send(new DescribeTrailsCommand({}));
    const budgets = new BudgetsClient(config());
    await budgets.send(
      new CreateBudgetCommand({
        AccountId: sb.accountId,
        Budget: { BudgetName: 'monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '10', Unit: 'USD' } },
      }),
    );
    await budgets.send(new DescribeBudgetsCommand({ AccountId: sb.accountId }));
    expect(await seen()).toEqual([
      { op: 'kms:CreateKey', mutating: true },
      { op: 'kms:DescribeKey', mutating: false },
      { op: 'cloudtrail:DescribeTrails', mutating: false },
      { op: 'budgets:CreateBudget', mutating: true },
      { op: 'budgets:DescribeBudgets', mutating: false },
    ]);
  });

  it('sees S3 REST calls as method plus sub-resource', async () => {
    const s3 = new S3Client({ ...config(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'logs' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'logs', Policy: JSON.stringify(policy) }));
    await s3.send(new GetBucketPolicyCommand({ Bucket: 'logs' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'logs' }));
    await s3.send(new ListObjectsV2Command({ Bucket: 'logs' }));
    expect(await seen()).toEqual([
      { op: 's3:PUT', mutating: true },
      { op: 's3:PUT ?policy', mutating: true },
      { op: 's3:GET ?policy', mutating: false },
      { op: 's3:HEAD', mutating: false },
      { op: 's3:GET ?list-type', mutating: false },
    ]);
  });

  it('includes what the root overlay answered itself, marked as such (root DeleteAccessKey is mutating)', async () => {
    await new STSClient(config()).send(new GetCallerIdentityCommand({}));
    await new IAMClient(config()).send(new DeleteAccessKeyCommand({ AccessKeyId: sb.rootCredentials.accessKeyId }));
    const requests = await recordedRequests(sb);
    expect(requests.map((r) => ({ source: r.source, op: describeRecorded(r), mutating: isMutatingRecorded(r) }))).toEqual([
      { source: 'overlay', op: 'sts:GetCallerIdentity', mutating: false },
      { source: 'overlay', op: 'iam:DeleteAccessKey', mutating: true },
    ]);
  });
});

describe('classifyRecorded (pure)', () => {
  const auth = (service: string) => ({
    Authorization: `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
  });
  const req = (over: Partial<RecordedRequest>): RecordedRequest => ({
    headers: {},
    method: 'POST',
    url: 'http://127.0.0.1:1/',
    body: '',
    body_encoded: false,
    source: 'moto',
    ...over,
  });

  it('reads Action from a base64 form body and header names case-insensitively', () => {
    const r = req({
      headers: { ...auth('iam'), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: Buffer.from('Action=AttachGroupPolicy&Version=2010-05-08').toString('base64'),
      body_encoded: true,
    });
    expect(classifyRecorded(r)).toEqual({ service: 'iam', operation: 'AttachGroupPolicy' });
    expect(isMutatingRecorded(r)).toBe(true);
  });

  it('names the service from X-Amz-Target when the request is unsigned', () => {
    const target = (t: string) => classifyRecorded(req({ headers: { 'X-Amz-Target': t } }));
    expect(target('TrentService.EnableKeyRotation')).toEqual({ service: 'kms', operation: 'EnableKeyRotation' });
    expect(target('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.StartLogging')).toEqual({
      service: 'cloudtrail',
      operation: 'StartLogging',
    });
    expect(target('AWSBudgetServiceGateway.DescribeBudget')).toEqual({ service: 'budgets', operation: 'DescribeBudget' });
  });

  it('treats Get/List/Describe/Head operations and S3 GET/HEAD as reads, everything else as writes', () => {
    const op = (operation: string) => isMutatingRecorded(req({ headers: { 'X-Amz-Target': `TrentService.${operation}` } }));
    expect(op('GetKeyRotationStatus')).toBe(false);
    expect(op('ListAliases')).toBe(false);
    expect(op('DescribeKey')).toBe(false);
    expect(op('PutKeyPolicy')).toBe(true);
    expect(op('ScheduleKeyDeletion')).toBe(true);
    const s3 = (method: string, path: string) => req({ headers: auth('s3'), method, url: `http://127.0.0.1:1${path}` });
    expect(describeRecorded(s3('DELETE', '/logs?policy'))).toBe('s3:DELETE ?policy');
    expect(isMutatingRecorded(s3('DELETE', '/logs?policy'))).toBe(true);
    expect(describeRecorded(s3('GET', '/logs/a.txt?x-id=GetObject'))).toBe('s3:GET');
    expect(isMutatingRecorded(s3('GET', '/logs/a.txt?x-id=GetObject'))).toBe(false);
    expect(isMutatingRecorded(s3('PUT', '/logs?publicAccessBlock='))).toBe(true);
  });
});
