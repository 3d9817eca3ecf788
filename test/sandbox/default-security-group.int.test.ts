/**
 * A VPC's default security group as AWS makes it (inbound: all traffic from itself; outbound: all to
 * anywhere); moto alone makes only the outbound rule (src/sandbox/overlay/rules/default-security-group.ts).
 */
import { CreateVpcCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { isMutatingRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator();

function ec2(region: string, endpoint = sb.endpoint): EC2Client {
  return new EC2Client({ endpoint, region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

async function defaults(client: EC2Client) {
  return (await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }))).SecurityGroups ?? [];
}

describe('default security groups in the strict sandbox', () => {
  it('moto alone gives the default group no inbound rule; the sandbox gives it the self-referencing one AWS makes', async () => {
    const [onlyMoto] = await defaults(ec2('eu-west-3', sb.motoEndpoint));
    expect(onlyMoto?.IpPermissions).toEqual([]);
    expect(onlyMoto?.IpPermissionsEgress).toHaveLength(1);

    const [g] = await defaults(ec2('eu-north-1'));
    expect(g?.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: '-1', UserIdGroupPairs: [expect.objectContaining({ GroupId: g?.GroupId, UserId: sb.accountId })] })]);
    expect(g?.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: '-1', IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })] })]);
    // The sandbox's own setup is not in the recording of what the client sent.
    expect((await recordedRequests(sb)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('a revoked inbound rule stays revoked; a new VPC gets its own default group with the rule', async () => {
    const client = ec2('us-east-2');
    const [g] = await defaults(client);
    await client.send(new RevokeSecurityGroupIngressCommand({ GroupId: g!.GroupId!, IpPermissions: g!.IpPermissions! }));
    expect((await defaults(client))[0]?.IpPermissions).toEqual([]);
    const vpc = await client.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const all = await defaults(client);
    expect(all.find((x) => x.GroupId === g!.GroupId)?.IpPermissions).toEqual([]);
    const fresh = all.find((x) => x.VpcId === vpc.Vpc!.VpcId);
    expect(fresh?.IpPermissions?.[0]?.UserIdGroupPairs?.[0]?.GroupId).toBe(fresh?.GroupId);
  });
});
