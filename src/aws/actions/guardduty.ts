/** GuardDuty actions: a region's detector, made or turned on. */
import { createDetector, enableDetector, type CreateDetectorCommandInput } from '../guardduty.js';
import type { ActionShape, Operation } from './types.js';

export type GuardDutyAction =
  | ActionShape<'guardduty', 'CreateDetector', Pick<CreateDetectorCommandInput, 'Enable' | 'FindingPublishingFrequency'>>
  | ActionShape<'guardduty', 'UpdateDetector', { DetectorId: string; Enable: true }>;

type Op<O extends GuardDutyAction['op']> = Operation<Extract<GuardDutyAction, { op: O }>, void>;

export const GUARDDUTY_OPERATIONS: { [O in GuardDutyAction['op'] as `guardduty:${O}`]: Op<O> } = {
  'guardduty:CreateDetector': { run: (aws, i) => createDetector(aws, i) },
  'guardduty:UpdateDetector': { run: (aws, i) => enableDetector(aws, i.DetectorId) },
};
