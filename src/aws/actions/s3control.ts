/** S3 Control actions: the account-level S3 Block Public Access. */
import { putAccountPublicAccessBlock, type PublicAccessBlock } from '../s3control.js';
import type { ActionShape, Operation } from './types.js';

export type S3ControlAction = ActionShape<'s3control', 'PutPublicAccessBlock', { AccountId: string; PublicAccessBlockConfiguration: PublicAccessBlock }>;

type Op<O extends S3ControlAction['op']> = Operation<Extract<S3ControlAction, { op: O }>, void>;

export const S3CONTROL_OPERATIONS: { [O in S3ControlAction['op'] as `s3control:${O}`]: Op<O> } = {
  's3control:PutPublicAccessBlock': { run: (aws, i) => putAccountPublicAccessBlock(aws, i.AccountId, i.PublicAccessBlockConfiguration) },
};
