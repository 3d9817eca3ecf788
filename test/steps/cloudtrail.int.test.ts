import { describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, GetEventSelectorsCommand, GetTrailStatusCommand, PutEventSelectorsCommand, StopLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { findTrail } from '../../src/aws/cloudtrail.js';
import { describeKey } from '../../src/aws/kms.js';
import { getBucketPolicy, getEncryption, getObjectOwnership, getPublicAccessBlock, getVersioning } from '../../src/aws/s3.js';
import { OperatorError } from '../../src/errors.js';
import { cloudtrailStep as step, defaultBucketName, keyPlaceholder, type TrailInspection } from '../../src/steps/cloudtrail/index.js';
import { DEFAULT_KEY_ALIAS, kmsKeyStep } from '../../src/steps/kms-key/index.js';
import { BUCKET_SIDS, KEY_SIDS, keyPolicyTrailArns, parsePolicy } from '../../src/steps/policies/index.js';
import type { Answers, StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { documentedBucketPolicy, mutations, otherAccountS3, resetRecording } from './logging-helpers.js';
import { noOperator } from '../helpers/operator.js';

const em = useEmulator();

function answersFor(ctx: StepContext, over: Answers = {}): Answers {
  return { trail: 'aws-harden', bucket: defaultBucketName(ctx.identity.account, ctx.region), keyAlias: DEFAULT_KEY_ALIAS, ...over };
}

/** What the kms-key step leaves behind (it runs before this step). */
async function withKey(ctx: StepContext): Promise<void> {
  await kmsKeyStep.apply(ctx, await kmsKeyStep.check(ctx), { alias: DEFAULT_KEY_ALIAS }, noOperator());
}

/** The S3 operations as the emulator's recorder names them. */
const S3 = {
  create: 's3:PUT',
  acl: 's3:PUT ?acl',
  ownership: 's3:PUT ?ownershipControls',
  publicAccessBlock: 's3:PUT ?publicAccessBlock',
  versioning: 's3:PUT ?versioning',
  encryption: 's3:PUT ?encryption',
  policy: 's3:PUT ?policy',
};

/** Applies, verifies, re-checks done; then proves that a second check and apply change nothing. */
async function convergeAndProveIdempotent(ctx: StepContext, answers: Answers) {
  const before = await step.check(ctx);
  await resetRecording(em);
  await step.apply(ctx, before, answers, noOperator());
  const made = await mutations(em);
  const verified = await step.verify!(ctx, answers);
  expect(verified.status, verified.summary).toBe('done');
  await resetRecording(em);
  const again = await step.check(ctx);
  expect(again.status, again.summary).toBe('done');
  expect(step.plan(ctx, again, answers)).toEqual([]);
  await step.apply(ctx, again, answers, noOperator());
  expect(await mutations(em)).toEqual([]);
  return { before, made };
}

async function ct(ctx: StepContext) {
  return ctx.aws.client('cloudtrail');
}

describe('cloudtrail against the emulator', () => {
  it('makes the private bucket, applies the policies before the trail, starts logging; a re-run changes nothing', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const answers = answersFor(ctx);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/bucket aws-harden-trail-\d{12}-us-east-1 does not exist; trail aws-harden does not exist/i);
    // A sentence (issue 10, defect 11): capitalised, however its first problem reads.
    expect(before.summary).toMatch(/^[A-Z]/);
    const plan = step.plan(ctx, before, answers);
    expect(plan.map((c) => `${c.service}:${c.operation}`)).toEqual([
      's3:CreateBucket',
      's3:PutPublicAccessBlock',
      's3:PutBucketVersioning',
      's3:PutBucketEncryption',
      's3:PutBucketPolicy',
      'cloudtrail:CreateTrail',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:StartLogging',
    ]);

    const { made } = await convergeAndProveIdempotent(ctx, answers);
    // The bucket and its policy exist before the trail is created.
    expect(made).toEqual([S3.create, S3.publicAccessBlock, S3.versioning, S3.encryption, S3.policy, 'cloudtrail:CreateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging']);

    const acct = ctx.identity.account;
    const bucket = answers.bucket!;
    const key = await describeKey(ctx.aws, DEFAULT_KEY_ALIAS);
    const trail = await findTrail(ctx.aws, 'aws-harden', ctx.region);
    expect(trail).toMatchObject({ bucket, multiRegion: true, globalEvents: true, logFileValidation: true, kmsKeyId: key!.arn, homeRegion: 'us-east-1' });
    expect((await (await ct(ctx)).send(new GetTrailStatusCommand({ Name: 'aws-harden' }))).IsLogging).toBe(true);
    expect((await (await ct(ctx)).send(new GetEventSelectorsCommand({ TrailName: 'aws-harden' }))).EventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true }]);

    expect(await getPublicAccessBlock(ctx.aws, bucket)).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(await getObjectOwnership(ctx.aws, bucket)).toBe('BucketOwnerEnforced');
    expect(await getVersioning(ctx.aws, bucket)).toBe('Enabled');
    expect(await getEncryption(ctx.aws, bucket)).toEqual({ algorithm: 'aws:kms', kmsKeyId: key!.arn, bucketKey: true });
    const policy = parsePolicy(await getBucketPolicy(ctx.aws, bucket));
    const trailArn = `arn:aws:cloudtrail:us-east-1:${acct}:trail/aws-harden`;
    expect(policy?.Statement.find((s) => s.Sid === BUCKET_SIDS.aclCheck)).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    });
    expect(policy?.Statement.find((s) => s.Sid === BUCKET_SIDS.write)).toMatchObject({
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/AWSLogs/${acct}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    });
    expect(policy?.Statement.find((s) => s.Sid === BUCKET_SIDS.tls)).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('without the KMS key: todo with a placeholder in the plan; apply stops before changing anything', async () => {
    const ctx = await emulatorContext(em);
    const answers = answersFor(ctx);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/the KMS key alias\/aws-harden does not exist yet \(the kms-key step makes it first\)/i);
    const plan = step.plan(ctx, before, answers);
    const create = plan.find((c) => c.operation === 'CreateTrail');
    expect(create?.params.KmsKeyId).toBe(keyPlaceholder(DEFAULT_KEY_ALIAS));
    expect(plan.find((c) => c.operation === 'PutBucketPolicy')?.params.Policy).toMatch(/^\{"Version":"2012-10-17"/);
    // The default trail name is already in the policy the kms-key step will write: no key-policy call.
    expect(plan.map((c) => c.operation)).not.toContain('PutKeyPolicy');
    // Another trail name needs its ARN in the key policy: planned against the key the kms-key step will make.
    const renamed = step.plan(ctx, before, { ...answers, trail: 'org-audit' });
    expect(renamed[0]).toMatchObject({ service: 'kms', operation: 'PutKeyPolicy', params: { KeyId: keyPlaceholder(DEFAULT_KEY_ALIAS) } });

    await resetRecording(em);
    const err = await step.apply(ctx, before, answers, noOperator()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorError);
    expect((err as OperatorError).message).toBe("The KMS key alias/aws-harden does not exist, so the trail's logs cannot be encrypted with it.");
    expect((err as OperatorError).remedy).toMatch(/Run the kms-key step first/);
    expect(await mutations(em)).toEqual([]);
  });

  it('fixes an existing public, unencrypted bucket of ours without a CloudTrail policy, and shows what changes', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const answers = answersFor(ctx);
    const bucket = answers.bucket!;
    const s3 = await ctx.aws.client('s3');
    // The pre-2023 kind of bucket: ACLs on and public-read, no Block Public Access, no encryption, a public policy.
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ACL: 'public-read' }));
    const theirs = { Sid: 'KeepMe', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${ctx.identity.account}:role/reader` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` };
    const publicRead = { Sid: 'PublicRead', Effect: 'Allow' as const, Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` };
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [theirs, publicRead] }) }));

    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(
      /bucket aws-harden-trail-\S+: block public access not set, ACLs enabled \(ObjectWriter\), versioning off, default encryption none \/ SSE-S3, bucket policy public Allow for everyone: PublicRead/i,
    );
    const row = (label: string) => before.table?.rows.find((r) => r.label === label);
    expect(row('block public access')).toMatchObject({ current: 'not set', proposed: 'all 4 on', changes: true });
    expect(row('ACLs')).toMatchObject({ current: 'enabled (ObjectWriter)', proposed: 'disabled', changes: true });
    expect(row('default encryption')).toMatchObject({ current: 'none / SSE-S3', proposed: 'SSE-KMS alias/aws-harden', changes: true });

    const { made } = await convergeAndProveIdempotent(ctx, answers);
    // The public ACL is made private first: S3 refuses to disable ACLs while one grants access.
    expect(made.slice(0, 6)).toEqual([S3.acl, S3.ownership, S3.publicAccessBlock, S3.versioning, S3.encryption, S3.policy]);
    const policy = parsePolicy(await getBucketPolicy(ctx.aws, bucket));
    expect(policy?.Statement).toContainEqual(theirs);
    expect(policy?.Statement.map((s) => s.Sid)).not.toContain('PublicRead');
  });

  it('converges drift one thing at a time, with only the call each needs: no bucket policy, not logging, KMS removed', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const answers = answersFor(ctx);
    await step.apply(ctx, await step.check(ctx), answers, noOperator());

    const { DeleteBucketPolicyCommand } = await import('@aws-sdk/client-s3');
    await (await ctx.aws.client('s3')).send(new DeleteBucketPolicyCommand({ Bucket: answers.bucket! }));
    let before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/bucket policy no bucket policy/);
    expect((await convergeAndProveIdempotent(ctx, answers)).made).toEqual([S3.policy]);

    await (await ct(ctx)).send(new StopLoggingCommand({ Name: 'aws-harden' }));
    before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/trail aws-harden: logging no/i);
    expect((await convergeAndProveIdempotent(ctx, answers)).made).toEqual(['cloudtrail:StartLogging']);

    await (await ct(ctx)).send(new UpdateTrailCommand({ Name: 'aws-harden', KmsKeyId: '' }));
    before = await step.check(ctx);
    expect(before.table?.rows.find((r) => r.label === 'trail encryption')).toMatchObject({ current: 'SSE-S3', proposed: DEFAULT_KEY_ALIAS, changes: true });
    expect((await convergeAndProveIdempotent(ctx, answers)).made).toEqual(['cloudtrail:UpdateTrail']);
  });

  it('updates a trail with our name and weaker settings, showing the diff; keeps the bucket it already writes to', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    // A single-region trail without validation or KMS, logging read-only events, into a bucket of ours.
    await (await ctx.aws.client('s3')).send(new CreateBucketCommand({ Bucket: 'old-trail-logs' }));
    const acct = ctx.identity.account;
    await (
      await ctx.aws.client('s3')
    ).send(new PutBucketPolicyCommand({ Bucket: 'old-trail-logs', Policy: documentedBucketPolicy('old-trail-logs', acct, `arn:aws:cloudtrail:us-east-1:${acct}:trail/aws-harden`) }));
    await (await ct(ctx)).send(new CreateTrailCommand({ Name: 'aws-harden', S3BucketName: 'old-trail-logs' }));
    await (await ct(ctx)).send(new PutEventSelectorsCommand({ TrailName: 'aws-harden', EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] }));

    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect((before.data as TrailInspection).names.bucket).toBe('old-trail-logs');
    expect(before.summary).toMatch(/trail aws-harden: all regions no, log file validation no, trail encryption SSE-S3, management events read-only, logging no/);
    const changed = before.table?.rows.filter((r) => r.changes).map((r) => r.label);
    expect(changed).toEqual(expect.arrayContaining(['all regions', 'log file validation', 'trail encryption', 'management events', 'logging']));
    expect(changed).not.toContain('trail bucket');

    const answers = answersFor(ctx, { bucket: 'old-trail-logs' });
    const plan = step.plan(ctx, before, answers);
    const key = await describeKey(ctx.aws, DEFAULT_KEY_ALIAS);
    // Only what falls short is sent.
    expect(plan.find((c) => c.operation === 'UpdateTrail')?.params).toEqual({ Name: 'aws-harden', IsMultiRegionTrail: true, EnableLogFileValidation: true, KmsKeyId: key!.arn });
    expect(plan.find((c) => c.operation === 'PutEventSelectors')?.params).toEqual({ TrailName: 'aws-harden', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
    const { made } = await convergeAndProveIdempotent(ctx, answers);
    expect(made.slice(-3)).toEqual(['cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging']);
    expect(made).not.toContain('cloudtrail:CreateTrail');
    expect(await findTrail(ctx.aws, 'aws-harden', ctx.region)).toMatchObject({ bucket: 'old-trail-logs', multiRegion: true, logFileValidation: true, kmsKeyId: key!.arn });
  });

  it('with another trail name, adds that trail to the key policy before creating it', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const answers = answersFor(ctx, { trail: 'org-audit' });
    const before = await step.check(ctx);
    await resetRecording(em);
    await step.apply(ctx, before, answers, noOperator());
    const made = await mutations(em);
    expect(made[0]).toBe('kms:PutKeyPolicy');
    expect(made.indexOf('kms:PutKeyPolicy')).toBeLessThan(made.indexOf('cloudtrail:CreateTrail'));
    expect((await step.verify!(ctx, answers)).status).toBe('done');
    const key = await describeKey(ctx.aws, DEFAULT_KEY_ALIAS);
    const { GetKeyPolicyCommand } = await import('@aws-sdk/client-kms');
    const policy = parsePolicy((await (await ctx.aws.client('kms')).send(new GetKeyPolicyCommand({ KeyId: key!.keyId, PolicyName: 'default' }))).Policy);
    const acct = ctx.identity.account;
    expect(keyPolicyTrailArns(policy)).toEqual([`arn:aws:cloudtrail:us-east-1:${acct}:trail/aws-harden`, `arn:aws:cloudtrail:us-east-1:${acct}:trail/org-audit`]);
    expect(policy?.Statement.map((s) => s.Sid)).toEqual(Object.values(KEY_SIDS));
    // The kms-key step still sees its key as done: the extra trail is kept, not fought over.
    expect((await kmsKeyStep.check(ctx)).status).toBe('done');
  });

  it('a bucket name owned by another account: says so, proposes another name, and apply stops before any change', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const answers = answersFor(ctx);
    await otherAccountS3(em, '111122223333').send(new CreateBucketCommand({ Bucket: answers.bucket! }));

    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain(`Bucket name ${answers.bucket} belongs to another account: pick another, e.g. ${answers.bucket}-`);
    const bucketQuestion = step.questions!(ctx, before).find((q) => q.id === 'bucket');
    const suggestion = bucketQuestion?.default ?? '';
    expect(suggestion).toMatch(new RegExp(`^${answers.bucket}-[0-9a-f]{6}$`));
    expect(bucketQuestion?.help).toMatch(/belongs to another AWS account/);

    await resetRecording(em);
    const err = await step.apply(ctx, before, answers, noOperator()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorError);
    expect((err as OperatorError).message).toBe(`The S3 bucket name "${answers.bucket}" belongs to another AWS account (bucket names are global).`);
    expect((err as OperatorError).remedy).toMatch(/answer another bucket name, e\.g\. "aws-harden-trail-.*"/);
    expect(await mutations(em)).toEqual([]);

    // With the proposed name it goes through.
    await step.apply(ctx, before, { ...answers, bucket: suggestion }, noOperator());
    expect((await step.verify!(ctx, { ...answers, bucket: suggestion })).status).toBe('done');
  });

  it('a trail of that name whose home is another region is blocked with the region to use', async () => {
    const ctx = await emulatorContext(em);
    const west = new CloudTrailClient({ endpoint: em.endpoint, region: 'us-west-2', credentials: em.rootCredentials });
    await (await ctx.aws.client('s3')).send(new CreateBucketCommand({ Bucket: 'west-logs' }));
    const acct = ctx.identity.account;
    await (
      await ctx.aws.client('s3')
    ).send(new PutBucketPolicyCommand({ Bucket: 'west-logs', Policy: documentedBucketPolicy('west-logs', acct, `arn:aws:cloudtrail:us-west-2:${acct}:trail/aws-harden`) }));
    await west.send(new CreateTrailCommand({ Name: 'aws-harden', S3BucketName: 'west-logs', IsMultiRegionTrail: true }));
    west.destroy();
    const before = await step.check(ctx);
    expect(before.status).toBe('blocked');
    expect(before.summary).toBe('Trail aws-harden belongs to region us-west-2; run aws-harden with --region us-west-2 to manage it.');
  });
});
