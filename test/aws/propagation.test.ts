/** The pure parts of waiting out propagation: the backoff schedule and what a not-found is about. */
import { describe, expect, it } from 'vitest';
import { backoffDelay, FRESH_FOR_MS, MAX_WAIT_MS, NEW_KEY_FIRST_TRY_MS, nextDelay, Propagation, untilKeyUsable, waitingLine } from '../../src/aws/propagation.js';

/** An SDK error as the SDK builds one from an AWS answer: wire code, class name, message, status. */
function awsError(code: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name: code, Code: code, $metadata: { httpStatusCode: status } });
}

function clocked(): { p: Propagation; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { p: new Propagation(() => t), advance: (ms) => void (t += ms) };
}

describe('the backoff schedule', () => {
  it('starts at 1 s (the IAM waiters of AWS poll every second), doubles, and never waits more than 8 s between two tries', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 9].map(backoffDelay)).toEqual([1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000]);
  });

  it('stops after a minute of waiting, the last wait cut to what is left', () => {
    let waited = 0;
    const delays: number[] = [];
    for (let attempt = 0; ; attempt++) {
      const d = nextDelay(attempt, waited);
      if (d === undefined) break;
      delays.push(d);
      waited += d;
    }
    expect(waited).toBe(MAX_WAIT_MS);
    expect(delays.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(delays.length).toBeLessThan(15);
  });
});

