/**
 * The calls that take the inspected key to done, in order, then the strays' deletion when asked.
 * Plan and apply both come from `actionsFor`; apply makes them with `applyKeyActions`.
 */
import { runAction, type KmsAction } from '../../aws/actions/index.js';
import type { Aws } from '../../aws/context.js';
import { policyText, samePolicy } from '../policies/index.js';
import type { StepContext } from '../types.js';
import type { KeyInspection } from './inspect.js';
import { ALIAS_TAG, CREATED_BY, NEW_KEY_ID } from './names.js';
import { wantedKeyPolicy } from './policy.js';
import { MIN_DELETION_DAYS } from './strays.js';

/** `strays`: the operator's answer about the strays ('schedule-deletion' deletes them). */
export function actionsFor(ctx: StepContext, ins: KeyInspection, strays = 'keep'): KmsAction[] {
  const deleteStrays: KmsAction[] =
    strays === 'schedule-deletion'
      ? ins.strays.map((k) => ({
          service: 'kms',
          op: 'ScheduleKeyDeletion',
          input: { KeyId: k.keyId, PendingWindowInDays: MIN_DELETION_DAYS },
          note: `a key aws-harden made that no alias points to; deleted after ${MIN_DELETION_DAYS} days unless cancelled`,
        }))
      : [];
  return [...keyActions(ctx, ins), ...deleteStrays];
}

/** The key's own calls: none when it is done (the finding says `done` exactly then). */
export function keyActions(ctx: StepContext, ins: KeyInspection): KmsAction[] {
  const key = ins.key;
  if (!key) {
    const policy = wantedKeyPolicy(ctx, undefined);
    return [
      {
        service: 'kms',
        op: 'CreateKey',
        input: {
          Description: `aws-harden: encrypts CloudTrail logs (${ins.alias})`,
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyUsage: 'ENCRYPT_DECRYPT',
          Policy: policyText(policy),
          Tags: [
            { TagKey: CREATED_BY.key, TagValue: CREATED_BY.value },
            { TagKey: ALIAS_TAG, TagValue: ins.alias },
          ],
        },
        note: 'a symmetric key whose policy keeps the account in control and lets CloudTrail use it',
      },
      { service: 'kms', op: 'CreateAlias', input: { AliasName: ins.alias, TargetKeyId: NEW_KEY_ID }, note: 'the name the other steps find the key by' },
      // No RotationPeriodInDays: AWS's default (365 days). The emulator ignores the field anyway.
      { service: 'kms', op: 'EnableKeyRotation', input: { KeyId: NEW_KEY_ID }, note: 'new key material every year' },
    ];
  }
  const actions: KmsAction[] = [];
  const KeyId = key.keyId;
  if (ins.via === 'orphan') {
    actions.push({ service: 'kms', op: 'CreateAlias', input: { AliasName: ins.alias, TargetKeyId: KeyId }, note: 'adopt the key an interrupted run made, instead of making a second one' });
  }
  if (key.state === 'PendingDeletion') actions.push({ service: 'kms', op: 'CancelKeyDeletion', input: { KeyId }, note: 'the key is scheduled for deletion; cancelling leaves it disabled' });
  if (key.state !== 'Enabled') actions.push({ service: 'kms', op: 'EnableKey', input: { KeyId }, note: 'a disabled key cannot encrypt logs' });
  const wanted = wantedKeyPolicy(ctx, key.policy);
  if (!samePolicy(key.policy, wanted)) {
    actions.push({
      service: 'kms',
      op: 'PutKeyPolicy',
      input: { KeyId, PolicyName: 'default', Policy: policyText(wanted) },
      note: 'keeps every statement already there; adds or updates the CloudTrail ones',
    });
  }
  // A key back from pending deletion has its rotation re-asserted: AWS reports it off while pending.
  if (!key.rotation || key.state === 'PendingDeletion') actions.push({ service: 'kms', op: 'EnableKeyRotation', input: { KeyId }, note: 'new key material every year' });
  return actions;
}

/**
 * Makes the calls in order. A new key's id is known only once CreateKey answers: the plan's
 * NEW_KEY_ID placeholder in the calls after it is that id.
 */
export async function applyKeyActions(aws: Aws, actions: readonly KmsAction[]): Promise<void> {
  let keyId = NEW_KEY_ID;
  const bound = <A extends KmsAction>(a: A): A => ({ ...a, input: Object.fromEntries(Object.entries(a.input).map(([k, v]) => [k, v === NEW_KEY_ID ? keyId : v])) });
  for (const a of actions) {
    if (a.op === 'CreateKey') keyId = await runAction(aws, a);
    else await runAction(aws, bound(a));
  }
}
