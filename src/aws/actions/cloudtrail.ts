/** CloudTrail actions: the trail itself (its bucket is s3.ts's, its key policy kms.ts's). */
import type { CreateTrailCommandInput, StartLoggingCommandInput, UpdateTrailCommandInput } from '@aws-sdk/client-cloudtrail';
import { createTrail, putEventSelectors, startLogging, updateTrail, type EventSelectorsInput } from '../cloudtrail.js';
import type { ActionShape, Operation } from './types.js';

/** The settings UpdateTrail may change; the trail's name is the action's `Name`. */
export type TrailChanges = Omit<UpdateTrailCommandInput, 'Name'>;

export type CloudTrailAction =
  | ActionShape<'cloudtrail', 'CreateTrail', CreateTrailCommandInput>
  | ActionShape<'cloudtrail', 'UpdateTrail', UpdateTrailCommandInput>
  | ActionShape<'cloudtrail', 'PutEventSelectors', { TrailName: string } & EventSelectorsInput>
  | ActionShape<'cloudtrail', 'StartLogging', StartLoggingCommandInput>;

type Op<O extends CloudTrailAction['op']> = Operation<Extract<CloudTrailAction, { op: O }>, void>;

export const CLOUDTRAIL_OPERATIONS: { [O in CloudTrailAction['op'] as `cloudtrail:${O}`]: Op<O> } = {
  'cloudtrail:CreateTrail': { run: (aws, i) => createTrail(aws, i) },
  'cloudtrail:UpdateTrail': { run: (aws, i) => updateTrail(aws, i) },
  'cloudtrail:PutEventSelectors': { run: (aws, i) => putEventSelectors(aws, i) },
  'cloudtrail:StartLogging': { run: (aws, i) => startLogging(aws, i) },
};
