/** Pure tests: the validators the operator meets, and the key / bucket policy builders. */
import { describe, expect, it } from 'vitest';
import { validateAmount, validateBudgetName, validateEmail } from '../../src/steps/budget/index.js';
import type { Aws } from '../../src/aws/context.js';
import {
  cloudtrailStep,
  defaultBucketName,
  findingFor as cloudtrailFindingFor,
  validateBucketName,
  validateTrailName,
  type TrailFacts,
  type TrailInspection,
} from '../../src/steps/cloudtrail/index.js';
import { validateAlias, type KeyFacts } from '../../src/steps/kms-key/index.js';
import type { Finding, StepContext } from '../../src/steps/types.js';
import {
  BUCKET_SIDS,
  KEY_SIDS,
  bucketPolicyGaps,
  keepsAccountAccess,
  keyPolicyGaps,
  keyPolicyTrailArns,
  logObjectsArn,
  parsePolicy,
  proposeBucketPolicy,
  proposeKeyPolicy,
  samePolicy,
  trailArn,
  type PolicyDocument,
} from '../../src/steps/policies/index.js';

const scope = { partition: 'aws', account: '123456789012' };
const trail = trailArn(scope, 'us-east-1', 'aws-harden');

describe('bucket name validation (S3 rules)', () => {
  it.each([
    ['ab', 'A bucket name is 3 to 63 characters long (this one has 2).'],
    ['a'.repeat(64), 'A bucket name is 3 to 63 characters long (this one has 64).'],
    ['My-Bucket', 'Only lowercase letters, digits, hyphens (-) and dots (.) are allowed.'],
    ['my_bucket', 'Only lowercase letters, digits, hyphens (-) and dots (.) are allowed.'],
    ['-bucket', 'A bucket name starts and ends with a lowercase letter or a digit.'],
    ['bucket.', 'A bucket name starts and ends with a lowercase letter or a digit.'],
    ['my..bucket', 'Two dots in a row are not allowed.'],
    ['192.168.5.4', 'A bucket name must not look like an IP address.'],
    ['xn--bucket', 'Names starting with "xn--" are reserved by S3.'],
    ['sthree-logs', 'Names starting with "sthree-" are reserved by S3.'],
    ['logs-s3alias', 'Names ending in "-s3alias" are reserved by S3.'],
    ['logs--ol-s3', 'Names ending in "--ol-s3" are reserved by S3.'],
  ])('%s → %s', (name, message) => {
    expect(validateBucketName(name)).toBe(message);
  });

  it('accepts good names, including the default', () => {
    for (const name of ['abc', 'my.logs.bucket', 'a'.repeat(63), defaultBucketName('123456789012', 'ap-southeast-2'), '1-logs-2']) {
      expect(validateBucketName(name), name).toBeUndefined();
    }
    expect(defaultBucketName('123456789012', 'us-east-1')).toBe('aws-harden-trail-123456789012-us-east-1');
  });
});

describe('trail name validation', () => {
  it.each([
    ['ab', /3 to 128/],
    ['my trail', /Only letters, digits/],
    ['-trail', /starts and ends with a letter or a digit/],
    ['my-_trail', /may not be next to each other/],
    ['my--trail', /may not be next to each other/],
    ['10.0.0.1', /IP address/],
  ])('%s is refused', (name, message) => {
    expect(validateTrailName(name)).toMatch(message);
  });
  it('accepts aws-harden and Org.Audit_1', () => {
    expect(validateTrailName('aws-harden')).toBeUndefined();
    expect(validateTrailName('Org.Audit_1')).toBeUndefined();
  });
});

describe('alias validation', () => {
  it('refuses what KMS refuses', () => {
    expect(validateAlias('aws-harden')).toBe('An alias starts with "alias/", e.g. alias/aws-harden.');
    expect(validateAlias('alias/')).toBe('After "alias/" come 1 to 250 characters.');
    expect(validateAlias(`alias/${'a'.repeat(251)}`)).toBe('After "alias/" come 1 to 250 characters.');
    expect(validateAlias('alias/my key')).toBe('Only letters, digits, "/", "_" and "-" may follow "alias/".');
    expect(validateAlias('alias/aws/s3')).toBe('Aliases under "alias/aws/" are reserved for AWS managed keys; choose another.');
  });
  it('accepts the default and nested names', () => {
    expect(validateAlias('alias/aws-harden')).toBeUndefined();
    expect(validateAlias('alias/team/logs_2')).toBeUndefined();
    expect(validateAlias(`alias/${'a'.repeat(250)}`)).toBeUndefined();
  });
});

