/** Shared bits of the regional steps' integration tests: what arrived, by operation and region. */
import type { PlannedCall } from '../../src/aws/actions/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { describeRecorded, isMutatingRecorded, recordedHeader, recordedRequests, type RecordedRequest } from '../helpers/emulator.js';

/** The signing region of a recorded request. */
export function regionOf(r: RecordedRequest): string {
  return /Credential=[^/,\s]+\/[^/]+\/([^/]+)\//.exec(recordedHeader(r, 'Authorization') ?? '')?.[1] ?? '?';
}

/** The mutating requests the emulator received since the last reset, as `service:operation in region`, sorted. */
export async function regionalMutations(sb: Sandbox, rename: Record<string, string> = {}): Promise<string[]> {
  return (await recordedRequests(sb))
    .filter(isMutatingRecorded)
    .map((r) => `${rename[describeRecorded(r)] ?? describeRecorded(r)} in ${regionOf(r)}`)
    .sort();
}

/** A plan as the same strings, sorted (the signing name where it differs from the client's: `access-analyzer`). */
export function planned(plan: readonly PlannedCall[], sb: Sandbox): string[] {
  return plan.map((c) => `${c.service}:${c.operation} in ${c.region ?? sb.region}`).sort();
}
