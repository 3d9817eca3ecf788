/** S3 actions: the trail bucket, private and encrypted, and its access logging. */
import type {
  BucketLocationConstraint,
  CreateBucketCommandInput,
  PutBucketAclCommandInput,
  PutBucketEncryptionCommandInput,
  PutBucketLoggingCommandInput,
  PutBucketOwnershipControlsCommandInput,
  PutBucketPolicyCommandInput,
  PutBucketVersioningCommandInput,
  PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3';
import { createBucket, putBucketAcl, putBucketLogging, putBucketPolicy, putEncryption, putOwnershipControls, putPublicAccessBlock, putVersioning } from '../s3.js';
import type { ActionShape, Operation } from './types.js';

/** CreateBucket with the region as a plain string (the SDK's enum of regions is its business, not a step's). */
export type CreateBucketInput = Omit<CreateBucketCommandInput, 'CreateBucketConfiguration'> & {
  CreateBucketConfiguration?: { LocationConstraint: string };
};

export type S3Action =
  | ActionShape<'s3', 'CreateBucket', CreateBucketInput>
  | ActionShape<'s3', 'PutBucketAcl', PutBucketAclCommandInput>
  | ActionShape<'s3', 'PutBucketOwnershipControls', PutBucketOwnershipControlsCommandInput>
  | ActionShape<'s3', 'PutPublicAccessBlock', PutPublicAccessBlockCommandInput>
  | ActionShape<'s3', 'PutBucketVersioning', PutBucketVersioningCommandInput>
  | ActionShape<'s3', 'PutBucketEncryption', PutBucketEncryptionCommandInput>
  | ActionShape<'s3', 'PutBucketPolicy', PutBucketPolicyCommandInput>
  | ActionShape<'s3', 'PutBucketLogging', PutBucketLoggingCommandInput>;

export interface S3Results {
  /** False when the name belongs to another account (bucket names are global). */
  CreateBucket: boolean;
}

type Op<O extends S3Action['op']> = Operation<Extract<S3Action, { op: O }>, O extends keyof S3Results ? S3Results[O] : void>;

export const S3_OPERATIONS: { [O in S3Action['op'] as `s3:${O}`]: Op<O> } = {
  's3:CreateBucket': {
    run: (aws, { CreateBucketConfiguration: config, ...rest }) =>
      createBucket(aws, { ...rest, ...(config ? { CreateBucketConfiguration: { LocationConstraint: config.LocationConstraint as BucketLocationConstraint } } : {}) }),
  },
  's3:PutBucketAcl': { run: (aws, i) => putBucketAcl(aws, i) },
  's3:PutBucketOwnershipControls': { run: (aws, i) => putOwnershipControls(aws, i) },
  's3:PutPublicAccessBlock': { run: (aws, i) => putPublicAccessBlock(aws, i) },
  's3:PutBucketVersioning': { run: (aws, i) => putVersioning(aws, i) },
  's3:PutBucketEncryption': { run: (aws, i) => putEncryption(aws, i) },
  's3:PutBucketPolicy': { run: (aws, i) => putBucketPolicy(aws, i) },
  's3:PutBucketLogging': { run: (aws, i) => putBucketLogging(aws, i) },
};
