import { CreateNetworkInterfaceCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client, RevokeSecurityGroupEgressCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { runAction, type Ec2Action } from '../../src/aws/actions/index.js';
import { regionScan } from '../../src/aws/regions.js';
import { defaultSecurityGroupsStep as step } from '../../src/steps/default-security-groups/index.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { resetRecording } from './logging-helpers.js';
import { planned, regionalMutations } from './regional-helpers.js';

const em = useEmulator();

function ec2(region: string): EC2Client {
  return new EC2Client({ endpoint: em.endpoint, region, credentials: em.rootCredentials, maxAttempts: 1 });
}

async function defaultGroup(region: string) {
  const out = await ec2(region).send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }));
  return out.SecurityGroups![0]!;
}

/** A network interface in the default VPC of `region`, in its default group: what an instance would have. */
async function interfaceInDefaultGroup(region: string): Promise<string> {
  const group = await defaultGroup(region);
  const subnets = await ec2(region).send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [group.VpcId!] }] }));
  const eni = await ec2(region).send(new CreateNetworkInterfaceCommand({ SubnetId: subnets.Subnets![0]!.SubnetId!, Groups: [group.GroupId!] }));
  return eni.NetworkInterface!.NetworkInterfaceId!;
}

describe('default-security-groups against the emulator', () => {
  it('revokes exactly the rules found in every region, with exactly the planned calls, warns, reads it back, and plans nothing the second time', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(new RegExp(`^Default security groups allow traffic in ${reachable.length} of ${reachable.length} regions`));
    expect(before.summary).toMatch(/launched into a default group from now on get no traffic at all/);
    expect(step.questions!(ctx, before)).toEqual([]);
    // The table lists, per region, the rules revoked.
    const group = await defaultGroup(reachable[0]!);
    expect(before.table?.rows[0]).toEqual({
      label: `${reachable[0]} ${group.GroupId}`,
      current: `in: all traffic from ${group.GroupId} · out: all traffic to 0.0.0.0/0`,
      proposed: 'no rules',
      changes: true,
    });

    const plan = step.plan(ctx, before, {});
    expect(plan).toHaveLength(2 * reachable.length);
    expect(plan.filter((c) => c.region === reachable[0])).toEqual([
      {
        service: 'ec2',
        operation: 'RevokeSecurityGroupIngress',
        params: { GroupId: group.GroupId, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: group.GroupId, UserId: em.accountId }] }] },
        region: reachable[0],
        note: expect.any(String),
      },
      {
        service: 'ec2',
        operation: 'RevokeSecurityGroupEgress',
        params: { GroupId: group.GroupId, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
        region: reachable[0],
        note: expect.any(String),
      },
    ]);

    await resetRecording(em);
    expect(await step.apply(ctx, before, {}, noOperator())).toBeUndefined();
    expect(await regionalMutations(em)).toEqual(planned(plan, em));
    expect(await defaultGroup(reachable[0]!)).toMatchObject({ IpPermissions: [], IpPermissionsEgress: [] });

    expect((await step.verify!(ctx, {})).status).toBe('done');
    const again = await emulatorContext(em);
    const second = await step.check(again);
    expect(second).toMatchObject({ status: 'done', summary: `The default security groups allow no traffic in all ${reachable.length} enabled regions.` });
    expect(step.plan(again, second, {})).toEqual([]);
  });

  it('leaves a region whose default group a network interface uses, says so, and closes it only when inUse=revoke', async () => {
    const ctx = await emulatorContext(em);
    const { reachable } = await regionScan(ctx.aws);
    const busy = reachable[1]!;
    const eni = await interfaceInDefaultGroup(busy);
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toContain(`Left as they are, because something uses them (move it to its own group, then run again): ${busy} (`);
    expect(before.summary).toContain(eni);
    const [question] = step.questions!(ctx, before);
    expect(question).toMatchObject({ id: 'inUse', default: 'leave', prompt: expect.stringContaining(eni) });

    const leave = await step.recheck!(ctx, before, { inUse: 'leave' });
    expect(leave.table?.rows.find((r) => r.label.startsWith(busy))).toMatchObject({ proposed: 'left as is (in use: 1 interface)', changes: false });
    expect(step.plan(ctx, leave, { inUse: 'leave' }).map((c) => c.region)).not.toContain(busy);
    const revoke = await step.recheck!(ctx, before, { inUse: 'revoke' });
    expect(revoke.summary).toContain('closed all the same (inUse=revoke), cutting their traffic');
    expect(step.plan(ctx, revoke, { inUse: 'revoke' }).filter((c) => c.region === busy)).toHaveLength(2);

    const applied = await step.apply(ctx, leave, { inUse: 'leave' }, noOperator());
    expect(applied).toEqual({ skipped: expect.stringContaining(`left ${busy} as they are, in use: ${busy} (`) });
    expect((await defaultGroup(busy)).IpPermissionsEgress).toHaveLength(1);
    expect((await defaultGroup(reachable[0]!)).IpPermissionsEgress).toEqual([]);
    // Only the busy region is left: nothing to make until the operator acts, or says to close it anyway.
    const now = await step.check(await emulatorContext(em));
    expect(now.status).toBe('todo');
    expect((await step.recheck!(ctx, now, { inUse: 'leave' })).status).toBe('blocked');
  });

  it('a revoke of rules already gone (a lost answer, or someone else) is done, not an error', async () => {
    const ctx = await emulatorContext(em);
    const region = (await regionScan(ctx.aws)).reachable[0]!;
    const group = await defaultGroup(region);
    const egress = { GroupId: group.GroupId!, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] };
    await ec2(region).send(new RevokeSecurityGroupEgressCommand(egress));
    // moto (as AWS in a VPC that is not a default one) refuses it: InvalidPermission.NotFound.
    await expect(ec2(region).send(new RevokeSecurityGroupEgressCommand(egress))).rejects.toMatchObject({ name: 'InvalidPermission.NotFound' });
    const action: Ec2Action = { service: 'ec2', op: 'RevokeSecurityGroupEgress', input: egress, region };
    await expect(runAction(ctx.aws, action)).resolves.toBeUndefined();
  });

  it('a revoke whose answer is lost is settled by reading the group', async () => {
    const ctx = await emulatorContext(em);
    const before = await step.check(ctx);
    await fetch(`${em.endpoint}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ loseAnswer: { nth: 1, as: 'reset' } }) });
    expect(await step.apply(ctx, before, {}, noOperator())).toBeUndefined();
    const report = (await (await fetch(`${em.endpoint}/sandbox/faults`)).json()) as { lost?: string };
    expect(report.lost).toMatch(/^ec2:RevokeSecurityGroup(In|E)gress$/);
    expect((await step.verify!(ctx, {})).status).toBe('done');
  });
});
