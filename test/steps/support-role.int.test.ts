import { describe, expect, it } from 'vitest';
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { getRole, policyHolders } from '../../src/aws/iam-role.js';
import { parseDocument } from '../../src/aws/iam-group-policy.js';
import { isOperatorError } from '../../src/errors.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { DEFAULT_SUPPORT_ROLE, supportRoleStep as step, validateRoleName } from '../../src/steps/support-role.js';
import type { StepContext } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { eventually, recordedRequests, describeRecorded, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { mutations, resetRecording } from './logging-helpers.js';

const em = useEmulator();

const supportAccess = (ctx: StepContext) => `arn:${ctx.identity.arn.split(':')[1] ?? 'aws'}:iam::aws:policy/AWSSupportAccess`;
const trust = (ctx: StepContext) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.identity.account}:root` }, Action: 'sts:AssumeRole' }],
});

async function faults(options?: object): Promise<void> {
  const res = await fetch(`${em.endpoint}/sandbox/faults`, options === undefined ? { method: 'DELETE' } : { method: 'POST', body: JSON.stringify(options) });
  await res.arrayBuffer();
}

describe('support-role against the emulator', () => {
  it('no role holds AWSSupportAccess: makes one the administrators can assume, with exactly the planned calls; a second run plans nothing', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/^No role has AWSSupportAccess: aws-harden-support will be made/);
    expect(step.questions!(ctx, before)[0]).toMatchObject({ id: 'roleName', default: DEFAULT_SUPPORT_ROLE });
    const answers = { roleName: DEFAULT_SUPPORT_ROLE };
    const plan = step.plan(ctx, before, answers);
    expect(plan.map((c) => [c.operation, c.params])).toEqual([
      ['CreateRole', { RoleName: DEFAULT_SUPPORT_ROLE, AssumeRolePolicyDocument: JSON.stringify(trust(ctx)), Description: expect.any(String) }],
      ['AttachRolePolicy', { RoleName: DEFAULT_SUPPORT_ROLE, PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
    ]);
    await resetRecording(em);
    await step.apply(ctx, before, answers, noOperator());
    expect(await mutations(em)).toEqual(['iam:CreateRole', 'iam:AttachRolePolicy']);
    // Like IAM, the strict sandbox shows a new role a moment later: the attach waited for it, it did not fail.
    const waits = (await recordedRequests(em, { withPropagationWaits: true })).filter((r) => r.answered_by === 'eventual-consistency').map(describeRecorded);
    expect(waits.length).toBeGreaterThan(0);
    expect(new Set(waits)).toEqual(new Set(['iam:AttachRolePolicy']));
    const verified = await step.verify!(ctx, answers);
    expect(verified.status, verified.summary).toBe('done');
    expect(parseDocument((await getRole(ctx.aws, DEFAULT_SUPPORT_ROLE))?.trustPolicy)).toEqual(trust(ctx));
    expect((await policyHolders(ctx.aws, supportAccess(ctx))).roles).toEqual([DEFAULT_SUPPORT_ROLE]);
    await resetRecording(em);
    const again = await step.check(ctx);
    expect(again.status).toBe('done');
    expect(step.plan(ctx, again, answers)).toEqual([]);
    await step.apply(ctx, again, answers, noOperator());
    expect(await mutations(em)).toEqual([]);
  });

  it('any role already holding AWSSupportAccess passes, as CIS audits it: nothing is made', async () => {
    const ctx = await emulatorContext(em);
    const iam = await ctx.aws.client('iam');
    await iam.send(new CreateRoleCommand({ RoleName: 'their-support', AssumeRolePolicyDocument: JSON.stringify(trust(ctx)) }));
    await eventually(() => iam.send(new AttachRolePolicyCommand({ RoleName: 'their-support', PolicyArn: supportAccess(ctx) })));
    await resetRecording(em);
    const found = await step.check(ctx);
    expect(found.status).toBe('done');
    expect(found.summary).toContain('their-support');
    expect(step.plan(ctx, found, { roleName: DEFAULT_SUPPORT_ROLE })).toEqual([]);
    expect(await mutations(em)).toEqual([]);
  });

  it("a lost answer to CreateRole is settled by reading the role back (same trust policy): the retry's EntityAlreadyExists is this run's own role, not a failure", async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    await faults({ loseAnswer: { nth: 1, as: '500' } });
    try {
      await resetRecording(em);
      await step.apply(ctx, before, {}, noOperator());
    } finally {
      await faults();
    }
    const sent = await mutations(em);
    // The role is not visible yet when its lost answer is settled (as on IAM), so CreateRole goes once
    // more; its EntityAlreadyExists is settled by the read that then finds the role with this trust policy.
    expect(sent.at(-1)).toBe('iam:AttachRolePolicy');
    expect(sent.slice(0, -1)).toEqual(sent.length === 3 ? ['iam:CreateRole', 'iam:CreateRole'] : ['iam:CreateRole']);
    expect((await step.verify!(ctx, {})).status).toBe('done');
    expect(parseDocument((await getRole(ctx.aws, DEFAULT_SUPPORT_ROLE))?.trustPolicy)).toEqual(trust(ctx));
  });

  it('"already exists" for a role that trusts someone else is not adopted: the check says so, the answer blocks, apply refuses', async () => {
    const ctx = await emulatorContext(em);
    const foreign = { ...trust(ctx), Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] };
    await (await ctx.aws.client('iam')).send(new CreateRoleCommand({ RoleName: DEFAULT_SUPPORT_ROLE, AssumeRolePolicyDocument: JSON.stringify(foreign) }));
    const found = await eventually(async () => {
      const f = await step.check(ctx);
      if (!f.summary.includes('another trust policy')) throw new Error(f.summary);
      return f;
    });
    expect(found.status).toBe('todo');
    expect(step.questions!(ctx, found)[0]?.default).toBe('');
    const answered = await step.recheck!(ctx, found, { roleName: DEFAULT_SUPPORT_ROLE });
    expect(answered.status).toBe('blocked');
    await resetRecording(em);
    const refused = await step.apply(ctx, found, { roleName: DEFAULT_SUPPORT_ROLE }, noOperator()).catch((e: unknown) => e);
    expect(isOperatorError(refused) && refused.message).toBe(`A role named ${DEFAULT_SUPPORT_ROLE} exists with another trust policy.`);
    expect(await mutations(em)).toEqual([]);
    // Another name goes ahead.
    const other = await step.recheck!(ctx, found, { roleName: 'support' });
    expect(other.status).toBe('todo');
    await step.apply(ctx, other, { roleName: 'support' }, noOperator());
    expect((await step.verify!(ctx, { roleName: 'support' })).status).toBe('done');
  });

  it('role names follow IAM', () => {
    expect(validateRoleName('aws-harden-support')).toBeUndefined();
    expect(validateRoleName('x'.repeat(65))).toMatch(/at most 64 characters/);
    expect(validateRoleName('a b')).toMatch(/cannot contain spaces/);
    expect(validateRoleName('a/b')).toMatch(/cannot contain "\/"/);
  });

  it('uses the partition of the caller: arn:aws-cn:iam::aws:policy/AWSSupportAccess in China', async () => {
    const sb = await startSandbox({ shape: 'aws-cn' });
    try {
      const ctx = await emulatorContext(sb);
      const before = await step.check(ctx);
      const plan = step.plan(ctx, before, {});
      expect(plan[1]?.params).toEqual({ RoleName: DEFAULT_SUPPORT_ROLE, PolicyArn: 'arn:aws-cn:iam::aws:policy/AWSSupportAccess' });
      expect((JSON.parse(String(plan[0]?.params.AssumeRolePolicyDocument)) as { Statement: Array<{ Principal: { AWS: string } }> }).Statement[0]?.Principal.AWS).toBe(
        `arn:aws-cn:iam::${ctx.identity.account}:root`,
      );
      await step.apply(ctx, before, {}, noOperator());
      expect((await step.verify!(ctx, {})).status).toBe('done');
    } finally {
      await sb.stop();
    }
  });
});
