/** The account password policy the password-policy step applies by default (CIS): for tests that set one. */
import type { PasswordPolicy } from '../../src/aws/iam.js';

export const CIS_POLICY: Readonly<PasswordPolicy> = {
  minimumLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercase: true,
  requireLowercase: true,
  allowUsersToChangePassword: true,
  reusePrevention: 24,
  maxAgeDays: 0,
  hardExpiry: false,
};
