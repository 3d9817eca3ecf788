/**
 * The account's regions, and the opt-in regions it has not enabled.
 *
 * A partition's regions are its default regions, on in every account, and its opt-in regions, off in a
 * new account until someone enables them (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html).
 * Until then AWS answers calls there as if the key were unknown, which moto does not model: STS
 * `InvalidClientTokenId` (403), EC2 `AuthFailure` (401, "AWS was not able to validate the provided
 * access credentials"), JSON-protocol services `UnrecognizedClientException` (400). The run's first call is STS
 * GetCallerIdentity, the region scan's is EC2 (src/aws/regions.ts). Other protocols (SNS, S3, the
 * REST-JSON services) are left to moto.
 */
import { OPT_IN_REGIONS } from '../../../aws/partition.js';
import { ec2Error, jsonError, queryError, type Reply } from '../http.js';
import type { OverlayRequest, Rule } from '../types.js';

/**
 * The default regions of the partitions the sandbox models (those of moto 5.2.1's EC2 region list that
 * are not opt-in). aws-cn has no opt-in region.
 */
const DEFAULT_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-southeast-1',
    'ap-southeast-2',
    'ca-central-1',
    'eu-central-1',
    'eu-north-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
};

/** `ec2:DescribeRegions`' `OptInStatus`. */
export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

/** Every region of `partition` with its status for an account that enabled `enabled`; undefined for a partition not modelled. */
export function regionsOf(partition: string, enabled: ReadonlySet<string>): Array<{ name: string; status: OptInStatus }> | undefined {
  const defaults = DEFAULT_REGIONS[partition];
  if (defaults === undefined) return undefined;
  const optIn = partition === 'aws' ? [...OPT_IN_REGIONS] : [];
  return [
    ...defaults.map((name) => ({ name, status: 'opt-in-not-required' as const })),
    ...optIn.map((name) => ({ name, status: enabled.has(name) ? ('opted-in' as const) : ('not-opted-in' as const) })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

export class OptInRegionsRule implements Rule {
  readonly name = 'opt-in-regions';
  readonly services = ['sts', 'ec2', 'kms', 'cloudtrail', 'logs', 'monitoring', 'config'] as const;

  /** `enabled`: opt-in regions this account has enabled (none in a new account). */
  constructor(private readonly enabled: ReadonlySet<string> = new Set()) {}

  before(req: OverlayRequest): Reply | undefined {
    if (!OPT_IN_REGIONS.has(req.region) || this.enabled.has(req.region)) return undefined;
    if (req.service === 'sts') return queryError('sts', 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (req.service === 'ec2') return ec2Error(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    if (typeof req.headers['x-amz-target'] === 'string') return jsonError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    return undefined;
  }
}
