/**
 * The order of src/steps/index.ts, as the reasons it must have (DESIGN.md "The steps (order matters)";
 * "never lock the operator out": every irreversible change comes after its replacement is proven).
 * Not the list itself: a step added anywhere that keeps these true passes.
 */
import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import type { StepId } from '../../src/steps/types.js';

const ids = STEPS.map((s) => s.id);

/** [earlier, later, why the later one needs the earlier one]. */
const NEEDS: Array<[StepId, StepId, string]> = [
  ['admin-group', 'admin-user', 'the admin user is put in the admin group'],
  ['admin-user', 'admin-mfa', "the MFA device is the admin user's"],
  ['admin-user', 'access-key', "the access key is the admin user's"],
  ['access-key', 'root-access-keys', "root's keys go only once the admin key is proven to work"],
  ['kms-key', 'cloudtrail', 'the trail encrypts its logs with the key (and the key policy lets CloudTrail use it)'],
  ['cloudtrail', 'trail-bucket-logging', "the access logs are the trail bucket's"],
  ['cloudtrail', 'trail-alarms', "the alarms watch the trail's events, delivered to CloudWatch Logs by the trail"],
  ['budget', 'trail-alarms', "the alarms e-mail the budget's address"],
  ['admin-mfa', 'mfa-guard', 'the guard would leave an admin without an MFA device able to do nothing but enroll one'],
  ['access-key', 'mfa-guard', 'the guard waits for an MFA session, made with the admin key through its profile'],
  ['root-access-keys', 'mfa-guard', 'root-access-keys reads back with the long-term admin key, which the guard denies'],
  ['budget', 'security-contact', "the security contact's e-mail address is offered from the budget's answer"],
];

describe('the order of the steps', () => {
  it.each(NEEDS)('%s comes before %s: %s', (earlier, later) => {
    expect(ids).toContain(earlier);
    expect(ids).toContain(later);
    expect(ids.indexOf(earlier)).toBeLessThan(ids.indexOf(later));
  });

  it('after root-access-keys (which deletes the keys the run itself may be signed with) comes only the MFA guard, which reads as the admin', () => {
    expect(ids.slice(ids.indexOf('root-access-keys') + 1)).toEqual(['mfa-guard']);
  });

  it('every id appears once: ids are the keys of the journal and of --config', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });
});
