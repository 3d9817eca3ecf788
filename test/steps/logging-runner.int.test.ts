/**
 * The kms-key, cloudtrail and budget steps driven by the real Runner, headless, against the emulator:
 * dry-run, --yes with and without the budget's e-mail, a re-run, and AccessDenied from IAM.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { Journal } from '../../src/engine/journal.js';
import type { RunOptions } from '../../src/engine/runner.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { budgetStep } from '../../src/steps/budget/index.js';
import { cloudtrailStep } from '../../src/steps/cloudtrail/index.js';
import { DEFAULT_KEY_ALIAS, kmsKeyStep } from '../../src/steps/kms-key/index.js';
import { KEY_SIDS, BUCKET_SIDS, policyText, proposeKeyPolicy, trailArn } from '../../src/steps/policies/index.js';
import type { Step, StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { runHeadless } from '../helpers/headless.js';
import { describeRecorded, recordedRequests, startAuthorizingSandbox, useEmulator } from '../helpers/emulator.js';
import { mutations, resetRecording } from './logging-helpers.js';
import { noOperator } from '../helpers/operator.js';

const LOGGING_STEPS: readonly Step[] = [kmsKeyStep, cloudtrailStep, budgetStep];
const EMAIL = { budget: { email: 'ops@example.com' } };

function journalFor(ctx: StepContext, writable: boolean) {
  const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'logging-runner-')) };
  return Journal.open(ctx.identity.account, { env, writable });
}

async function run(ctx: StepContext, journal: Journal, opts: RunOptions) {
  // As src/app.ts wires it: a step reads earlier answers, --config first, then the journal.
  ctx.answersOf = (id) => {
    const merged = { ...journal.answers(id), ...opts.presets[id] };
    return Object.keys(merged).length ? merged : undefined;
  };
  const { result, lines, state } = await runHeadless(ctx, LOGGING_STEPS, journal, opts);
  const status = Object.fromEntries(state.steps.map((s) => [s.id, s.status]));
  return { result, lines, text: lines.join('\n'), state, status };
}

describe('the logging steps and --config', () => {
  it("a bad address in --config is refused by the step's validator", () => {
    expect(budgetStep.configKeys?.email?.('not-an-address')).toBe('"not-an-address" is not an e-mail address (e.g. ops@example.com).');
    expect(budgetStep.configKeys?.amount?.('0')).toMatch(/positive amount/);
    expect(cloudtrailStep.configKeys?.bucket?.('My_Bucket')).toMatch(/lowercase/);
    expect(kmsKeyStep.configKeys?.alias?.('alias/aws/s3')).toMatch(/reserved/);
  });
});

describe('the logging steps through the runner, against the emulator', () => {
  const em = useEmulator();

  it('dry-run previews all three with the policies as formatted JSON, and no mutating request arrives', async () => {
    const ctx = await emulatorContext(em, { dryRun: true });
    const { result, text, status } = await run(ctx, journalFor(ctx, false), { dryRun: true, presets: EMAIL });
    expect(result).toEqual({ outcome: 'previewed' });
    expect(status).toEqual({ 'kms-key': 'previewed', cloudtrail: 'previewed', budget: 'previewed' });
    expect(text).toContain('would call kms:CreateKey');
    expect(text).toContain('would call s3:PutBucketPolicy');
    expect(text).toContain('would call cloudtrail:CreateTrail');
    expect(text).toContain('would call budgets:CreateBudget');
    // Policies are shown expanded, indented as JSON, not as escaped strings.
    expect(text).toMatch(/"Policy": \{\n\s+"Version": "2012-10-17",/);
    expect(text).toContain(`"Sid": "${KEY_SIDS.encrypt}"`);
    expect(text).toContain(`"Sid": "${BUCKET_SIDS.write}"`);
    expect(text).toContain('"aws:SecureTransport": "false"');
    expect(text).toContain('"KmsKeyId": "<KeyArn of alias/aws-harden>"');
    expect(text).not.toContain('\\"Statement\\"');

    const requests = await recordedRequests(em);
    expect(requests.map(describeRecorded)).toEqual(expect.arrayContaining(['kms:DescribeKey', 'cloudtrail:DescribeTrails', 's3:GET ?prefix', 's3:HEAD', 'budgets:DescribeBudget']));
    expect(await mutations(em)).toEqual([]);
    expect(ctx.aws.recorder.count('mutate')).toBe(0);
  });

  it('--yes with non-default names from --config: the key alias reaches the trail, and a re-run with only the journal changes nothing', async () => {
    const ctx = await emulatorContext(em);
    const journal = journalFor(ctx, true);
    const presets = {
      'kms-key': { alias: 'alias/team/trail-key' },
      cloudtrail: { trail: 'org-audit', bucket: 'org-audit-logs-bucket' },
      budget: { name: 'team-monthly', amount: '40', email: 'ops@example.com' },
    };
    const first = await run(ctx, journal, { dryRun: false, headless: true, presets });
    expect(first.result).toEqual({ outcome: 'hardened' });
    // The key policy named the configured trail from the start: the cloudtrail step had no key policy to fix.
    expect(await mutations(em)).not.toContain('kms:PutKeyPolicy');
    const { findTrail } = await import('../../src/aws/cloudtrail.js');
    const { describeKey } = await import('../../src/aws/kms.js');
    expect((await findTrail(ctx.aws, 'org-audit', ctx.region))?.kmsKeyId).toBe((await describeKey(ctx.aws, 'alias/team/trail-key'))?.arn);

    await resetRecording(em);
    const second = await run(ctx, journal, { dryRun: false, headless: true, presets: {} });
    expect(second.result).toEqual({ outcome: 'hardened' });
    expect(second.text).toMatch(/✓ cloudtrail\s+done\s+Trail org-audit logs all management events .* encrypted with alias\/team\/trail-key, into private bucket org-audit-logs-bucket\./);
    expect(await mutations(em)).toEqual([]);
  });

  it('--yes without an e-mail skips the budget with the reason; with it, only the budget is made; a third run changes nothing', async () => {
    const ctx = await emulatorContext(em);
    const journal = journalFor(ctx, true);
    const first = await run(ctx, journal, { dryRun: false, headless: true, presets: {} });
    expect(first.result).toEqual({ outcome: 'incomplete' });
    expect(first.status).toEqual({ 'kms-key': 'done', cloudtrail: 'done', budget: 'skipped' });
    expect(first.text).toMatch(
      /– budget\s+skipped\s+no usable answer for email \(Enter the e-mail address that should get the budget alerts\); put \{"budget": \{"email": "…"\}\} in a JSON file and pass it with --config FILE$/m,
    );

    await resetRecording(em);
    const second = await run(ctx, journal, { dryRun: false, headless: true, presets: EMAIL });
    expect(second.result).toEqual({ outcome: 'hardened' });
    expect(second.status).toEqual({ 'kms-key': 'done', cloudtrail: 'done', budget: 'done' });
    expect(await mutations(em)).toEqual(['budgets:CreateBudget']);

    await resetRecording(em);
    const third = await run(ctx, journal, { dryRun: false, headless: true, presets: EMAIL });
    expect(third.result).toEqual({ outcome: 'hardened' });
    expect(await mutations(em)).toEqual([]);
  });
});

describe('AccessDenied from IAM (moto with authorization on)', () => {
  let sb: Sandbox;
  let reader: { accessKeyId: string; secretAccessKey: string };
  beforeAll(async () => {
    // Three more unauthenticated actions: the key the kms-key step would have made, made here.
    ({ sandbox: sb, credentials: reader } = await startAuthorizingSandbox({
      user: 'reader',
      moreUnauthenticated: 3,
      // s3:HeadBucket is how the emulator names HeadBucket's permission (moto/s3/responses.py ACTION_MAP); AWS uses s3:ListBucket.
      allow: ['sts:GetCallerIdentity', 'kms:Describe*', 'kms:Get*', 'kms:List*', 's3:List*', 's3:Get*', 's3:HeadBucket', 'cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:List*'],
    }));
    const scope = { partition: 'aws', account: sb.accountId };
    const kms = new KMSClient({ endpoint: sb.motoEndpoint, region: 'us-east-1', credentials: sb.rootCredentials });
    const made = await kms.send(new CreateKeyCommand({ Policy: policyText(proposeKeyPolicy(undefined, scope, [trailArn(scope, 'us-east-1', 'aws-harden')])) }));
    await kms.send(new CreateAliasCommand({ AliasName: DEFAULT_KEY_ALIAS, TargetKeyId: made.KeyMetadata!.KeyId! }));
    await kms.send(new EnableKeyRotationCommand({ KeyId: made.KeyMetadata!.KeyId! }));
    kms.destroy();
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('cloudtrail reads fine, then stops at the first refused change with the action named', async () => {
    const ctx = await emulatorContext(sb, { credentials: reader });
    const before = await cloudtrailStep.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/does not exist/);
    const err = await cloudtrailStep
      .apply(ctx, before, { trail: 'aws-harden', bucket: `aws-harden-trail-${sb.accountId}-us-east-1`, keyAlias: DEFAULT_KEY_ALIAS }, noOperator())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'access-denied', message: 'Access denied: the caller may not perform s3:CreateBucket.' });
    expect(ctx.aws.recorder.calls.filter((c) => c.kind === 'mutate').map((c) => `${c.service}:${c.operation}:${c.outcome}`)).toEqual(['s3:CreateBucket:error']);
  });

  it('through the runner: the failure is shown with its remedy and the run stops', async () => {
    const ctx = await emulatorContext(sb, { credentials: reader });
    const { result, text } = await run(ctx, journalFor(ctx, true), { dryRun: false, headless: true, presets: EMAIL });
    expect(result).toEqual({ stopped: 'failed' });
    // The key is in place, so kms-key only reads and is done; cloudtrail's first change is refused.
    expect(text).toMatch(/✓ kms-key\s+done/);
    expect(text).toMatch(/✗ cloudtrail\s+failed\s+Access denied: the caller may not perform s3:CreateBucket\. — Grant s3:CreateBucket to this identity/);
    expect(text).not.toMatch(/budget/);
  });
});
