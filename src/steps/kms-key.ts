/**
 * kms-key: a customer-managed symmetric KMS key behind an alias (default `alias/aws-harden`), with
 * automatic rotation and a key policy that keeps the account's own access and lets CloudTrail encrypt
 * logs with it. The alias is the key's identity: an existing alias is used, never a second key made.
 */
import type {
  CancelKeyDeletionCommandInput,
  CreateAliasCommandInput,
  CreateKeyCommandInput,
  EnableKeyCommandInput,
  EnableKeyRotationCommandInput,
  PutKeyPolicyCommandInput,
} from '@aws-sdk/client-kms';
import {
  cancelKeyDeletion,
  createAlias,
  createKey,
  describeKey,
  enableKey,
  enableKeyRotation,
  getKeyPolicy,
  getKeyRotation,
  listAliases,
  listKeyIds,
  listKeyTags,
  putKeyPolicy,
  scheduleKeyDeletion,
  type KeyInfo,
} from '../aws/kms.js';
import { findStrayKeys, MIN_DELETION_DAYS, straysSentence, validateStrays } from './kms-strays.js';
import { ExitCode, OperatorError, isOperatorError } from '../errors.js';
import {
  DEFAULT_TRAIL_NAME,
  KEY_SIDS,
  keepsAccountAccess,
  keyPolicyGaps,
  keyPolicyTrailArns,
  parsePolicy,
  partitionOf,
  policyText,
  proposeKeyPolicy,
  samePolicy,
  trailArn,
  type PolicyDocument,
  type PolicyScope,
} from './policies.js';
import { defineStep, type Answers, type ComparisonTable, type Finding, type PlannedCall, type Question, type StepContext, type StepId } from './types.js';
import { configHint } from '../config.js';

export const DEFAULT_KEY_ALIAS = 'alias/aws-harden';
/** Tags on a key aws-harden makes: who made it, and for which alias (to find it again if the alias is lost). */
export const CREATED_BY = { key: 'created-by', value: 'aws-harden' } as const;
export const ALIAS_TAG = 'aws-harden:alias';
/** Stands for the id CreateKey returns, in plans made before the key exists. */
export const NEW_KEY_ID = '<KeyId from CreateKey>';

/** KMS alias rules: `alias/` + 1–250 of [a-zA-Z0-9/_-]; `alias/aws/` is reserved for AWS managed keys. */
export function validateAlias(value: string): string | undefined {
  const v = value.trim();
  if (!v.startsWith('alias/')) return 'An alias starts with "alias/", e.g. alias/aws-harden.';
  if (v.toLowerCase().startsWith('alias/aws/')) return 'Aliases under "alias/aws/" are reserved for AWS managed keys; choose another.';
  const rest = v.slice('alias/'.length);
  if (rest.length < 1 || rest.length > 250) return 'After "alias/" come 1 to 250 characters.';
  if (!/^[a-zA-Z0-9/_-]+$/.test(rest)) return 'Only letters, digits, "/", "_" and "-" may follow "alias/".';
  return undefined;
}

export interface KeyFacts extends KeyInfo {
  rotation: boolean;
  policy: PolicyDocument | undefined;
}

export interface KeyInspection {
  alias: string;
  key: KeyFacts | undefined;
  /** How the key was found: through the alias, or as a key aws-harden made for it whose alias is missing. */
  via: 'alias' | 'orphan' | 'none';
  /** Other keys aws-harden made that no alias points to (kms-strays.ts). */
  strays: KeyInfo[];
}

export function scopeOf(ctx: StepContext): PolicyScope {
  return { partition: partitionOf(ctx.identity.arn), account: ctx.identity.account };
}

async function factsOf(ctx: StepContext, info: KeyInfo): Promise<KeyFacts> {
  const [rotation, policy] = await Promise.all([getKeyRotation(ctx.aws, info.keyId), getKeyPolicy(ctx.aws, info.keyId)]);
  return { ...info, rotation, policy: parsePolicy(policy) };
}

