import { describe, expect, it } from 'vitest';
import { passwordPolicyInput, type PasswordPolicy } from '../../src/aws/iam.js';
import { cisShortfalls, comparisonTable, proposePolicy, validateMaxAge } from '../../src/steps/password-policy.js';

const weak: PasswordPolicy = {
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: false,
  requireNumbers: false,
  requireSymbols: false,
  allowUsersToChangePassword: false,
  maxAgeDays: 0,
  reusePrevention: 0,
  hardExpiry: false,
};

describe('password policy logic', () => {
  it('names every CIS shortfall', () => {
    expect(cisShortfalls(undefined)).toEqual(['no password policy is set']);
    expect(cisShortfalls(weak)).toEqual(['minimum length 8 < 14', 'does not require lowercase, numbers, symbols', 'reuse prevention off < 24', 'users cannot change their own password']);
  });

  it('proposes CIS values when nothing is set', () => {
    const p = proposePolicy(undefined, 0);
    expect(p).toEqual({
      minimumLength: 14,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      maxAgeDays: 0,
      reusePrevention: 24,
      hardExpiry: false,
    });
    expect(cisShortfalls(p)).toEqual([]);
  });

  it('never weakens a stronger existing setting', () => {
    const strong = { ...weak, minimumLength: 20, reusePrevention: 24, hardExpiry: true, maxAgeDays: 90 };
    const p = proposePolicy(strong, 90);
    expect(p.minimumLength).toBe(20);
    expect(p.reusePrevention).toBe(24);
    expect(p.hardExpiry).toBe(true);
  });

  it('drops hard expiry when passwords no longer expire (it would mean nothing)', () => {
    expect(proposePolicy({ ...weak, hardExpiry: true, maxAgeDays: 90 }, 0).hardExpiry).toBe(false);
  });

  it('always sends every field, leaving out only the off-values IAM rejects', () => {
    const input = passwordPolicyInput(proposePolicy(undefined, 0));
    expect(input).toEqual({
      MinimumPasswordLength: 14,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 24,
      HardExpiry: false,
    });
    expect(passwordPolicyInput(proposePolicy(undefined, 90)).MaxPasswordAge).toBe(90);
  });

  it('validates the expiry answer', () => {
    expect(validateMaxAge('0')).toBeUndefined();
    expect(validateMaxAge('90')).toBeUndefined();
    expect(validateMaxAge('-1')).toMatch(/whole number/);
    expect(validateMaxAge('ninety')).toMatch(/whole number/);
    expect(validateMaxAge('1096')).toMatch(/at most 1095/);
  });

  it('marks the rows that change', () => {
    const t = comparisonTable(weak, proposePolicy(weak, 0));
    const changed = t.rows.filter((r) => r.changes).map((r) => r.label);
    expect(changed).toContain('minimum length');
    expect(changed).not.toContain('expiry');
  });
});
