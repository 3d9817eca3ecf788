/** KMS, seen through the calls aws-harden makes. "Not found" comes back as `undefined`. */
import type {
  CancelKeyDeletionCommandInput,
  CreateAliasCommandInput,
  CreateKeyCommandInput,
  EnableKeyCommandInput,
  EnableKeyRotationCommandInput,
  PutKeyPolicyCommandInput,
} from '@aws-sdk/client-kms';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';

/** The facts about a key that the steps decide on. */
export interface KeyInfo {
  keyId: string;
  arn: string;
  /** Enabled | Disabled | PendingDeletion | PendingImport | Unavailable | Creating | … */
  state: string;
  /** CUSTOMER or AWS. */
  manager: string;
  /** SYMMETRIC_DEFAULT for the keys CloudTrail can use. */
  spec: string;
  usage: string;
  /** AWS_KMS for key material KMS made (the only kind KMS rotates automatically). */
  origin: string;
  deletionDate?: Date;
}

/**
 * The key an id, ARN or alias names; undefined when there is none. (An alias name that does not exist
 * is a NotFoundException, on AWS and on the emulator alike.)
 */
export async function describeKey(aws: Aws, keyId: string): Promise<KeyInfo | undefined> {
  const { DescribeKeyCommand } = await import('@aws-sdk/client-kms');
  try {
    const out = await (await aws.client('kms')).send(new DescribeKeyCommand({ KeyId: keyId }));
    const m = out.KeyMetadata;
    if (!m?.KeyId || !m.Arn) return undefined;
    return {
      keyId: m.KeyId,
      arn: m.Arn,
      state: m.KeyState ?? (m.Enabled ? 'Enabled' : 'Disabled'),
      manager: m.KeyManager ?? 'CUSTOMER',
      spec: m.KeySpec ?? m.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
      usage: m.KeyUsage ?? 'ENCRYPT_DECRYPT',
      origin: m.Origin ?? 'AWS_KMS',
      ...(m.DeletionDate ? { deletionDate: m.DeletionDate } : {}),
    };
  } catch (e) {
    if (isAwsError(e, 'NotFoundException')) return undefined;
    throw e;
  }
}

/**
 * The key policy text. `PolicyName` is optional on AWS today (it defaults to "default") but the
 * emulator requires it (moto/kms/responses.py `_assert_default_policy`); "default" is right on both.
 */
export async function getKeyPolicy(aws: Aws, keyId: string): Promise<string | undefined> {
  const { GetKeyPolicyCommand } = await import('@aws-sdk/client-kms');
  const out = await (await aws.client('kms')).send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
  return out.Policy;
}

/**
 * Whether automatic rotation is on. A key pending deletion may refuse the question on AWS
 * (KMSInvalidStateException); its rotation is then reported as off, which is what AWS does with it.
 */
export async function getKeyRotation(aws: Aws, keyId: string): Promise<boolean> {
  const { GetKeyRotationStatusCommand } = await import('@aws-sdk/client-kms');
  try {
    const out = await (await aws.client('kms')).send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    return out.KeyRotationEnabled === true;
  } catch (e) {
    if (isAwsError(e, 'KMSInvalidStateException')) return false;
    throw e;
  }
}

export interface AliasEntry {
  name: string;
  targetKeyId: string | undefined;
}

export async function listAliases(aws: Aws): Promise<AliasEntry[]> {
  const { ListAliasesCommand } = await import('@aws-sdk/client-kms');
  const kms = await aws.client('kms');
  const out: AliasEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListAliasesCommand(marker ? { Marker: marker } : {}));
    for (const a of page.Aliases ?? []) if (a.AliasName) out.push({ name: a.AliasName, targetKeyId: a.TargetKeyId });
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

export async function listKeyIds(aws: Aws): Promise<string[]> {
  const { ListKeysCommand } = await import('@aws-sdk/client-kms');
  const kms = await aws.client('kms');
  const out: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListKeysCommand(marker ? { Marker: marker } : {}));
    for (const k of page.Keys ?? []) if (k.KeyId) out.push(k.KeyId);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

