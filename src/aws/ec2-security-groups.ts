/**
 * EC2 security groups, seen through the calls the default-security-groups step makes: every VPC's
 * default group in a region (one DescribeSecurityGroups), the network interfaces that use some of them
 * (one DescribeNetworkInterfaces), and the revocation of exactly the rules found.
 * https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
 */
import type { IpPermission } from '@aws-sdk/client-ec2';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

/** A rule as DescribeSecurityGroups gives it, and as RevokeSecurityGroup{Ingress,Egress} takes it back. */
export type Permission = IpPermission;

export interface DefaultGroup {
  groupId: string;
  vpcId: string;
  ingress: Permission[];
  egress: Permission[];
}

/** Drops the empty lists AWS answers with, so the screen shows only what a rule is. */
function tidy(p: IpPermission): Permission {
  const out: Permission = {};
  for (const [key, value] of Object.entries(p) as Array<[keyof IpPermission, unknown]>) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** The default security group of every VPC in the layer's region, with its rules. */
export async function defaultSecurityGroups(aws: Aws): Promise<DefaultGroup[]> {
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  const client = await aws.client('ec2');
  const groups: DefaultGroup[] = [];
  let token: string | undefined;
  do {
    const out = await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }], ...(token ? { NextToken: token } : {}) }));
    for (const g of out.SecurityGroups ?? []) {
      // EC2-Classic had default groups without a VPC; none exist any more, and only a VPC's is in scope.
      if (!g.GroupId || !g.VpcId) continue;
      groups.push({ groupId: g.GroupId, vpcId: g.VpcId, ingress: (g.IpPermissions ?? []).map(tidy), egress: (g.IpPermissionsEgress ?? []).map(tidy) });
    }
    token = out.NextToken;
  } while (token);
  return groups.sort((a, b) => a.vpcId.localeCompare(b.vpcId));
}

/** For each of `groupIds` that a network interface uses: those interfaces, e.g. "eni-0abc (instance i-0def)". */
export async function interfacesUsing(aws: Aws, groupIds: readonly string[]): Promise<Map<string, string[]>> {
  const used = new Map<string, string[]>();
  if (groupIds.length === 0) return used;
  const { DescribeNetworkInterfacesCommand } = await import('@aws-sdk/client-ec2');
  const client = await aws.client('ec2');
  let token: string | undefined;
  do {
    const out = await client.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [...groupIds] }], ...(token ? { NextToken: token } : {}) }));
    for (const eni of out.NetworkInterfaces ?? []) {
      const instance = eni.Attachment?.InstanceId;
      const what = `${eni.NetworkInterfaceId ?? '?'}${instance ? ` (instance ${instance})` : eni.Description ? ` (${eni.Description})` : ''}`;
      for (const g of eni.Groups ?? []) {
        if (!g.GroupId || !groupIds.includes(g.GroupId)) continue;
        used.set(g.GroupId, [...(used.get(g.GroupId) ?? []), what]);
      }
    }
    token = out.NextToken;
  } while (token);
  return used;
}

export interface RevokeInput {
  GroupId: string;
  IpPermissions: Permission[];
}

/**
 * Revokes exactly `IpPermissions` from the group's inbound or outbound rules. Not resendable: a rule
 * already revoked is refused (`InvalidPermission.NotFound` in a VPC that is not a default one; a
 * default VPC answers without an error and lists it as unknown,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html). So a
 * lost answer, or that refusal, is settled by reading the group: none of the rules left is done.
 */
export async function revokeRules(aws: Aws, direction: 'ingress' | 'egress', input: RevokeInput): Promise<void> {
  const { RevokeSecurityGroupEgressCommand, RevokeSecurityGroupIngressCommand } = await import('@aws-sdk/client-ec2');
  const client = await aws.client('ec2');
  const gone = async (): Promise<true | undefined> => {
    aws.forgetReads();
    const group = (await defaultSecurityGroups(aws)).find((g) => g.groupId === input.GroupId);
    const left = group ? (direction === 'ingress' ? group.ingress : group.egress) : [];
    return input.IpPermissions.some((p) => left.some((l) => sameRule(l, p))) ? undefined : true;
  };
  await sendOnce(
    async () => {
      if (direction === 'ingress') await client.send(new RevokeSecurityGroupIngressCommand(input));
      else await client.send(new RevokeSecurityGroupEgressCommand(input));
      return true as const;
    },
    gone,
    (e) => isAwsError(e, 'InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound'),
  );
}

/** Same protocol and ports, and at least one source or destination in common. */
function sameRule(a: Permission, b: Permission): boolean {
  if (a.IpProtocol !== b.IpProtocol || a.FromPort !== b.FromPort || a.ToPort !== b.ToPort) return false;
  const keys = (p: Permission): string[] => [
    ...(p.IpRanges ?? []).map((r) => `v4 ${r.CidrIp}`),
    ...(p.Ipv6Ranges ?? []).map((r) => `v6 ${r.CidrIpv6}`),
    ...(p.PrefixListIds ?? []).map((r) => `pl ${r.PrefixListId}`),
    ...(p.UserIdGroupPairs ?? []).map((r) => `sg ${r.GroupId}`),
  ];
  const theirs = new Set(keys(b));
  return keys(a).some((k) => theirs.has(k));
}
