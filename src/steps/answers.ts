/**
 * One way to read an answer given earlier — to another step, or to this one in an earlier run:
 * --config first, then the journal, through `ctx.answersOf`. Typed by step, so a misspelt field does
 * not compile.
 */
import type { StepContext, StepId } from './types.js';

/** The answers each step takes (its questions' ids; --config accepts the same through `configKeys`). */
export interface AnswerFields {
  'root-mfa': never;
  'admin-group': 'groupName';
  'admin-user': 'userName' | 'existing' | 'accountAlias';
  'admin-mfa': never;
  'access-key': 'profile' | 'existingProfile' | 'deleteKeys';
  'password-policy': 'maxAgeDays';
  'kms-key': 'alias' | 'strays';
  cloudtrail: 'trail' | 'bucket' | 'keyAlias' | 'coverage';
  budget: 'name' | 'amount' | 'email';
  'security-contact': 'name' | 'title' | 'email' | 'phone' | 'also';
  's3-public-access': never;
  'support-role': 'roleName';
  'ebs-encryption': never;
  'access-analyzer': never;
  'default-security-groups': 'inUse';
  'trail-bucket-logging': 'bucket';
  'trail-alarms': 'email';
  guardduty: never;
  'aws-config': never;
  'security-hub': never;
  'root-access-keys': 'delete';
  'mfa-guard': never;
}

/**
 * The earlier answer `field` of `step`, trimmed; undefined when there is none, it is empty, or
 * `validate` refuses it (an answer that no longer passes is as good as none: the default stands).
 */
export function answerOf<S extends StepId>(ctx: StepContext, step: S, field: AnswerFields[S], validate?: (value: string) => string | undefined): string | undefined {
  const value = ctx.answersOf?.(step)?.[field]?.trim();
  return value && !validate?.(value) ? value : undefined;
}
