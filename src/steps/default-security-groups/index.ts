/**
 * default-security-groups: the default security group of every VPC allows no traffic at all, no
 * inbound and no outbound rule, in every enabled region the run can reach (the CIS control "the
 * default security group of every VPC restricts all traffic"; a new account has one default VPC per
 * region). Revokes exactly the rules it found.
 * https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
 *
 * Anything launched into a default group afterwards gets no traffic at all. Something that uses one
 * now (a network interface, so an instance, a load balancer, a Lambda in the VPC) would be cut off:
 * that region is left as it is and reported, for the operator to move the workload to a group of its
 * own first, unless the `inUse` answer (question, or --config `{"default-security-groups": {"inUse": "revoke"}}`)
 * says to close it all the same.
 */
import { plannedCalls, runActions, type Ec2Action } from '../../aws/actions/index.js';
import { defaultSecurityGroups, interfacesUsing } from '../../aws/ec2-security-groups.js';
import { eachRegion, readAcrossRegions, regionalFinding, regionList, verifiedAcrossRegions, type RegionalState } from '../regional.js';
import { defineStep, type Answers, type Finding, type Question, type StepContext } from '../types.js';
import { groupsTable, hasRules, inUse, inUseWords, type RegionGroups } from './report.js';

type Data = RegionalState<RegionGroups>;

const IN_USE = ['leave', 'revoke'] as const;

function validateInUse(value: string): string | undefined {
  return (IN_USE as readonly string[]).includes(value) ? undefined : `must be ${IN_USE.join(' or ')}`;
}

/** Regions left as they are: a default group with rules is in use, and the answer is not to close it anyway. */
function leftRegions(d: Data | undefined, answers: Answers): Set<string> {
  if (answers.inUse === 'revoke') return new Set();
  return new Set((d?.regions ?? []).filter((r) => inUse(r.state).length > 0).map((r) => r.region));
}

/** Plan and apply both come from here: per group with rules, one revoke of its inbound and one of its outbound rules. */
function actionsFor(d: Data | undefined, answers: Answers): Ec2Action[] {
  const leave = leftRegions(d, answers);
  return (d?.regions ?? [])
    .filter((r) => !leave.has(r.region))
    .flatMap((r) =>
      r.state.groups.filter(hasRules).flatMap((g): Ec2Action[] => [
        ...(g.ingress.length > 0
          ? [
              {
                service: 'ec2' as const,
                op: 'RevokeSecurityGroupIngress' as const,
                input: { GroupId: g.groupId, IpPermissions: g.ingress },
                region: r.region,
                note: `no inbound traffic to the default group of ${g.vpcId}`,
              },
            ]
          : []),
        ...(g.egress.length > 0
          ? [
              {
                service: 'ec2' as const,
                op: 'RevokeSecurityGroupEgress' as const,
                input: { GroupId: g.groupId, IpPermissions: g.egress },
                region: r.region,
                note: `no outbound traffic from the default group of ${g.vpcId}`,
              },
            ]
          : []),
      ]),
    );
}

/** One DescribeSecurityGroups per region; DescribeNetworkInterfaces only where a default group has rules. */
async function read(ctx: StepContext): Promise<Data> {
  return readAcrossRegions(ctx, async (aws) => {
    const groups = await defaultSecurityGroups(aws);
    const open = groups.filter(hasRules).map((g) => g.groupId);
    const used = await interfacesUsing(aws, open);
    return { groups: groups.map((g) => ({ ...g, usedBy: used.get(g.groupId) ?? [] })) };
  });
}

/**
 * The finding for these answers, as the confirmation shows it: the warning, which regions are left and
 * why (or that their traffic is cut), the table of rules. `blocked` when every region that needs it is left.
 */
function findingFor(state: Data, answers: Answers): Finding<Data> {
  const total = state.regions.length;
  const finding = regionalFinding(state, (s) => !s.groups.some(hasRules), {
    done: (n) => `The default security groups allow no traffic in ${n === 1 ? 'the one enabled region' : `all ${n} enabled regions`}.`,
    todo: (regions) => `Default security groups allow traffic in ${regions.length} of ${total} regions (${regionList(regions)}).`,
  });
  if (finding.status !== 'todo') return finding;
  const leave = leftRegions(state, answers);
  const closing = actionsFor(state, answers).length > 0;
  const used = inUseWords(state.regions);
  const warning = closing ? ' Instances and other resources launched into a default group from now on get no traffic at all: give them a security group of their own.' : '';
  const inUseNote = used
    ? leave.size > 0
      ? ` Left as they are, because something uses them (move it to its own group, then run again): ${used}.`
      : ` In use, and closed all the same (inUse=revoke), cutting their traffic: ${used}.`
    : '';
  const table = groupsTable(state.regions, leave);
  return { ...finding, status: closing ? 'todo' : 'blocked', summary: `${finding.summary}${warning}${inUseNote}`, ...(table ? { table } : {}) };
}

export const defaultSecurityGroupsStep = defineStep<Data>({
  id: 'default-security-groups',
  title: 'Default SGs',
  why: 'A default security group that allows nothing keeps a resource launched without a group of its own from being reachable, or reaching out, by accident.',

  configKeys: { inUse: validateInUse },

  async check(ctx) {
    const finding = findingFor(await read(ctx), {});
    // A region left only because something uses its group is for the answer to decide (recheck): not blocked yet.
    return finding.status === 'blocked' && finding.data && actionsFor(finding.data, { inUse: 'revoke' }).length > 0 ? { ...finding, status: 'todo' } : finding;
  },

  questions(_ctx, finding): Question[] {
    if (!finding.data?.regions.some((r) => inUse(r.state).length > 0)) return [];
    return [
      {
        kind: 'choice',
        id: 'inUse',
        prompt: `A default security group with rules is in use: ${inUseWords(finding.data.regions)}. Close it anyway?`,
        default: 'leave',
        help: 'Revoking its rules cuts every connection of what uses it. Recommended: leave it, move the workload to a security group of its own, then run again.',
        options: [
          { value: 'leave', label: 'Leave those regions as they are (recommended)' },
          { value: 'revoke', label: 'Close them anyway: what uses them loses all traffic' },
        ],
        destructive: true,
      },
    ];
  },

  /** The confirmation says which regions are left, or that their traffic is cut, as the answer decides. */
  async recheck(_ctx, finding, answers) {
    return finding.data ? findingFor(finding.data, answers) : finding;
  },

  plan(_ctx, finding, answers) {
    return plannedCalls(actionsFor(finding.data, answers));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the rules revoked must be exactly the ones there now, and what uses the groups may have changed.
    const fresh = await read(ctx);
    const byRegion = new Map<string, Ec2Action[]>();
    for (const a of actionsFor(fresh, answers)) byRegion.set(a.region ?? '', [...(byRegion.get(a.region ?? '') ?? []), a]);
    await eachRegion([...byRegion.values()], (actions) => runActions(ctx.aws, actions));
    const left = leftRegions(fresh, answers);
    if (left.size > 0)
      return { skipped: `closed the default groups elsewhere; left ${[...left].join(', ')} as they are, in use: ${inUseWords((fresh?.regions ?? []).filter((r) => left.has(r.region)))}` };
    return undefined;
  },

  async verify(ctx, answers) {
    return verifiedAcrossRegions(findingFor(await read(ctx), answers));
  },
});
