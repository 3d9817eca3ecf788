/**
 * Keys of an adopted (or otherwise not aws-harden's) user that were made outside aws-harden: they may
 * be in use, so they are named (id, created, last used) and deleted only when the operator types their
 * ids; the default, and so every `--yes` run, leaves them.
 */
import { accessKeyLastUsed } from '../../aws/iam.js';
import type { AccessKeyInfo } from '../../aws/iam-identity.js';
import { ExitCode, OperatorError } from '../../errors.js';
import type { Answers, StepContext } from '../types.js';

/** IAM allows two access keys per user. */
export const KEYS_PER_USER = 2;

export interface ForeignKey {
  id: string;
  /** ISO dates, or undefined when AWS does not say (never used). */
  created?: string;
  lastUsed?: string;
}

function day(d: Date | undefined): string | undefined {
  return d ? d.toISOString().slice(0, 10) : undefined;
}

/** "AKIA… (created 2026-01-02, last used 2026-03-04)". */
export function describeForeignKey(k: ForeignKey): string {
  return `${k.id} (created ${k.created ?? 'on an unknown date'}, ${k.lastUsed ? `last used ${k.lastUsed}` : 'never used'})`;
}

export async function foreignKeys(ctx: StepContext, keys: AccessKeyInfo[]): Promise<ForeignKey[]> {
  const out: ForeignKey[] = [];
  for (const k of keys) {
    const created = day(k.created);
    const lastUsed = day(await accessKeyLastUsed(ctx.aws, k.id));
    out.push({ id: k.id, ...(created ? { created } : {}), ...(lastUsed ? { lastUsed } : {}) });
  }
  return out;
}

/** The foreign key ids the operator typed (space- or comma-separated). */
export function namedIds(answers: Answers | undefined): string[] {
  return (answers?.deleteKeys ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/** Throws before any change when the user would keep two keys aws-harden cannot touch. */
export function refuseFull(userName: string, kept: ForeignKey[]): void {
  if (kept.length < KEYS_PER_USER) return;
  throw new OperatorError(
    'usage',
    `"${userName}" already has ${kept.length} access keys made outside aws-harden (IAM allows ${KEYS_PER_USER}): ${kept.map(describeForeignKey).join('; ')}. They are left as they are, so no key can be added.`,
    'Run again interactively and type the id of a key that is no longer needed, or delete one in the IAM console yourself. --yes never deletes them.',
    ExitCode.StepFailed,
  );
}
