import { describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutBucketLoggingCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { getBucketLogging, getBucketPolicy, getEncryption, getObjectOwnership, getPublicAccessBlock, getVersioning } from '../../src/aws/s3.js';
import { OperatorError } from '../../src/errors.js';
import { ACCESS_LOG_SIDS, parsePolicy } from '../../src/steps/policies/index.js';
import { defaultLogBucketName, trailBucketLoggingStep as step, type LoggingInspection } from '../../src/steps/trail-bucket-logging/index.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { mutations, otherAccountS3, resetRecording } from './logging-helpers.js';
import { withTrail } from './trail-setup.js';

const em = useEmulator();

describe('trail-bucket-logging against the emulator', () => {
  it('makes the locked-down log bucket, then turns on logging with exactly the planned calls; a re-run plans nothing', async () => {
    const ctx = await emulatorContext(em);
    const { bucket: source } = await withTrail(ctx);
    const target = defaultLogBucketName(source);
    expect(target).toBe(`${source}-access-logs`);
    const before = await step.check(ctx);
    expect(before.status, before.summary).toBe('todo');
    expect(before.summary).toBe(`Log bucket ${target} does not exist; access logging of trail bucket ${source} is off.`);
    const plan = step.plan(ctx, before, {});
    expect(plan.map((c) => `${c.service}:${c.operation}`)).toEqual([
      's3:CreateBucket',
      's3:PutPublicAccessBlock',
      's3:PutBucketVersioning',
      's3:PutBucketEncryption',
      's3:PutBucketPolicy',
      's3:PutBucketLogging',
    ]);
    expect(plan.at(-1)?.params).toEqual({ Bucket: source, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: `${source}/` } } });

    await resetRecording(em);
    await step.apply(ctx, before, {}, noOperator());
    expect(await mutations(em)).toEqual(['s3:PUT', 's3:PUT ?publicAccessBlock', 's3:PUT ?versioning', 's3:PUT ?encryption', 's3:PUT ?policy', 's3:PUT ?logging']);

    const verified = await step.verify!(ctx, {});
    expect(verified.status, verified.summary).toBe('done');
    expect(verified.summary).toBe(`Every request to trail bucket ${source} is logged into private bucket ${target}.`);
    expect(await getBucketLogging(ctx.aws, source)).toEqual({ targetBucket: target, targetPrefix: `${source}/` });
    expect(await getPublicAccessBlock(ctx.aws, target)).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(await getObjectOwnership(ctx.aws, target)).toBe('BucketOwnerEnforced');
    expect(await getVersioning(ctx.aws, target)).toBe('Enabled');
    expect(await getEncryption(ctx.aws, target)).toEqual({ algorithm: 'AES256', kmsKeyId: undefined, bucketKey: false });
    const policy = parsePolicy(await getBucketPolicy(ctx.aws, target));
    expect(policy?.Statement.find((s) => s.Sid === ACCESS_LOG_SIDS.write)).toEqual({
      Sid: 'S3ServerAccessLogsPolicy',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: ['s3:PutObject'],
      Resource: `arn:aws:s3:::${target}/${source}/*`,
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${source}` }, StringEquals: { 'aws:SourceAccount': ctx.identity.account } },
    });
    expect(policy?.Statement.find((s) => s.Sid === ACCESS_LOG_SIDS.tls)).toMatchObject({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });

    await resetRecording(em);
    const again = await step.check(ctx);
    expect(again.status).toBe('done');
    expect(step.plan(ctx, again, {})).toEqual([]);
    await step.apply(ctx, again, {}, noOperator());
    expect(await mutations(em)).toEqual([]);
  });

  it('before the trail exists: blocked, waiting for the cloudtrail step, with the whole plan for a preview', async () => {
    const ctx = await emulatorContext(em);
    const finding = await step.check(ctx);
    expect(finding.status).toBe('blocked');
    expect(finding.waitsFor?.step).toBe('cloudtrail');
    expect(step.plan(ctx, finding, {}).map((c) => c.operation)).toEqual(['CreateBucket', 'PutPublicAccessBlock', 'PutBucketVersioning', 'PutBucketEncryption', 'PutBucketPolicy', 'PutBucketLogging']);
    await resetRecording(em);
    const err = await step.apply(ctx, finding, {}, noOperator()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorError);
    expect((err as OperatorError).message).toMatch(/^The trail bucket aws-harden-trail-\d{12}-us-east-1 does not exist\.$/);
    expect(await mutations(em)).toEqual([]);
  });

  it('a log bucket of this account in another region: S3 would refuse it (CrossLocationLoggingProhibitted), so apply stops before any change', async () => {
    const ctx = await emulatorContext(em);
    await withTrail(ctx);
    const s3 = await ctx.aws.client('s3');
    await s3.send(new CreateBucketCommand({ Bucket: 'elsewhere-logs', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const finding = await step.recheck!(ctx, await step.check(ctx), { bucket: 'elsewhere-logs' });
    expect(finding.status).toBe('todo');
    expect(finding.summary).toMatch(/The log bucket elsewhere-logs is in eu-west-1, the trail bucket in us-east-1; S3 delivers access logs only within one region/);
    await resetRecording(em);
    const err = await step.apply(ctx, finding, { bucket: 'elsewhere-logs' }, noOperator()).catch((e: unknown) => e);
    expect((err as OperatorError).message).toMatch(/only within one region/);
    expect(await mutations(em)).toEqual([]);
  });

  it('a log bucket name another account has: said with a free name to answer, nothing changed', async () => {
    const ctx = await emulatorContext(em);
    const { bucket: source } = await withTrail(ctx);
    await otherAccountS3(em, '210987654321').send(new CreateBucketCommand({ Bucket: defaultLogBucketName(source) }));
    const finding = await step.check(ctx);
    const data = finding.data as LoggingInspection | undefined;
    expect(finding.status).toBe('todo');
    expect(data?.suggestion).toMatch(/^aws-harden-trail-\d{12}-us-east-1-access-logs?-[0-9a-f]{6}$/);
    expect(step.questions!(ctx, finding)[0]).toMatchObject({ id: 'bucket', default: data?.suggestion });
    await resetRecording(em);
    const err = await step.apply(ctx, finding, {}, noOperator()).catch((e: unknown) => e);
    expect((err as OperatorError).message).toMatch(/belongs to another AWS account/);
    expect(await mutations(em)).toEqual([]);
  });

  it('a trail bucket that already logs into a bucket of the operator: kept, done, nothing planned', async () => {
    const ctx = await emulatorContext(em);
    const { bucket: source } = await withTrail(ctx);
    const s3 = await ctx.aws.client('s3');
    await s3.send(new CreateBucketCommand({ Bucket: 'central-logs' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::central-logs/*' }],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'central-logs', Policy: JSON.stringify(policy) }));
    await s3.send(new PutBucketLoggingCommand({ Bucket: source, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'central-logs', TargetPrefix: 'trail/' } } }));
    const finding = await step.check(ctx);
    expect(finding.status).toBe('done');
    expect(finding.summary).toBe(`Every request to trail bucket ${source} is already logged, into central-logs (kept as it is).`);
    expect(step.plan(ctx, finding, {})).toEqual([]);
  });
});
