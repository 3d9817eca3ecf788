import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetAccountPasswordPolicyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { Aws } from '../../src/aws/context.js';
import { getPasswordPolicy } from '../../src/aws/iam.js';
import { getCallerIdentity } from '../../src/aws/sts.js';
import { OperatorError } from '../../src/errors.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { emulatorAws } from '../helpers/aws.js';
import { isMutatingRecorded, recordedRequests, startAuthorizingSandbox, describeRecorded, useEmulator } from '../helpers/emulator.js';

const em = useEmulator();

describe('the AWS layer against the emulator', () => {
  it('knows the sandbox caller is root', async () => {
    const id = await getCallerIdentity(await emulatorAws(em));
    expect(id).toMatchObject({ account: em.accountId, arn: `arn:aws:iam::${em.accountId}:root`, isRoot: true });
  });

  it('in dry-run refuses every mutating call before it leaves the process, and still reads', async () => {
    const aws = await emulatorAws(em, { dryRun: true });
    const iam = await aws.client('iam');
    await expect(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14 }))).rejects.toMatchObject({ code: 'dry-run-refused' });
    await expect(getPasswordPolicy(aws)).resolves.toBeUndefined();
    const arrived = (await recordedRequests(em)).map(describeRecorded);
    expect(arrived).toContain('iam:GetAccountPasswordPolicy');
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    expect(aws.recorder.calls.map((c) => [`${c.service}:${c.operation}`, c.kind, c.outcome])).toEqual([
      ['iam:UpdateAccountPasswordPolicy', 'mutate', 'refused'],
      // "No policy" is a 404 from AWS: an error to the recorder, `undefined` to the caller.
      ['iam:GetAccountPasswordPolicy', 'read', 'error'],
    ]);
  });

  it('refuses an operation it does not know in dry-run (unknown means mutating)', async () => {
    const aws = await emulatorAws(em, { dryRun: true });
    const iam = await aws.client('iam');
    // ListRoles only reads, but it is not in the table of operations aws-harden uses, so it is refused.
    const { ListRolesCommand } = await import('@aws-sdk/client-iam');
    await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ code: 'dry-run-refused' });
    expect((await recordedRequests(em)).map(describeRecorded)).not.toContain('iam:ListRoles');
  });

  it('records calls without their bodies', async () => {
    const aws = await emulatorAws(em);
    const iam = await aws.client('iam');
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 17 }));
    await getPasswordPolicy(aws);
    expect(aws.recorder.count('mutate')).toBe(1);
    for (const call of aws.recorder.calls) {
      expect(Object.keys(call).every((k) => ['service', 'operation', 'kind', 'ms', 'outcome', 'error'].includes(k))).toBe(true);
    }
    expect(aws.recorder.calls[0]).toMatchObject({ service: 'iam', operation: 'UpdateAccountPasswordPolicy', kind: 'mutate', outcome: 'ok' });
  });

  it('maps an unreachable endpoint to a message naming it', async () => {
    const aws = new Aws({ dryRun: false, endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: em.rootCredentials, env: {} });
    await aws.init();
    const err = await getCallerIdentity(aws).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorError);
    expect(err).toMatchObject({ code: 'endpoint-unreachable', exitCode: 2 });
    expect((err as Error).message).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\) while calling sts:GetCallerIdentity/);
  });

  it('maps a deleted key to invalid credentials', async () => {
    const aws = await emulatorAws(em, { credentials: { accessKeyId: 'AKIAEXAMPLEDELETED00', secretAccessKey: 'x'.repeat(40) } });
    // The overlay answers InvalidClientTokenId only for its own deleted root keys; delete ours first.
    const root = await emulatorAws(em);
    const { DeleteAccessKeyCommand } = await import('@aws-sdk/client-iam');
    await (await root.client('iam')).send(new DeleteAccessKeyCommand({ AccessKeyId: em.rootCredentials.accessKeyId }));
    const err = await getCallerIdentity(root).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-credentials' });
    expect((err as Error).message).toMatch(/InvalidClientTokenId.*sts:GetCallerIdentity/);
    aws.destroy();
  });
});

describe('AccessDenied (moto with IAM authorization on)', () => {
  let sb: Sandbox;
  let limited: { accessKeyId: string; secretAccessKey: string };
  beforeAll(async () => {
    ({ sandbox: sb, credentials: limited } = await startAuthorizingSandbox({ user: 'reader', allow: ['sts:GetCallerIdentity'] }));
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('names the missing action and says what to do', async () => {
    const aws = new Aws({ dryRun: false, endpoint: sb.endpoint, region: 'us-east-1', credentials: limited, env: {} });
    await aws.init();
    expect((await getCallerIdentity(aws)).arn).toMatch(/:user\/reader$/);
    const err = await (await aws.client('iam')).send(new GetAccountPasswordPolicyCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'access-denied' });
    expect((err as OperatorError).message).toBe('Access denied: the caller may not perform iam:GetAccountPasswordPolicy.');
    expect((err as OperatorError).remedy).toMatch(/Grant iam:GetAccountPasswordPolicy/);
  });
});
