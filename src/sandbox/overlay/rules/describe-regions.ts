/**
 * `ec2:DescribeRegions` as AWS answers it. moto 5.2.1 lists the same 24 regions to every account:
 * the China and GovCloud regions next to the commercial ones, and af-south-1, eu-south-1 and
 * ap-southeast-3 as if on (`opt-in-not-required`) in a new account. AWS
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html):
 * - lists only the request's partition (the signing region's: a key of one partition is unknown in another);
 * - without `AllRegions`, only the regions enabled for the account: the default ones (`opt-in-not-required`)
 *   and the opt-in ones it enabled (`opted-in`); with `AllRegions=true` also the others (`not-opted-in`)
 *   (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html);
 * - with `RegionName.N`, exactly those, "whether they are enabled and disabled for your account"; a name
 *   that is no region of the partition is refused, `InvalidParameterValue` "Invalid region: [name]"
 *   (AWS's words as an SDK user quotes them: https://github.com/awslabs/amazon-s3-tar-tool/pull/7);
 * - `Filter.N` by `endpoint`, `opt-in-status`, `region-name` (values may use EC2's `*` and `?` wildcards);
 * - `DryRun=true`: `DryRunOperation` (412), nothing listed.
 * The rule answers every DescribeRegions of a partition it models (regions.ts); moto never sees one.
 */
import { partitionOfRegion } from '../../../aws/partition.js';
import { ec2Error, ec2Result, escapeXml, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';
import { regionsOf, type OptInStatus } from './regions.js';

const FILTERS = ['endpoint', 'opt-in-status', 'region-name'] as const;

/** The values of the query protocol's list `prefix.1`, `prefix.2`, … (EC2 flattens lists so). */
function listParam(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.${i}`); i += 1) out.push(params.get(`${prefix}.${i}`) ?? '');
  return out;
}

/** EC2 filter values: `*` any run of characters, `?` one (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Filtering.html). */
function matches(value: string, pattern: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

export class DescribeRegionsRule implements Rule {
  readonly name = 'describe-regions';
  readonly services = ['ec2'] as const;

  constructor(private readonly ctx: Pick<RuleContext, 'optInRegions'>) {}

  before(req: OverlayRequest): Reply | undefined {
    if (req.action !== 'DescribeRegions') return undefined;
    const partition = partitionOfRegion(req.region) ?? '';
    const all = regionsOf(partition, this.ctx.optInRegions);
    if (all === undefined) return undefined;
    const host = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    const regions = all.map((r) => ({ ...r, endpoint: `ec2.${r.name}.${host}` }));

    const filters: Array<{ name: string; values: string[] }> = [];
    for (let n = 1; req.params.has(`Filter.${n}.Name`); n += 1) filters.push({ name: req.params.get(`Filter.${n}.Name`) ?? '', values: listParam(req.params, `Filter.${n}.Value`) });
    const unknownFilter = filters.find((f) => !(FILTERS as readonly string[]).includes(f.name));
    if (unknownFilter) return ec2Error(400, 'InvalidParameterValue', `The filter '${unknownFilter.name}' is invalid`);

    const names = listParam(req.params, 'RegionName');
    const unknown = names.filter((n) => !regions.some((r) => r.name === n));
    if (unknown.length > 0) return ec2Error(400, 'InvalidParameterValue', `Invalid region: [${unknown.join(', ')}]`);
    if (req.params.get('DryRun') === 'true') return ec2Error(412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');

    const allRegions = req.params.get('AllRegions') === 'true';
    const listed = regions
      .filter((r) => (names.length > 0 ? names.includes(r.name) : allRegions || r.status !== 'not-opted-in'))
      .filter((r) => filters.every((f) => f.values.some((v) => matches(f.name === 'endpoint' ? r.endpoint : f.name === 'opt-in-status' ? r.status : r.name, v))));
    return ec2Result('DescribeRegions', `<regionInfo>${listed.map(item).join('')}</regionInfo>`);
  }
}

function item(r: { name: string; endpoint: string; status: OptInStatus }): string {
  return `<item><regionName>${escapeXml(r.name)}</regionName><regionEndpoint>${escapeXml(r.endpoint)}</regionEndpoint><optInStatus>${r.status}</optInStatus></item>`;
}