describe('budget answers', () => {
  it('amount: a positive number of dollars', () => {
    for (const bad of ['0', '0.00', '-5', 'abc', '', '10.555', '1e3', '10,50']) expect(validateAmount(bad), bad).toBe('Enter a positive amount in US dollars, e.g. 10 or 25.50.');
    expect(validateAmount('2000000000')).toMatch(/below 1,000,000,000/);
    for (const good of ['10', '25.50', '0.01', ' 100 ']) expect(validateAmount(good), good).toBeUndefined();
  });
  it('e-mail: an address, never empty', () => {
    expect(validateEmail('')).toBe('Enter the e-mail address that should get the budget alerts.');
    for (const bad of ['foo', 'a@b', 'a b@example.com', '@example.com', 'ops@example.', 'ops@@example.com'])
      expect(validateEmail(bad), bad).toBe(`"${bad}" is not an e-mail address (e.g. ops@example.com).`);
    for (const good of ['ops@example.com', 'first.last+aws@sub.example.co.uk']) expect(validateEmail(good), good).toBeUndefined();
  });
  it("name: Budgets' rules", () => {
    expect(validateBudgetName('')).toMatch(/1 to 100/);
    expect(validateBudgetName('a:b')).toMatch(/":"/);
    expect(validateBudgetName('aws-harden-monthly')).toBeUndefined();
  });
});

describe('the key policy', () => {
  it("a fresh policy: the account statement first, then CloudTrail's four (Decrypt for the S3 Bucket Key scoped to the trail)", () => {
    const p = proposeKeyPolicy(undefined, scope, [trail]);
    expect(p.Statement.map((s) => s.Sid)).toEqual([KEY_SIDS.root, KEY_SIDS.encrypt, KEY_SIDS.describe, KEY_SIDS.decrypt, KEY_SIDS.bucketKey]);
    expect(p.Statement[4]).toEqual({
      Sid: KEY_SIDS.bucketKey,
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': trail } },
    });
    expect(keepsAccountAccess(p, scope)).toBe(true);
    expect(keyPolicyTrailArns(p)).toEqual([trail]);
    // A fixed point: proposing on the proposal changes nothing, so a done key proposes no write.
    expect(samePolicy(proposeKeyPolicy(p, scope, [trail]), p)).toBe(true);
    expect(keyPolicyGaps(p, p, scope)).toEqual([]);
  });

  it('keeps foreign statements, and does not add a second account statement when one (by account id) exists', () => {
    const current: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: ['kms:*'], Resource: '*' },
        { Sid: 'Deny deletes', Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ],
    };
    const p = proposeKeyPolicy(current, scope, [trail]);
    expect(p.Statement.slice(0, 2)).toEqual(current.Statement);
    expect(p.Statement.filter((s) => s.Sid === KEY_SIDS.root)).toEqual([]);
    expect(keyPolicyGaps(current, p, scope)).toEqual([`missing "${KEY_SIDS.encrypt}"`, `missing "${KEY_SIDS.describe}"`, `missing "${KEY_SIDS.decrypt}"`, `missing "${KEY_SIDS.bucketKey}"`]);
  });

  it('adds the account statement when the policy would otherwise lock the account out', () => {
    const current: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'OnlyAlice', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 'kms:*', Resource: '*' }],
    };
    expect(keepsAccountAccess(current, scope)).toBe(false);
    const p = proposeKeyPolicy(current, scope, [trail]);
    expect(p.Statement[0]).toEqual({ Sid: KEY_SIDS.root, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' });
    expect(keyPolicyGaps(current, p, scope)[0]).toBe("no statement keeps the account's own access");
    // A conditional grant to root does not count: it can be made false.
    const conditional: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
    };
    expect(keepsAccountAccess(conditional, scope)).toBe(false);
  });

  it('scopes CloudTrail to the trails already named plus the new one, and keeps them', () => {
    const other = trailArn(scope, 'us-east-1', 'org-audit');
    const one = proposeKeyPolicy(undefined, scope, [trail]);
    const two = proposeKeyPolicy(one, scope, [other]);
    expect(keyPolicyTrailArns(two)).toEqual([trail, other]);
    expect(samePolicy(proposeKeyPolicy(two, scope, [trail]), two)).toBe(true);
    expect(samePolicy(one, two)).toBe(false);
  });

  it('compares policies the way AWS may hand them back: order, one-element lists, key order', () => {
    const a = proposeKeyPolicy(undefined, scope, [trail]);
    const b = parsePolicy(
      JSON.stringify({
        Statement: [...a.Statement].reverse().map((s) => ({ ...s, Action: [s.Action as string], Resource: [s.Resource as string] })),
        Version: '2012-10-17',
      }),
    );
    expect(samePolicy(a, b)).toBe(true);
    expect(parsePolicy('not json')).toBeUndefined();
    expect(parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:*"}}')?.Statement).toHaveLength(1);
  });
});