/** The key behind an alias, with its rotation and policy; undefined when the alias does not exist. */
export async function keyBehindAlias(ctx: StepContext, alias: string): Promise<KeyFacts | undefined> {
  const info = await describeKey(ctx.aws, alias);
  return info ? factsOf(ctx, info) : undefined;
}

/**
 * A key aws-harden made for `alias` that no alias points at: what an interrupted run leaves between
 * CreateKey and CreateAlias. Adopting it keeps "nothing is created twice" true without the journal.
 */
async function findOrphan(ctx: StepContext, alias: string): Promise<KeyInfo | undefined> {
  const aliased = new Set((await listAliases(ctx.aws)).map((a) => a.targetKeyId).filter((id): id is string => id !== undefined));
  for (const keyId of await listKeyIds(ctx.aws)) {
    if (aliased.has(keyId)) continue;
    let tags: Record<string, string>;
    try {
      tags = await listKeyTags(ctx.aws, keyId);
    } catch (e) {
      // A key whose policy does not let us read it is not one we made.
      if (isOperatorError(e) && e.code === 'access-denied') continue;
      throw e;
    }
    if (tags[CREATED_BY.key] !== CREATED_BY.value || tags[ALIAS_TAG] !== alias) continue;
    const info = await describeKey(ctx.aws, keyId);
    if (info && (info.state === 'Enabled' || info.state === 'Disabled')) return info;
  }
  return undefined;
}

export async function inspectKey(ctx: StepContext, alias: string): Promise<KeyInspection> {
  const key = await keyBehindAlias(ctx, alias);
  const orphan = key ? undefined : await findOrphan(ctx, alias);
  const strays = await findStrayKeys(ctx.aws, CREATED_BY, key?.keyId ?? orphan?.keyId);
  if (key) return { alias, key, via: 'alias', strays };
  return orphan ? { alias, key: await factsOf(ctx, orphan), via: 'orphan', strays } : { alias, key: undefined, via: 'none', strays };
}

/** Why this key cannot be the CloudTrail key, or undefined when it can (possibly after fixing). */
export function unusableReason(alias: string, key: KeyInfo): string | undefined {
  if (key.manager !== 'CUSTOMER') return `${alias} points at an AWS managed key, whose policy cannot be changed.`;
  if (key.spec !== 'SYMMETRIC_DEFAULT' || key.usage !== 'ENCRYPT_DECRYPT') {
    return `${alias} points at a ${key.spec} ${key.usage} key; CloudTrail needs a symmetric encryption key.`;
  }
  if (key.origin !== 'AWS_KMS') return `${alias} points at a key with ${key.origin} key material, which KMS cannot rotate automatically.`;
  if (!['Enabled', 'Disabled', 'PendingDeletion'].includes(key.state)) return `${alias} points at key ${key.keyId}, which is ${key.state}.`;
  return undefined;
}

/** An earlier answer (--config, then the journal, through `ctx.answersOf`) if it is still valid. */
export function answered(ctx: StepContext, step: StepId, key: string, validate: (v: string) => string | undefined): string | undefined {
  const v = ctx.answersOf?.(step)?.[key]?.trim();
  return v && !validate(v) ? v : undefined;
}

/** The alias this step checks: the operator's earlier answer, else the default. */
export function checkedAlias(ctx: StepContext): string {
  return answered(ctx, 'kms-key', 'alias', validateAlias) ?? DEFAULT_KEY_ALIAS;
}

/** The key policy this step wants on `current`. */
export function wantedKeyPolicy(ctx: StepContext, current: PolicyDocument | undefined): PolicyDocument {
  const scope = scopeOf(ctx);
  // Scoped to the trails already named there; a fresh policy names the trail the cloudtrail step will
  // make (its answer when one was given, e.g. in --config; else its default).
  const trail = ctx.answersOf?.('cloudtrail')?.trail?.trim() || DEFAULT_TRAIL_NAME;
  const arns = keyPolicyTrailArns(current).length > 0 ? [] : [trailArn(scope, ctx.region, trail)];
  return proposeKeyPolicy(current, scope, arns);
}

