/**
 * Opt-in regions are off in a new account: until the account enables one, AWS answers calls there as
 * if the key were unknown (STS: InvalidClientTokenId), which moto does not model. The run's first
 * call is STS GetCallerIdentity, so this rule answers STS.
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
import { OPT_IN_REGIONS } from '../../../aws/partition.js';
import { queryError, type Reply } from '../http.js';
import type { OverlayRequest, Rule } from '../types.js';

export class OptInRegionsRule implements Rule {
  readonly name = 'opt-in-regions';
  readonly services = ['sts'] as const;

  /** `enabled`: opt-in regions this account has enabled (none in a new account). */
  constructor(private readonly enabled: ReadonlySet<string> = new Set()) {}

  before(req: OverlayRequest): Reply | undefined {
    if (!OPT_IN_REGIONS.has(req.region) || this.enabled.has(req.region)) return undefined;
    return queryError('sts', 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  }
}