describe('the bucket policy', () => {
  const bucket = { ...scope, bucket: 'logs', keyPrefix: '' };

  it("CloudTrail's two statements scoped by aws:SourceArn, and the deny of plain HTTP", () => {
    const p = proposeBucketPolicy(undefined, bucket, [trail]);
    expect(p.Statement.map((s) => s.Sid)).toEqual([BUCKET_SIDS.aclCheck, BUCKET_SIDS.write, BUCKET_SIDS.tls]);
    expect(p.Statement[1]).toMatchObject({
      Resource: 'arn:aws:s3:::logs/AWSLogs/123456789012/*',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail } },
    });
    expect(bucketPolicyGaps(undefined, p)).toEqual(['no bucket policy']);
    expect(bucketPolicyGaps(p, p)).toEqual([]);
    expect(samePolicy(proposeBucketPolicy(p, bucket, [trail]), p)).toBe(true);
  });

  it('drops Allows for everyone, keeps the rest', () => {
    const keep = { Sid: 'Reader', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::123456789012:role/reader' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' };
    const current: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        keep,
        { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' },
        { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::logs' },
      ],
    };
    const p = proposeBucketPolicy(current, bucket, [trail]);
    expect(p.Statement[0]).toEqual(keep);
    expect(p.Statement).toHaveLength(4);
    expect(bucketPolicyGaps(current, p)[0]).toBe('public Allow for everyone: Public, (no Sid)');
  });

  it('keeps grants for everyone that S3 does not consider public: pinned to an organization, a VPC endpoint, an account', () => {
    const org = {
      Sid: 'OrgRead',
      Effect: 'Allow' as const,
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::logs/*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    };
    const vpce = {
      Sid: 'Vpce',
      Effect: 'Allow' as const,
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::logs/*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    };
    const acct = {
      Sid: 'Acct',
      Effect: 'Allow' as const,
      Principal: '*',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::logs',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:SourceAccount': '111122223333' } },
    };
    const office = { Sid: 'Office', Effect: 'Allow' as const, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    // Still public: a wildcard value, a negated operator, a range that is anyone, a key S3 does not count.
    const wildOrg = { Sid: 'WildOrg', Effect: 'Allow' as const, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } };
    const notVpce = {
      Sid: 'NotVpce',
      Effect: 'Allow' as const,
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::logs/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    };
    const anyone = { Sid: 'Anyone', Effect: 'Allow' as const, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } };
    const tls = { Sid: 'TlsOnlyAllow', Effect: 'Allow' as const, Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    const current: PolicyDocument = { Version: '2012-10-17', Statement: [org, vpce, acct, office, wildOrg, notVpce, anyone, tls] };
    const p = proposeBucketPolicy(current, bucket, [trail]);
    expect(p.Statement.slice(0, 4)).toEqual([org, vpce, acct, office]);
    expect(p.Statement.map((s) => s.Sid)).toEqual(['OrgRead', 'Vpce', 'Acct', 'Office', BUCKET_SIDS.aclCheck, BUCKET_SIDS.write, BUCKET_SIDS.tls]);
    expect(bucketPolicyGaps(current, p)[0]).toBe('public Allow for everyone: WildOrg, NotVpce, Anyone, TlsOnlyAllow');
    // A fixed point: the kept grants are not fought over on the next run.
    expect(bucketPolicyGaps(p, p)).toEqual([]);
  });

  it("writes under the trail's key prefix when it has one", () => {
    expect(logObjectsArn({ ...bucket, keyPrefix: 'audit/' })).toBe('arn:aws:s3:::logs/audit/AWSLogs/123456789012/*');
    expect(logObjectsArn({ ...bucket, partition: 'aws-cn' })).toBe('arn:aws-cn:s3:::logs/AWSLogs/123456789012/*');
  });
});

describe('cloudtrail plans for states the emulator cannot make', () => {
  const ctxIn = (region: string): StepContext => ({
    aws: {} as Aws,
    identity: { account: '123456789012', arn: 'arn:aws:iam::123456789012:root', userId: '123456789012', isRoot: true },
    region,
  });
  const key: KeyFacts = {
    keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
    arn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    state: 'Enabled',
    manager: 'CUSTOMER',
    spec: 'SYMMETRIC_DEFAULT',
    usage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    rotation: true,
    policy: undefined,
  };
  const names = { trail: 'aws-harden', bucket: 'aws-harden-trail-123456789012-eu-west-1', keyAlias: 'alias/aws-harden' };
  const trailFacts = (selectors: TrailFacts['selectors']): TrailFacts => ({
    name: 'aws-harden',
    arn: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/aws-harden',
    homeRegion: 'eu-west-1',
    bucket: names.bucket,
    keyPrefix: '',
    multiRegion: true,
    globalEvents: true,
    logFileValidation: true,
    kmsKeyId: key.arn,
    organization: false,
    logging: true,
    selectors,
  });
  const planFor = (ins: TrailInspection) => {
    const ctx = ctxIn('eu-west-1');
    ins.key = { ...key, policy: proposeKeyPolicy(undefined, scope, [trailArn(scope, 'eu-west-1', 'aws-harden')]) };
    const finding = cloudtrailFindingFor(ctx, ins);
    return cloudtrailStep.plan(ctx, finding, { ...names });
  };

  it('outside us-east-1, CreateBucket names the region', () => {
    const plan = planFor({ names, key: undefined, bucket: { owner: 'missing' }, trail: undefined });
    expect(plan[0]).toMatchObject({ operation: 'CreateBucket', params: { Bucket: names.bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } } });
  });

  it('keeps data-event selectors and adds one for all management events', () => {
    const dataSel = { ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b/'] }] };
    const plan = planFor({ names, key: undefined, bucket: { owner: 'missing' }, trail: trailFacts({ basic: [dataSel], advanced: [] }) });
    expect(plan.find((c) => c.operation === 'PutEventSelectors')?.params).toEqual({
      TrailName: 'aws-harden',
      EventSelectors: [
        { ReadWriteType: 'All', IncludeManagementEvents: true },
        { ...dataSel, IncludeManagementEvents: false },
      ],
    });
  });

  it('adds a management selector to advanced selectors, and accepts one that logs all management events', () => {
    const data = {
      Name: 'S3 writes',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      ],
    };
    const readOnlyMgmt = {
      Name: 'reads',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Management'] },
        { Field: 'readOnly', Equals: ['true'] },
      ],
    };
    const plan = planFor({ names, key: undefined, bucket: { owner: 'missing' }, trail: trailFacts({ basic: [], advanced: [data, readOnlyMgmt] }) });
    expect(plan.find((c) => c.operation === 'PutEventSelectors')?.params).toEqual({
      TrailName: 'aws-harden',
      AdvancedEventSelectors: [data, { Name: 'Management events (aws-harden)', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    });
    const allMgmt = { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
    const fine = planFor({ names, key: undefined, bucket: { owner: 'missing' }, trail: trailFacts({ basic: [], advanced: [data, allMgmt] }) });
    expect(fine.map((c) => c.operation)).not.toContain('PutEventSelectors');
  });

  it('an organization trail seen from a member account covers it: done, and says the member cannot change it', () => {
    const ctx = ctxIn('eu-west-1');
    const orgTrail: TrailFacts = {
      name: 'org-trail',
      arn: 'arn:aws:cloudtrail:us-east-1:999988887777:trail/org-trail',
      homeRegion: 'us-east-1',
      bucket: 'org-central-logs',
      keyPrefix: '',
      multiRegion: true,
      globalEvents: true,
      logFileValidation: false,
      kmsKeyId: undefined,
      organization: true,
      logging: true,
      selectors: { basic: [], advanced: [] },
    };
    const ins: TrailInspection = {
      names,
      key: undefined,
      bucket: { owner: 'missing' },
      trail: undefined,
      coverage: {
        trail: orgTrail,
        otherAccount: true,
        bucketRegion: undefined,
        readOnly: "it is the organization's trail, owned by the management account 999988887777; a member account cannot change it",
      },
    };
    const finding = cloudtrailFindingFor(ctx, ins);
    expect(finding.status).toBe('done');
    expect(finding.summary).toBe(
      "The account is covered by organization trail org-trail (arn:aws:cloudtrail:us-east-1:999988887777:trail/org-trail); it is the organization's trail, owned by the management account 999988887777; a member account cannot change it. " +
        'It falls short of the baseline (log file validation is off, its logs are not encrypted with KMS): only the management account can change that.',
    );
    expect(finding.table?.rows.some((r) => r.changes)).toBe(false);
    expect(cloudtrailStep.plan(ctx, finding as Finding, { coverage: 'existing', keyAlias: names.keyAlias })).toEqual([]);
  });
});