type KeyAction =
  | { op: 'CreateKey'; input: CreateKeyCommandInput; note: string }
  | { op: 'CreateAlias'; input: CreateAliasCommandInput; note: string }
  | { op: 'CancelKeyDeletion'; input: CancelKeyDeletionCommandInput; note: string }
  | { op: 'EnableKey'; input: EnableKeyCommandInput; note: string }
  | { op: 'PutKeyPolicy'; input: PutKeyPolicyCommandInput; note: string }
  | { op: 'EnableKeyRotation'; input: EnableKeyRotationCommandInput; note: string }
  | { op: 'ScheduleKeyDeletion'; input: { KeyId: string; PendingWindowInDays: number }; note: string };

/** The calls that take the inspected state to done, in order, then the strays' deletion when asked. Plan and apply both come from here. */
function actionsFor(ctx: StepContext, ins: KeyInspection, strays = 'keep'): KeyAction[] {
  const deleteStrays: KeyAction[] = strays === 'schedule-deletion'
    ? ins.strays.map((k) => ({ op: 'ScheduleKeyDeletion', input: { KeyId: k.keyId, PendingWindowInDays: MIN_DELETION_DAYS }, note: `a key aws-harden made that no alias points to; deleted after ${MIN_DELETION_DAYS} days unless cancelled` }))
    : [];
  return [...keyActions(ctx, ins), ...deleteStrays];
}

function keyActions(ctx: StepContext, ins: KeyInspection): KeyAction[] {
  const key = ins.key;
  if (!key) {
    const policy = wantedKeyPolicy(ctx, undefined);
    return [
      {
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
      { op: 'CreateAlias', input: { AliasName: ins.alias, TargetKeyId: NEW_KEY_ID }, note: 'the name the other steps find the key by' },
      // No RotationPeriodInDays: AWS's default (365 days). The emulator ignores the field anyway.
      { op: 'EnableKeyRotation', input: { KeyId: NEW_KEY_ID }, note: 'new key material every year' },
    ];
  }
  const actions: KeyAction[] = [];
  const KeyId = key.keyId;
  if (ins.via === 'orphan') {
    actions.push({ op: 'CreateAlias', input: { AliasName: ins.alias, TargetKeyId: KeyId }, note: 'adopt the key an interrupted run made, instead of making a second one' });
  }
  if (key.state === 'PendingDeletion') actions.push({ op: 'CancelKeyDeletion', input: { KeyId }, note: 'the key is scheduled for deletion; cancelling leaves it disabled' });
  if (key.state !== 'Enabled') actions.push({ op: 'EnableKey', input: { KeyId }, note: 'a disabled key cannot encrypt logs' });
  const wanted = wantedKeyPolicy(ctx, key.policy);
  if (!samePolicy(key.policy, wanted)) {
    actions.push({ op: 'PutKeyPolicy', input: { KeyId, PolicyName: 'default', Policy: policyText(wanted) }, note: 'keeps every statement already there; adds or updates the CloudTrail ones' });
  }
  // A key back from pending deletion has its rotation re-asserted: AWS reports it off while pending.
  if (!key.rotation || key.state === 'PendingDeletion') actions.push({ op: 'EnableKeyRotation', input: { KeyId }, note: 'new key material every year' });
  return actions;
}

function toPlannedCall(a: KeyAction): PlannedCall {
  return { service: 'kms', operation: a.op, params: { ...a.input }, note: a.note };
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

function describeState(key: KeyFacts): string {
  if (key.state === 'PendingDeletion') return `pending deletion${key.deletionDate ? ` (on ${key.deletionDate.toISOString().slice(0, 10)})` : ''}`;
  return key.state.toLowerCase();
}

function tableFor(ctx: StepContext, ins: KeyInspection): ComparisonTable {
  const key = ins.key;
  const scope = scopeOf(ctx);
  const wanted = wantedKeyPolicy(ctx, key?.policy);
  const gaps = key ? keyPolicyGaps(key.policy, wanted, scope) : [];
  const has = (sid: string) => (key?.policy?.Statement ?? []).some((s) => s.Sid === sid) && !gaps.some((g) => g.includes(sid));
  const row = (label: string, current: string, proposed: string) => ({ label, current, proposed, changes: current !== proposed });
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      row(`key of ${ins.alias.length > 24 ? 'the alias' : ins.alias}`, key ? (ins.via === 'orphan' ? `${key.keyId} (no alias)` : key.keyId) : '— (no such alias)', key ? key.keyId : 'a new symmetric key'),
      row('state', key ? describeState(key) : '—', 'enabled'),
      row('yearly rotation', key ? yesNo(key.rotation) : '—', 'yes'),
      row('account keeps control', key ? yesNo(keepsAccountAccess(key.policy, scope)) : '—', 'yes'),
      row('CloudTrail may encrypt', key ? yesNo(has(KEY_SIDS.encrypt) && has(KEY_SIDS.describe)) : '—', 'yes'),
      row('account may decrypt logs', key ? yesNo(has(KEY_SIDS.decrypt)) : '—', 'yes'),
      row('CloudTrail may use the Bucket Key', key ? yesNo(has(KEY_SIDS.bucketKey)) : '—', 'yes'),
    ],
  };
}

