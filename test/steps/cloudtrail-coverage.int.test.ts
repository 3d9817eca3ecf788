/**
 * Existing coverage, the key's region, and the bucket-policy merge, on the strict sandbox: each of these
 * went wrong before (a second, paid trail next to one that already covered the account; a key in
 * another region than the bucket refused by CloudTrail after the bucket was changed; grants S3 does not
 * call public dropped from the bucket policy).
 */
import { describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { runChecks } from '../../src/engine/audit.js';
import { describeTrails, findTrail } from '../../src/aws/cloudtrail.js';
import { describeKey } from '../../src/aws/kms.js';
import { getBucketPolicy } from '../../src/aws/s3.js';
import { OperatorError } from '../../src/errors.js';
import { cloudtrailStep as step, defaultBucketName } from '../../src/steps/cloudtrail/index.js';
import { DEFAULT_KEY_ALIAS, kmsKeyStep } from '../../src/steps/kms-key/index.js';
import { keyPolicyTrailArns, parsePolicy } from '../../src/steps/policies/index.js';
import type { Answers, StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { documentedBucketPolicy, mutations, resetRecording } from './logging-helpers.js';
import { noOperator } from '../helpers/operator.js';

const em = useEmulator();

async function withKey(ctx: StepContext): Promise<void> {
  await kmsKeyStep.apply(ctx, await kmsKeyStep.check(ctx), { alias: DEFAULT_KEY_ALIAS }, noOperator());
}

/** A multi-region trail made in the console: its bucket with the policy the console writes, all management events, logging; no validation, no KMS. */
async function consoleTrail(ctx: StepContext, name = 'console-trail', bucket = 'console-trail-logs'): Promise<string> {
  const opts = { endpoint: em.endpoint, region: 'us-east-1', credentials: em.rootCredentials };
  const s3 = new S3Client({ ...opts, forcePathStyle: true });
  const ct = new CloudTrailClient(opts);
  const arn = `arn:aws:cloudtrail:us-east-1:${ctx.identity.account}:trail/${name}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: documentedBucketPolicy(bucket, ctx.identity.account, arn) }));
  await ct.send(new CreateTrailCommand({ Name: name, S3BucketName: bucket, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true }));
  // AWS gives a new trail this selector; the emulator gives none (moto/cloudtrail/models.py Trail.event_selectors).
  await ct.send(new PutEventSelectorsCommand({ TrailName: name, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
  await ct.send(new StartLoggingCommand({ Name: name }));
  return arn;
}

function defaults(ctx: StepContext, finding: Awaited<ReturnType<typeof step.check>>): Answers {
  return Object.fromEntries((step.questions?.(ctx, finding) ?? []).map((q) => [q.id, q.default]));
}

describe('existing coverage', () => {
  it('a console trail that covers the account is brought up to the baseline (validation, KMS), not doubled by a second trail', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const arn = await consoleTrail(ctx);

    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toBe(
      'Trail console-trail already covers the account (every region, all management events), but log file validation is off and its logs are not encrypted with KMS: aws-harden can bring it up to the baseline instead of making a second, paid trail.',
    );
    const changed = before.table?.rows.filter((r) => r.changes).map((r) => [r.label, r.current, r.proposed]);
    expect(changed).toEqual([
      ['log file validation', 'no', 'yes'],
      ['trail encryption', 'SSE-S3', DEFAULT_KEY_ALIAS],
    ]);
    const questions = step.questions!(ctx, before);
    expect(questions[0]).toMatchObject({ kind: 'choice', id: 'coverage', default: 'existing', prompt: 'Trail console-trail already logs this account' });

    const answers = defaults(ctx, before);
    const key = await describeKey(ctx.aws, DEFAULT_KEY_ALIAS);
    const plan = step.plan(ctx, before, answers);
    expect(plan.map((c) => `${c.service}:${c.operation}`)).toEqual(['kms:PutKeyPolicy', 'cloudtrail:UpdateTrail']);
    expect(plan[1]?.params).toEqual({ Name: 'console-trail', EnableLogFileValidation: true, KmsKeyId: key!.arn });

    await resetRecording(em);
    await step.apply(ctx, before, answers, noOperator());
    // What the screen promised, and nothing else: no bucket, no second trail.
    expect(await mutations(em)).toEqual(['kms:PutKeyPolicy', 'cloudtrail:UpdateTrail']);
    expect((await describeTrails(ctx.aws, ctx.region)).map((t) => t.name)).toEqual(['console-trail']);
    expect(await findTrail(ctx.aws, 'console-trail', ctx.region)).toMatchObject({ logFileValidation: true, kmsKeyId: key!.arn });

    const after = await step.verify!(ctx, answers);
    expect(after.status, after.summary).toBe('done');
    expect(after.summary).toMatch(/^Trail console-trail \(not made by aws-harden\) covers the account/);
    expect(step.plan(ctx, after, answers)).toEqual([]);
    // audit is green for a covered account, and the kms-key step keeps the extra trail in its key policy.
    const checks = await runChecks(ctx, [kmsKeyStep, step]);
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['kms-key', 'pass'],
      ['cloudtrail', 'pass'],
    ]);
    const policy = parsePolicy((await (await ctx.aws.client('kms')).send(new (await import('@aws-sdk/client-kms')).GetKeyPolicyCommand({ KeyId: key!.keyId, PolicyName: 'default' }))).Policy);
    expect(keyPolicyTrailArns(policy)).toContain(arn);
  });

  it("the operator may still choose aws-harden's own trail: the plan says so and makes it", async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    await consoleTrail(ctx);
    const before = await step.check(ctx);
    const answers = { ...defaults(ctx, before), coverage: 'new' };
    expect(step.plan(ctx, before, answers).map((c) => c.operation)).toContain('CreateTrail');
    await step.apply(ctx, before, answers, noOperator());
    expect((await step.verify!(ctx, answers)).status).toBe('done');
    expect((await describeTrails(ctx.aws, ctx.region)).map((t) => t.name).sort()).toEqual(['aws-harden', 'console-trail']);
  });
});

describe('the key region against the bucket region', () => {
  it('a log bucket in another region than the key: a clear operator error before any change (CloudTrail would refuse the trail after the bucket was changed)', async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const west = new S3Client({ endpoint: em.endpoint, region: 'us-west-2', credentials: em.rootCredentials, forcePathStyle: true });
    await west.send(new CreateBucketCommand({ Bucket: 'west-trail-logs', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }));
    const answers = { trail: 'aws-harden', bucket: 'west-trail-logs', keyAlias: DEFAULT_KEY_ALIAS };
    ctx.answersOf = (id) => (id === 'cloudtrail' ? answers : undefined);

    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain("The KMS key alias/aws-harden is in us-east-1, but the log bucket west-trail-logs is in us-west-2; CloudTrail needs the key in the bucket's region");
    await resetRecording(em);
    const err = await step.apply(ctx, before, answers, noOperator()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorError);
    expect((err as OperatorError).remedy).toBe('Answer a log bucket in us-east-1, or run aws-harden with --region us-west-2 so the kms-key step makes a key there.');
    expect(await mutations(em)).toEqual([]);
  });
});

describe('the bucket-policy merge', () => {
  it("keeps an organization-wide or VPC-endpoint grant (not public to S3) while adding CloudTrail's statements", async () => {
    const ctx = await emulatorContext(em);
    await withKey(ctx);
    const bucket = defaultBucketName(ctx.identity.account, ctx.region);
    const s3 = await ctx.aws.client('s3');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const org = {
      Sid: 'OrgAuditors',
      Effect: 'Allow' as const,
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    };
    const vpce = {
      Sid: 'FromVpce',
      Effect: 'Allow' as const,
      Principal: '*',
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [org, vpce] }) }));

    const before = await step.check(ctx);
    expect(before.table?.rows.find((r) => r.label === 'bucket policy')?.current).not.toMatch(/public/);
    const answers = { trail: 'aws-harden', bucket, keyAlias: DEFAULT_KEY_ALIAS };
    await step.apply(ctx, before, answers, noOperator());
    expect((await step.verify!(ctx, answers)).status).toBe('done');
    const policy = parsePolicy(await getBucketPolicy(ctx.aws, bucket));
    expect(policy?.Statement.slice(0, 2)).toEqual([org, vpce]);
  });
});
