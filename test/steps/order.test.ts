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
];

describe('the order of the steps', () => {
  it.each(NEEDS)('%s comes before %s: %s', (earlier, later) => {
    expect(ids).toContain(earlier);
    expect(ids).toContain(later);
    expect(ids.indexOf(earlier)).toBeLessThan(ids.indexOf(later));
  });

  it('root-access-keys is last: it deletes the keys the run itself may be signed with', () => {
    expect(ids.at(-1)).toBe('root-access-keys');
  });

  it('every id appears once: ids are the keys of the journal and of --config', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });
});