/** The finding for an inspection: done only when no call is left to make. */
export function findingFor(ctx: StepContext, ins: KeyInspection): Finding<KeyInspection> {
  const key = ins.key;
  const table = tableFor(ctx, ins);
  if (!key) {
    return { status: 'todo', summary: `No key has the alias ${ins.alias} yet: a symmetric key with yearly rotation and a CloudTrail key policy will be made.${straysSentence(ins.strays)}`, table, data: ins };
  }
  const blocked = unusableReason(ins.alias, key);
  if (blocked) return { status: 'blocked', summary: `${blocked} Choose another alias (with --yes: ${configHint('kms-key', { alias: 'alias/…' })}).`, table, data: ins };
  const actions = keyActions(ctx, ins);
  if (actions.length === 0) {
    return { status: 'done', summary: `Key ${key.keyId} (${ins.alias}) is enabled, rotates yearly, and lets CloudTrail encrypt logs.${straysSentence(ins.strays)}`, table, data: ins };
  }
  const problems: string[] = [];
  if (ins.via === 'orphan') problems.push(`key ${key.keyId} was made for ${ins.alias} by an interrupted run but has no alias`);
  if (key.state === 'PendingDeletion') problems.push(`the key is ${describeState(key)}: the deletion will be cancelled and the key enabled`);
  else if (key.state !== 'Enabled') problems.push('the key is disabled: it will be enabled');
  if (!key.rotation) problems.push('rotation is off');
  const gaps = keyPolicyGaps(key.policy, wantedKeyPolicy(ctx, key.policy), scopeOf(ctx));
  if (gaps.length) problems.push(`key policy: ${gaps.join('; ')}`);
  return { status: 'todo', summary: `${ins.alias} → key ${key.keyId}: ${problems.join('; ')}.${straysSentence(ins.strays)}`, table, data: ins };
}

function aliasOf(answers: Answers): string {
  return (answers.alias ?? DEFAULT_KEY_ALIAS).trim();
}

