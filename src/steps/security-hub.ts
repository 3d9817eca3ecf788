/**
 * security-hub: Security Hub is on, checking the CIS AWS Foundations Benchmark v5.0.0, in every enabled
 * region the run can reach — a continuous audit of the CIS controls, not a CIS control itself. Paid,
 * optional. Security Hub is turned on without AWS's default standards (EnableDefaultStandards false:
 * only CIS is billed), then the CIS standard is enabled (BatchEnableStandards).
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
 *
 * Security Hub's CIS checks are AWS Config rules: without a Config recorder in the region they report
 * nothing (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-setup-prereqs.html).
 * Hence `dependsOn: ['aws-config']`, which comes first in the steps' order.
 */
import type { SecurityHubAction } from '../aws/actions/index.js';
import type { Aws } from '../aws/context.js';
import { cisStandardArn, enabledStandards, hubEnabled } from '../aws/securityhub.js';
import { acrossRegions, regionList, type RegionalState } from './regional.js';
import { defineStep } from './types.js';

interface HubState {
  hub: boolean;
  /** The CIS v5.0.0 subscription's status, when the hub has one. */
  cis: string | undefined;
}

type Data = RegionalState<HubState>;

/** A subscription on its way (PENDING) or made (READY; INCOMPLETE: some controls could not be enabled) counts. */
const SUBSCRIBED = new Set(['PENDING', 'READY', 'INCOMPLETE']);

const isOn = (s: HubState): boolean => s.hub && s.cis !== undefined && SUBSCRIBED.has(s.cis);

/** One region's changes, in order: plan and apply both come from here. */
function actionsFor(region: string, s: HubState): SecurityHubAction[] {
  if (isOn(s)) return [];
  const enable: SecurityHubAction[] = s.hub
    ? []
    : [{ service: 'securityhub', op: 'EnableSecurityHub', region, input: { EnableDefaultStandards: false }, note: `Security Hub on in ${region}, no default standards` }];
  return [
    ...enable,
    { service: 'securityhub', op: 'BatchEnableStandards', region, input: { StandardsSubscriptionRequests: [{ StandardsArn: cisStandardArn(region) }] }, note: `CIS v5.0.0 checks in ${region}` },
  ];
}

async function readRegion(aws: Aws, region: string): Promise<HubState> {
  if (!(await hubEnabled(aws))) return { hub: false, cis: undefined };
  const cis = (await enabledStandards(aws)).find((s) => s.arn === cisStandardArn(region));
  return { hub: true, cis: cis?.status };
}

export const securityHubStep = defineStep<Data>({
  id: 'security-hub',
  title: 'Security Hub',
  why: 'Security Hub checks the account against the CIS benchmark continuously, so a setting that drifts after today is reported, not found at the next audit.',
  dependsOn: ['aws-config'],
  cost: {
    summary:
      'Security Hub bills per security check: for a quiet new account with only the CIS standard about $1–2 a month per region, after a 30-day free trial in each region (AWS Config is billed apart).',
    pricing: 'https://aws.amazon.com/security-hub/pricing/',
  },

  ...acrossRegions<HubState>({
    read: readRegion,
    isDone: isOn,
    actionsFor,
    words: {
      done: (n) => `Security Hub checks CIS v5.0.0 in all ${n} enabled regions.`,
      todo: (regions) => `Security Hub does not check CIS v5.0.0 in ${regions.length} region${regions.length === 1 ? '' : 's'}: ${regionList(regions)}.`,
    },
  }),
});
