/** KMS actions: the kms-key step's key, and the key policy the cloudtrail step extends. */
import type {
  CancelKeyDeletionCommandInput,
  CreateAliasCommandInput,
  CreateKeyCommandInput,
  EnableKeyCommandInput,
  EnableKeyRotationCommandInput,
  PutKeyPolicyCommandInput,
} from '@aws-sdk/client-kms';
import { cancelKeyDeletion, createAlias, createKey, enableKey, enableKeyRotation, putKeyPolicy, scheduleKeyDeletion } from '../kms.js';
import type { ActionShape, Operation } from './types.js';

export type KmsAction =
  | ActionShape<'kms', 'CreateKey', CreateKeyCommandInput>
  | ActionShape<'kms', 'CreateAlias', CreateAliasCommandInput>
  | ActionShape<'kms', 'CancelKeyDeletion', CancelKeyDeletionCommandInput>
  | ActionShape<'kms', 'EnableKey', EnableKeyCommandInput>
  | ActionShape<'kms', 'PutKeyPolicy', PutKeyPolicyCommandInput>
  | ActionShape<'kms', 'EnableKeyRotation', EnableKeyRotationCommandInput>
  | ActionShape<'kms', 'ScheduleKeyDeletion', { KeyId: string; PendingWindowInDays: number }>;

export interface KmsResults {
  /** The new key's id. */
  CreateKey: string;
}

type Op<O extends KmsAction['op']> = Operation<Extract<KmsAction, { op: O }>, O extends keyof KmsResults ? KmsResults[O] : void>;

export const KMS_OPERATIONS: { [O in KmsAction['op'] as `kms:${O}`]: Op<O> } = {
  'kms:CreateKey': { run: (aws, i) => createKey(aws, i) },
  'kms:CreateAlias': { run: (aws, i) => createAlias(aws, i) },
  'kms:CancelKeyDeletion': { run: (aws, i) => cancelKeyDeletion(aws, i) },
  'kms:EnableKey': { run: (aws, i) => enableKey(aws, i) },
  'kms:PutKeyPolicy': { run: (aws, i) => putKeyPolicy(aws, i) },
  'kms:EnableKeyRotation': { run: (aws, i) => enableKeyRotation(aws, i) },
  'kms:ScheduleKeyDeletion': { run: (aws, i) => scheduleKeyDeletion(aws, i.KeyId, i.PendingWindowInDays) },
};
