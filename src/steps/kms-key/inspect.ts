/**
 * What the kms-key step reads: the key behind the alias (its rotation and policy), or else the key an
 * interrupted run made for the alias, and the other keys aws-harden made that no alias points to.
 */
import { describeKey, getKeyPolicy, getKeyRotation, type KeyInfo } from '../../aws/kms.js';
import { parsePolicy, type PolicyDocument } from '../policies/index.js';
import type { StepContext } from '../types.js';
import { ALIAS_TAG, CREATED_BY } from './names.js';
import { findStrayKeys, unaliasedKeys } from './strays.js';

export interface KeyFacts extends KeyInfo {
  rotation: boolean;
  policy: PolicyDocument | undefined;
}

export interface KeyInspection {
  alias: string;
  key: KeyFacts | undefined;
  /** How the key was found: through the alias, or as a key aws-harden made for it whose alias is missing. */
  via: 'alias' | 'orphan' | 'none';
  /** Other keys aws-harden made that no alias points to (strays.ts). */
  strays: KeyInfo[];
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
  const ours = (tags: Record<string, string>) => tags[CREATED_BY.key] === CREATED_BY.value && tags[ALIAS_TAG] === alias;
  return (await unaliasedKeys(ctx.aws, ours, { first: true }))[0];
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
