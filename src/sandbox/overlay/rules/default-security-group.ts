/**
 * A VPC's default security group as AWS makes it: an inbound rule that allows all traffic from the
 * group itself, and an outbound rule that allows all traffic to anywhere
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html). moto 5.2.1 makes the
 * outbound rule only (moto/ec2/models/security_groups.py), so a step that closes the default groups
 * would find half of what AWS has. Before the account's first EC2 request in a region, and after a
 * CreateVpc, the rule adds the inbound rule to every default group moto has made since, once per group
 * (a rule revoked since stays revoked), by asking moto itself as the account: every EC2 call then sees
 * it as AWS has it. Those requests carry SANDBOX_SETUP_KEY, so tests can tell them from the product's.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

/** The access key the sandbox signs its own setup requests to moto with (never one a client has). */
export const SANDBOX_SETUP_KEY = 'AKIASANDBOXSETUP0000';

export class DefaultSecurityGroupRule implements Rule {
  readonly name = 'default-security-group';
  readonly services = ['ec2'] as const;
  /** `account/region` → the setup of its default groups, made once (again after a CreateVpc). */
  private ready = new Map<string, Promise<void>>();
  /** Default groups given their inbound rule. */
  private done = new Set<string>();

  constructor(private readonly ctx: RuleContext) {}

  reset(): void {
    this.ready.clear();
    this.done.clear();
  }

  private accountOf(req: OverlayRequest): string {
    const header = req.headers['x-moto-account-id'];
    return typeof header === 'string' && header !== '' ? header : this.ctx.accountId;
  }

  async before(req: OverlayRequest): Promise<undefined> {
    const account = this.accountOf(req);
    const key = `${account}/${req.region}`;
    let ready = this.ready.get(key);
    if (!ready) {
      ready = this.complete(account, req.region);
      this.ready.set(key, ready);
      // A setup that failed (moto busy) is tried again by the next request.
      ready.catch(() => this.ready.delete(key));
    }
    await ready.catch(() => undefined);
    return undefined;
  }

  after(req: OverlayRequest): undefined {
    // A new VPC has a new default group: the next request in the region completes it.
    if (req.action === 'CreateVpc') this.ready.delete(`${this.accountOf(req)}/${req.region}`);
    return undefined;
  }

  private async complete(account: string, region: string): Promise<void> {
    const { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
    const client = await this.client(account, region);
    try {
      const out = await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }));
      for (const g of out.SecurityGroups ?? []) {
        if (!g.GroupId || !g.VpcId || this.done.has(g.GroupId)) continue;
        this.done.add(g.GroupId);
        const self = (g.IpPermissions ?? []).some((p) => p.IpProtocol === '-1' && p.UserIdGroupPairs?.some((u) => u.GroupId === g.GroupId));
        if (!self)
          await client.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: g.GroupId, IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: g.GroupId, UserId: account }] }] }));
      }
    } finally {
      client.destroy();
    }
  }

  private async client(account: string, region: string): Promise<EC2Client> {
    const { EC2Client } = await import('@aws-sdk/client-ec2');
    const client = new EC2Client({ endpoint: this.ctx.motoEndpoint, region, credentials: { accessKeyId: SANDBOX_SETUP_KEY, secretAccessKey: 'setup' }, maxAttempts: 1 });
    client.middlewareStack.add(
      ((next: (a: unknown) => Promise<unknown>) => (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers['x-moto-account-id'] = account;
        return next(args);
      }) as never,
      { step: 'build', name: 'sandboxAccount' },
    );
    return client;
  }
}
