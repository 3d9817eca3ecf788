/**
 * guardduty: a GuardDuty detector is on in every enabled region the run can reach (the CIS control
 * "GuardDuty is enabled", in every region). A region without a detector gets one (CreateDetector,
 * Enable true); a region whose detector is suspended has it turned on again (UpdateDetector). Paid.
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html
 *
 * FindingPublishingFrequency is SIX_HOURS, AWS's default: it only sets how often *updates* to a
 * finding are sent again to EventBridge; new findings go out within about five minutes whatever it is
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_cloudwatch.html). Protection
 * plans are left to AWS's defaults for a new detector (every optional feature but Runtime Monitoring).
 */
import type { GuardDutyAction } from '../aws/actions/index.js';
import { detectorOf, type DetectorState } from '../aws/guardduty.js';
import { acrossRegions, regionList, type RegionalState } from './regional.js';
import { defineStep } from './types.js';

type State = DetectorState;

const isOn = (d: DetectorState): boolean => d.id !== undefined && d.enabled;

/** One region's changes: plan and apply both come from here. */
function actionsFor(region: string, d: DetectorState): GuardDutyAction[] {
  if (d.id === undefined) {
    return [{ service: 'guardduty', op: 'CreateDetector', region, input: { Enable: true, FindingPublishingFrequency: 'SIX_HOURS' }, note: `GuardDuty on in ${region}` }];
  }
  if (!d.enabled) return [{ service: 'guardduty', op: 'UpdateDetector', region, input: { DetectorId: d.id, Enable: true }, note: `the suspended detector in ${region} turned back on` }];
  return [];
}

export const guarddutyStep = defineStep<RegionalState<State>>({
  id: 'guardduty',
  title: 'GuardDuty',
  why: 'GuardDuty watches CloudTrail, VPC flow and DNS logs for signs of a compromise (leaked keys used from odd places, crypto-mining, reconnaissance) in every region, including the ones nobody uses.',
  cost: {
    summary: 'GuardDuty bills by the events and logs it analyses: for a quiet new account a few cents to about $1 a month per region, after a 30-day free trial in each region.',
    pricing: 'https://aws.amazon.com/guardduty/pricing/',
  },

  ...acrossRegions<State>({
    read: (aws) => detectorOf(aws),
    isDone: isOn,
    actionsFor,
    words: {
      done: (n) => `GuardDuty is on in all ${n} enabled regions.`,
      todo: (regions) => `GuardDuty is off in ${regions.length} region${regions.length === 1 ? '' : 's'}: ${regionList(regions)}.`,
    },
  }),
});