describe('what a not-found is about', () => {
  const NO_USER = awsError('NoSuchEntity', 'The user with name admin cannot be found.', 404);

  it("a user this run just made: IAM's NoSuchEntity naming it is propagation", () => {
    const { p } = clocked();
    p.succeeded('iam', 'CreateUser', { UserName: 'admin' }, {});
    expect(p.propagating('iam', 'AddUserToGroup', { UserName: 'admin', GroupName: 'G' }, NO_USER)).toMatchObject({ kind: 'user', name: 'admin' });
  });

  it('a user this run did not make, or made long ago, is really not there', () => {
    const { p, advance } = clocked();
    expect(p.propagating('iam', 'GetUser', { UserName: 'admin' }, NO_USER)).toBeUndefined();
    p.succeeded('iam', 'CreateUser', { UserName: 'other' }, {});
    expect(p.propagating('iam', 'GetUser', { UserName: 'admin' }, NO_USER)).toBeUndefined();
    p.succeeded('iam', 'CreateUser', { UserName: 'admin' }, {});
    advance(FRESH_FOR_MS);
    expect(p.propagating('iam', 'GetUser', { UserName: 'admin' }, NO_USER)).toBeUndefined();
  });

  it('"no login profile" for a new user is a fact about the user, not the user missing', () => {
    const { p } = clocked();
    p.succeeded('iam', 'CreateUser', { UserName: 'admin' }, {});
    expect(p.propagating('iam', 'GetLoginProfile', { UserName: 'admin' }, awsError('NoSuchEntity', 'Login Profile for User admin cannot be found.', 404))).toBeUndefined();
  });

  it('a new group, told apart from the user in the same call', () => {
    const { p } = clocked();
    p.succeeded('iam', 'CreateGroup', { GroupName: 'Administrators' }, {});
    const input = { UserName: 'admin', GroupName: 'Administrators' };
    expect(p.propagating('iam', 'AddUserToGroup', input, awsError('NoSuchEntity', 'The group with name Administrators cannot be found.', 404))).toMatchObject({ kind: 'group' });
    expect(p.propagating('iam', 'AddUserToGroup', input, NO_USER)).toBeUndefined();
  });

  it('an unknown-key answer is propagation only when the call is signed with a key this run made', () => {
    const { p } = clocked();
    p.succeeded('iam', 'CreateAccessKey', { UserName: 'admin' }, { AccessKey: { AccessKeyId: 'AKIANEW' } });
    const invalid = awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    expect(p.propagating('sts', 'GetCallerIdentity', {}, invalid, 'AKIANEW')).toMatchObject({ kind: 'access key', name: 'AKIANEW' });
    expect(p.propagating('sts', 'GetCallerIdentity', {}, invalid, 'AKIAROOT')).toBeUndefined();
    expect(p.propagating('sts', 'GetCallerIdentity', {}, invalid, undefined)).toBeUndefined();
    p.succeeded('iam', 'DeleteAccessKey', { AccessKeyId: 'AKIANEW' }, {});
    expect(p.propagating('sts', 'GetCallerIdentity', {}, invalid, 'AKIANEW')).toBeUndefined();
  });

  it('a new KMS key named by id or ARN, a new bucket, trail or budget', () => {
    const { p } = clocked();
    p.succeeded('kms', 'CreateKey', {}, { KeyMetadata: { KeyId: 'k-1' } });
    p.succeeded('s3', 'CreateBucket', { Bucket: 'trail-logs' }, {});
    p.succeeded('cloudtrail', 'CreateTrail', { Name: 'main' }, {});
    p.succeeded('budgets', 'CreateBudget', { Budget: { BudgetName: 'monthly' } }, {});
    const kmsMissing = awsError('NotFoundException', 'The request was rejected because the specified entity or resource could not be found.');
    expect(p.propagating('kms', 'CreateAlias', { AliasName: 'alias/x', TargetKeyId: 'k-1' }, kmsMissing)).toMatchObject({ kind: 'KMS key' });
    expect(p.propagating('kms', 'EnableKeyRotation', { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k-1' }, kmsMissing)).toMatchObject({ kind: 'KMS key' });
    expect(p.propagating('kms', 'EnableKeyRotation', { KeyId: 'k-2' }, kmsMissing)).toBeUndefined();
    expect(p.propagating('s3', 'PutBucketPolicy', { Bucket: 'trail-logs' }, awsError('NoSuchBucket', 'The specified bucket does not exist', 404))).toMatchObject({ kind: 'bucket' });
    expect(p.propagating('s3', 'HeadBucket', { Bucket: 'trail-logs' }, awsError('NotFound', 'UnknownError', 404))).toMatchObject({ kind: 'bucket' });
    expect(p.propagating('cloudtrail', 'StartLogging', { Name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' }, awsError('TrailNotFoundException', 'Unknown trail'))).toMatchObject({
      kind: 'trail',
    });
    expect(p.propagating('budgets', 'DescribeBudget', { BudgetName: 'monthly' }, awsError('NotFoundException', 'no budget'))).toMatchObject({ kind: 'budget' });
    // Other errors are never waited out, even about a fresh thing.
    expect(p.propagating('s3', 'PutBucketPolicy', { Bucket: 'trail-logs' }, awsError('MalformedPolicy', 'bad', 400))).toBeUndefined();
  });

  it('a Create* refused because the thing exists (a killed run made it) makes it fresh too', () => {
    const { p } = clocked();
    p.failed('iam', 'CreateUser', { UserName: 'admin' }, awsError('EntityAlreadyExists', 'User with name admin already exists.', 409));
    expect(p.propagating('iam', 'GetUser', { UserName: 'admin' }, NO_USER)).toMatchObject({ kind: 'user' });
  });
});

describe('the progress line', () => {
  it('names the thing, the call and the code, and how long it waited', () => {
    const thing = { kind: 'group' as const, name: 'Administrators', at: 0 };
    expect(waitingLine({ type: 'waiting', thing, action: 'iam:AttachGroupPolicy', code: 'NoSuchEntity', waitedMs: 750, nextDelayMs: 1000 })).toBe(
      'Waiting for AWS to show the new group "Administrators" (iam:AttachGroupPolicy answered NoSuchEntity: new things take a moment to propagate) · retry in 1s, waited 0.8s of at most 60s',
    );
  });
});

describe("what this run made itself, and a new key's first use", () => {
  it('only a Create* that answered counts as born here; "already exists" does not', () => {
    const { p } = clocked();
    p.succeeded('iam', 'CreateUser', { UserName: 'admin' }, {});
    p.failed('iam', 'CreateGroup', { GroupName: 'Administrators' }, awsError('EntityAlreadyExists', 'Group with name Administrators already exists.', 409));
    expect(p.bornAt('user', 'admin')).toBe(1_000_000);
    expect(p.bornAt('group', 'Administrators')).toBeUndefined();
    expect(p.fresh('group', 'Administrators')).toBeDefined();
  });

  it('a key this run made is first used once it is NEW_KEY_FIRST_TRY_MS old; any other key at once', () => {
    const { p, advance } = clocked();
    p.succeeded('iam', 'CreateAccessKey', { UserName: 'admin' }, { AccessKey: { AccessKeyId: 'AKIANEW' } });
    expect(untilKeyUsable(p, 'AKIANEW', 1_000_000)).toBe(NEW_KEY_FIRST_TRY_MS);
    advance(500);
    expect(untilKeyUsable(p, 'AKIANEW', 1_000_500)).toBe(NEW_KEY_FIRST_TRY_MS - 500);
    expect(untilKeyUsable(p, 'AKIANEW', 1_000_000 + NEW_KEY_FIRST_TRY_MS)).toBe(0);
    expect(untilKeyUsable(p, 'AKIAOLD', 1_000_500)).toBe(0);
  });
});
