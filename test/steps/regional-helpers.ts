/** Shared bits of the regional steps' integration tests: what arrived, by operation and region. */
import type { PlannedCall } from '../../src/aws/actions/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { describeRecorded, isMutatingRecorded, recordedHeader, recordedRequests, type RecordedRequest } from '../helpers/emulator.js';

/** The signing region of a recorded request. */
export function regionOf(r: RecordedRequest): string {
  return /Credential=[^/,\s]+\/[^/]+\/([^/]+)\//.exec(recordedHeader(r, 'Authorization') ?? '')?.[1] ?? '?';
}

/**
 * The mutating requests the emulator received since the last reset, as `service:operation in region`,
 * sorted: regions are worked on side by side, so arrival order is not the plan's. The strict sandbox's
 * own calls to moto (making a service-linked role under AWS's name) are not the product's.
 */
export async function regionalMutations(sb: Sandbox, rename: Record<string, string> = {}): Promise<string[]> {
  return (await recordedRequests(sb))
    .filter((r) => isMutatingRecorded(r) && !/Credential=AKIA(SANDBOX)?OVERLAY/.test(recordedHeader(r, 'Authorization') ?? ''))
    .map((r) => `${rename[describeRecorded(r)] ?? describeRecorded(r)} in ${regionOf(r)}`)
    .sort();
}

/** S3 speaks REST: the recording names its calls by method and sub-resource. */
const S3_WIRE: Record<string, string> = { CreateBucket: 'PUT', PutPublicAccessBlock: 'PUT ?publicAccessBlock', PutBucketPolicy: 'PUT ?policy' };

/** The same for a plan, sorted (a call without a region goes to the run's region). */
export function plannedMutations(plan: readonly PlannedCall[], runRegion: string): string[] {
  return plan.map((c) => `${c.service}:${(c.service === 's3' ? S3_WIRE[c.operation] : undefined) ?? c.operation} in ${c.region ?? runRegion}`).sort();
}

/** plannedMutations in the sandbox's region. */
export function planned(plan: readonly PlannedCall[], sb: Sandbox): string[] {
  return plannedMutations(plan, sb.region);
}
