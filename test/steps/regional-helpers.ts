/** Shared bits of the regional step tests (guardduty, aws-config, security-hub). */
import type { PlannedCall } from '../../src/aws/actions/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { describeRecorded, isMutatingRecorded, recordedHeader, recordedRequests } from '../helpers/emulator.js';

/** `service:Operation in region`, sorted: regions are worked on side by side, so arrival order is not the plan's. */
export async function regionalMutations(sb: Sandbox): Promise<string[]> {
  // The strict sandbox's own calls to moto (making a service-linked role under AWS's name) are not the product's.
  const requests = (await recordedRequests(sb)).filter((r) => isMutatingRecorded(r) && !/Credential=AKIA(SANDBOX)?OVERLAY/.test(recordedHeader(r, 'Authorization') ?? ''));
  return requests.map((r) => `${describeRecorded(r)} in ${/Credential=[^/,\s]+\/[^/]+\/([^/]+)\//.exec(recordedHeader(r, 'Authorization') ?? '')?.[1] ?? '?'}`).sort();
}

/** S3 speaks REST: the recording names its calls by method and sub-resource. */
const S3_WIRE: Record<string, string> = { CreateBucket: 'PUT', PutPublicAccessBlock: 'PUT ?publicAccessBlock', PutBucketPolicy: 'PUT ?policy' };

/** The same for a plan (a call without a region goes to the run's region). */
export function plannedMutations(plan: readonly PlannedCall[], runRegion: string): string[] {
  return plan.map((c) => `${c.service}:${(c.service === 's3' ? S3_WIRE[c.operation] : undefined) ?? c.operation} in ${c.region ?? runRegion}`).sort();
}
