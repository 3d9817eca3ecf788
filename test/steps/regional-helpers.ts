/** Shared bits of the regional step tests (guardduty, aws-config, security-hub). */
import type { PlannedCall } from '../../src/aws/actions/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { describeRecorded, isMutatingRecorded, recordedHeader, recordedRequests } from '../helpers/emulator.js';

/** `service:Operation in region`, sorted: regions are worked on side by side, so arrival order is not the plan's. */
export async function regionalMutations(sb: Sandbox): Promise<string[]> {
  const requests = (await recordedRequests(sb)).filter(isMutatingRecorded);
  return requests.map((r) => `${describeRecorded(r)} in ${/Credential=[^/,\s]+\/[^/]+\/([^/]+)\//.exec(recordedHeader(r, 'Authorization') ?? '')?.[1] ?? '?'}`).sort();
}

/** The same for a plan (a call without a region goes to the run's region). */
export function plannedMutations(plan: readonly PlannedCall[], runRegion: string): string[] {
  return plan.map((c) => `${c.service}:${c.operation} in ${c.region ?? runRegion}`).sort();
}
