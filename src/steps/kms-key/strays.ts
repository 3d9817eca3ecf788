/**
 * Keys aws-harden made that no alias points to. One is adopted: the key an interrupted run made for
 * this alias between CreateKey and CreateAlias (inspect.ts). The others are strays, left by a run whose
 * CreateKey answer was lost before the retry rules of aws/retry.ts, or by hand-deleted aliases. Each is
 * billed every month and is rotated by nobody's plan. Found on every run and always reported; deleted
 * only when asked (interactively, or `"strays": "schedule-deletion"` in --config), with AWS's shortest
 * waiting period, during which the deletion can still be cancelled.
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
 */
import type { Aws } from '../../aws/context.js';
import { describeKey, listAliases, listKeyIds, listKeyTags, type KeyInfo } from '../../aws/kms.js';
import { isOperatorError } from '../../errors.js';

/** AWS's minimum waiting period for ScheduleKeyDeletion. */
export const MIN_DELETION_DAYS = 7;

export const STRAY_ANSWERS = ['keep', 'schedule-deletion'] as const;

export function validateStrays(value: string): string | undefined {
  return (STRAY_ANSWERS as readonly string[]).includes(value) ? undefined : `use one of: ${STRAY_ANSWERS.join(', ')}`;
}

/**
 * Enabled or disabled keys that no alias points to, other than `skip`, whose tags `want` accepts;
 * with `first`, only the first one found.
 */
export async function unaliasedKeys(aws: Aws, want: (tags: Record<string, string>) => boolean, opts: { skip?: string | undefined; first?: boolean } = {}): Promise<KeyInfo[]> {
  // The keys first: an account without any (a new one) has no unaliased key, and its aliases need not be asked for.
  const keyIds = await listKeyIds(aws);
  if (keyIds.length === 0) return [];
  const aliased = new Set((await listAliases(aws)).map((a) => a.targetKeyId).filter((id): id is string => id !== undefined));
  const out: KeyInfo[] = [];
  for (const keyId of keyIds) {
    if (aliased.has(keyId) || keyId === opts.skip) continue;
    let tags: Record<string, string>;
    try {
      tags = await listKeyTags(aws, keyId);
    } catch (e) {
      // A key whose policy does not let us read it is not one we made.
      if (isOperatorError(e) && e.code === 'access-denied') continue;
      throw e;
    }
    if (!want(tags)) continue;
    const info = await describeKey(aws, keyId);
    if (info && (info.state === 'Enabled' || info.state === 'Disabled')) {
      out.push(info);
      if (opts.first) break;
    }
  }
  return out;
}

/** Keys tagged `tag` with no alias, other than `except`. */
export function findStrayKeys(aws: Aws, tag: { key: string; value: string }, except: string | undefined): Promise<KeyInfo[]> {
  return unaliasedKeys(aws, (tags) => tags[tag.key] === tag.value, { skip: except });
}

/** The sentence that reports them, whatever is decided about them. */
export function straysSentence(strays: readonly KeyInfo[]): string {
  if (strays.length === 0) return '';
  const ids = strays.map((k) => k.keyId).join(', ');
  return ` Also: ${strays.length === 1 ? 'a key' : `${strays.length} keys`} aws-harden made that no alias points to (${ids}), billed every month; answer strays "schedule-deletion" to delete ${strays.length === 1 ? 'it' : 'them'} after AWS's ${MIN_DELETION_DAYS}-day waiting period.`;
}
