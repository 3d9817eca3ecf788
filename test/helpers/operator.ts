/**
 * An operator for tests that call a step's `apply` directly, for steps that never need a person. A
 * secret offered for showing is not shown (as in a headless run: it is in the keychain); asking it to
 * wait for the console or to enroll MFA is a bug in the test, and fails it.
 */
import type { Operator } from '../../src/steps/types.js';

export function noOperator(): Operator {
  return {
    waitFor: (r) => Promise.reject(new Error(`this test's step waited for a person: ${r.title}`)),
    enrollMfa: (r) => Promise.reject(new Error(`this test's step asked a person to enroll MFA: ${r.label}`)),
    reveal: () => Promise.resolve(),
  };
}
