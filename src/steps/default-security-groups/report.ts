/** What the default-security-groups step says: rules in words, the table of regions, the warning. */
import type { DefaultGroup, Permission } from '../../aws/ec2-security-groups.js';
import type { ComparisonTable } from '../types.js';

export interface Group extends DefaultGroup {
  /** Network interfaces that use the group, e.g. "eni-0abc (instance i-0def)". */
  usedBy: string[];
}

export type RegionGroups = { groups: Group[] };

export function hasRules(g: DefaultGroup): boolean {
  return g.ingress.length + g.egress.length > 0;
}

/** A region whose default groups have rules, one of them used by a network interface. */
export function inUse(s: RegionGroups): Group[] {
  return s.groups.filter((g) => hasRules(g) && g.usedBy.length > 0);
}

function ports(p: Permission): string {
  if (p.IpProtocol === '-1') return 'all traffic';
  const range = p.FromPort === p.ToPort ? `${p.FromPort}` : `${p.FromPort}-${p.ToPort}`;
  return `${p.IpProtocol} ${range}`;
}

function peers(p: Permission): string[] {
  return [
    ...(p.IpRanges ?? []).map((r) => r.CidrIp ?? '?'),
    ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? '?'),
    ...(p.PrefixListIds ?? []).map((r) => r.PrefixListId ?? '?'),
    ...(p.UserIdGroupPairs ?? []).map((r) => r.GroupId ?? '?'),
  ];
}

/** "in: all traffic from sg-1; out: all traffic to 0.0.0.0/0, ::/0". */
export function rulesInWords(g: DefaultGroup): string {
  const side = (label: string, word: string, list: Permission[]): string[] => (list.length === 0 ? [] : [`${label}: ${list.map((p) => `${ports(p)} ${word} ${peers(p).join(', ')}`).join('; ')}`]);
  const words = [...side('in', 'from', g.ingress), ...side('out', 'to', g.egress)];
  return words.length === 0 ? 'no rules' : words.join(' · ');
}

/** One row per default group with rules: the region and VPC, its rules now, and after. */
export function groupsTable(regions: ReadonlyArray<{ region: string; state: RegionGroups }>, leave: ReadonlySet<string>): ComparisonTable | undefined {
  const rows = regions.flatMap((r) =>
    r.state.groups.filter(hasRules).map((g) => {
      const left = leave.has(r.region);
      return {
        label: `${r.region} ${g.groupId}`,
        current: rulesInWords(g),
        proposed: left ? `left as is (in use: ${g.usedBy.length} interface${g.usedBy.length === 1 ? '' : 's'})` : 'no rules',
        changes: !left,
      };
    }),
  );
  return rows.length === 0 ? undefined : { columns: ['default group', 'rules now', 'after'], rows };
}

/** The in-use groups of these regions, for a sentence: "eu-west-1 (sg-1 used by eni-2 (instance i-3))". */
export function inUseWords(regions: ReadonlyArray<{ region: string; state: RegionGroups }>): string {
  return regions
    .flatMap((r) => inUse(r.state).map((g) => `${r.region} (${g.groupId} used by ${g.usedBy.slice(0, 2).join(', ')}${g.usedBy.length > 2 ? ` and ${g.usedBy.length - 2} more` : ''})`))
    .join(', ');
}