export const kmsKeyStep = defineStep<KeyInspection>({
  id: 'kms-key',
  title: 'KMS key',
  why: "Logs encrypted with the account's own rotating key can only be read by those the key policy allows, and every use of the key is itself logged.",

  configKeys: { alias: validateAlias, strays: validateStrays },

  async check(ctx) {
    return findingFor(ctx, await inspectKey(ctx, checkedAlias(ctx)));
  },

  questions(_ctx, finding): Question[] {
    return [
      {
        kind: 'text',
        id: 'alias',
        prompt: 'Alias of the key for CloudTrail logs',
        default: finding.data?.alias ?? DEFAULT_KEY_ALIAS,
        help: 'An existing alias is reused (its key is fixed up, never replaced); a new one gets a new key. The CloudTrail step finds the key by this alias.',
        validate: validateAlias,
      },
      ...(finding.data?.strays.length
        ? [{
            kind: 'choice' as const,
            id: 'strays',
            prompt: `${finding.data.strays.length === 1 ? 'A key' : `${finding.data.strays.length} keys`} aws-harden made that no alias points to (${finding.data.strays.map((k) => k.keyId).join(', ')})`,
            default: 'keep',
            help: `Each is billed every month. Scheduled deletion waits ${MIN_DELETION_DAYS} days (AWS's minimum), and can be cancelled until then.`,
            options: [
              { value: 'keep', label: 'keep them' },
              { value: 'schedule-deletion', label: `schedule their deletion (in ${MIN_DELETION_DAYS} days)` },
            ],
            destructive: true,
          }]
        : []),
    ];
  },

  /** Another alias than the one checked: read it, so the sentence, table and calls are about that key. */
  async recheck(ctx, finding, answers) {
    const alias = aliasOf(answers);
    return finding.data?.alias === alias ? finding : findingFor(ctx, await inspectKey(ctx, alias));
  },

  plan(ctx, finding, answers) {
    const alias = aliasOf(answers);
    if (finding.data && finding.data.alias === alias) return actionsFor(ctx, finding.data, answers.strays).map(toPlannedCall);
    // Another alias than the one checked: apply reads it first and makes only the calls still needed.
    return actionsFor(ctx, { alias, key: undefined, via: 'none', strays: finding.data?.strays ?? [] }, answers.strays).map((a) => ({ ...toPlannedCall(a), note: `${a.note} (if ${alias} does not exist yet; apply reads it first)` }));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the plan may be minutes old, and the answer may name another alias than the check did.
    const ins = await inspectKey(ctx, aliasOf(answers));
    const blocked = ins.key ? unusableReason(ins.alias, ins.key) : undefined;
    if (blocked) throw new OperatorError('aws', blocked, 'Run again and choose another alias.', ExitCode.StepFailed);
    let keyId = ins.key?.keyId ?? NEW_KEY_ID;
    const real = <T extends { KeyId?: string | undefined }>(input: T): T => (input.KeyId === NEW_KEY_ID ? { ...input, KeyId: keyId } : input);
    for (const a of actionsFor(ctx, ins, answers.strays)) {
      switch (a.op) {
        case 'CreateKey':
          keyId = await createKey(ctx.aws, a.input);
          break;
        case 'CreateAlias':
          await createAlias(ctx.aws, { ...a.input, TargetKeyId: a.input.TargetKeyId === NEW_KEY_ID ? keyId : a.input.TargetKeyId });
          break;
        case 'CancelKeyDeletion':
          await cancelKeyDeletion(ctx.aws, real(a.input));
          break;
        case 'EnableKey':
          await enableKey(ctx.aws, real(a.input));
          break;
        case 'PutKeyPolicy':
          await putKeyPolicy(ctx.aws, real(a.input));
          break;
        case 'EnableKeyRotation':
          await enableKeyRotation(ctx.aws, real(a.input));
          break;
        case 'ScheduleKeyDeletion':
          await scheduleKeyDeletion(ctx.aws, a.input.KeyId, a.input.PendingWindowInDays);
          break;
        default: {
          const never: never = a;
          throw new Error(`unhandled action ${JSON.stringify(never)}`);
        }
      }
    }
  },

  /** Done only for the alias the operator chose, read back through the alias itself. */
  async verify(ctx, answers) {
    const alias = aliasOf(answers);
    const key = await keyBehindAlias(ctx, alias);
    return findingFor(ctx, { alias, key, via: key ? 'alias' : 'none', strays: [] });
  },
});
