/**
 * CIS AWS Foundations checks on access keys, as pure functions of the key list and the date:
 * 1.13 "Ensure access keys are rotated every 90 days or less" and 1.12 "Ensure there is only one
 * active access key for any single IAM user".
 */

/** CIS 1.13: a key older than this many days is due for rotation. */
export const MAX_KEY_AGE_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whole days since `created` (0 on the day it was made); undefined when AWS gives no date. */
export function ageInDays(created: Date | undefined, now: Date): number | undefined {
  if (!created) return undefined;
  return Math.max(0, Math.floor((now.getTime() - created.getTime()) / DAY_MS));
}

/** CIS 1.13: older than 90 days. A key exactly 90 days old is still within the rule. */
export function isTooOld(ageDays: number | undefined): boolean {
  return ageDays !== undefined && ageDays > MAX_KEY_AGE_DAYS;
}

/** CIS 1.12: more than one active key. */
export function hasSeveralActive(keys: readonly { status: string }[]): boolean {
  return keys.filter((k) => k.status === 'Active').length > 1;
}