export async function listKeyTags(aws: Aws, keyId: string): Promise<Record<string, string>> {
  const { ListResourceTagsCommand } = await import('@aws-sdk/client-kms');
  const kms = await aws.client('kms');
  const tags: Record<string, string> = {};
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, ...(marker ? { Marker: marker } : {}) }));
    for (const t of page.Tags ?? []) if (t.TagKey !== undefined) tags[t.TagKey] = t.TagValue ?? '';
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return tags;
}

/**
 * Creates a key; returns its id. When the answer is lost, a key may exist that nobody knows the id of
 * (billed every month, never rotated): a key that was not there before and carries this call's tags is
 * that one, and is adopted instead of making a second.
 */
export async function createKey(aws: Aws, input: CreateKeyCommandInput): Promise<string> {
  const { CreateKeyCommand } = await import('@aws-sdk/client-kms');
  const before = new Set(await listKeyIds(aws));
  const wanted = input.Tags ?? [];
  return sendOnce(
    async () => {
      const id = (await (await aws.client('kms')).send(new CreateKeyCommand(input))).KeyMetadata?.KeyId;
      if (!id) throw new Error('kms:CreateKey returned no KeyId');
      return id;
    },
    async () => {
      for (const id of await listKeyIds(aws)) {
        if (before.has(id)) continue;
        // Listed, so it exists: a not-found for it now is propagation, to be waited out (aws/propagation.ts).
        aws.propagation.made('KMS key', id);
        const tags = await listKeyTags(aws, id);
        if (wanted.every((t) => t.TagKey !== undefined && tags[t.TagKey] === (t.TagValue ?? ''))) return id;
      }
      return undefined;
    },
  );
}

/** Points a new alias at a key. A lost answer, or "already exists" for an alias at that very key, is done. */
export async function createAlias(aws: Aws, input: CreateAliasCommandInput): Promise<void> {
  const { CreateAliasCommand } = await import('@aws-sdk/client-kms');
  await sendOnce(
    async () => (await (await aws.client('kms')).send(new CreateAliasCommand(input)), true),
    async () => {
      const alias = (await listAliases(aws)).find((a) => a.name === input.AliasName);
      const target = alias?.targetKeyId ? await describeKey(aws, alias.targetKeyId) : undefined;
      const wanted = input.TargetKeyId ?? '';
      return target && (target.keyId === wanted || target.arn === wanted) ? true : undefined;
    },
    (e) => isAwsError(e, 'AlreadyExistsException'),
  );
}

/** Schedules a key's deletion after `days` (AWS's minimum is 7); it can be cancelled until then. */
export async function scheduleKeyDeletion(aws: Aws, keyId: string, days: number): Promise<void> {
  const { ScheduleKeyDeletionCommand } = await import('@aws-sdk/client-kms');
  await sendOnce(
    async () => (await (await aws.client('kms')).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days })), true),
    async () => ((await describeKey(aws, keyId))?.state === 'PendingDeletion' ? true : undefined),
  );
}

export async function cancelKeyDeletion(aws: Aws, input: CancelKeyDeletionCommandInput): Promise<void> {
  const { CancelKeyDeletionCommand } = await import('@aws-sdk/client-kms');
  await sendOnce(
    async () => (await (await aws.client('kms')).send(new CancelKeyDeletionCommand(input)), true),
    async () => {
      const state = (await describeKey(aws, input.KeyId ?? ''))?.state;
      return state !== undefined && state !== 'PendingDeletion' ? true : undefined;
    },
  );
}

export async function enableKey(aws: Aws, input: EnableKeyCommandInput): Promise<void> {
  const { EnableKeyCommand } = await import('@aws-sdk/client-kms');
  await (await aws.client('kms')).send(new EnableKeyCommand(input));
}

export async function putKeyPolicy(aws: Aws, input: PutKeyPolicyCommandInput): Promise<void> {
  const { PutKeyPolicyCommand } = await import('@aws-sdk/client-kms');
  await (await aws.client('kms')).send(new PutKeyPolicyCommand(input));
}

export async function enableKeyRotation(aws: Aws, input: EnableKeyRotationCommandInput): Promise<void> {
  const { EnableKeyRotationCommand } = await import('@aws-sdk/client-kms');
  await (await aws.client('kms')).send(new EnableKeyRotationCommand(input));
}
