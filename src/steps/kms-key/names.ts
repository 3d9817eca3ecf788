/** The key's name (its alias), the tags on a key aws-harden makes, and the alias this step works on. */
import { answerOf } from '../answers.js';
import type { Answers, StepContext } from '../types.js';

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

/** The alias this step checks: the operator's earlier answer, else the default. */
export function checkedAlias(ctx: StepContext): string {
  return answerOf(ctx, 'kms-key', 'alias', validateAlias) ?? DEFAULT_KEY_ALIAS;
}

/** The alias the answers name. */
export function aliasOf(answers: Answers): string {
  return (answers.alias ?? DEFAULT_KEY_ALIAS).trim();
}
