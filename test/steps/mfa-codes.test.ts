import { describe, expect, it } from 'vitest';
import { checkMfaCodes, otpauthUri } from '../../src/steps/mfa-codes.js';
import { groupedSecret } from '../../src/ui/text.js';
import { totp } from '../helpers/totp.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = 1_800_000_015; // 15 s into a window
const at = (windowsFromNow: number) => totp(SECRET, NOW + windowsFromNow * 30);

describe('MFA codes, checked locally before AWS sees them', () => {
  it('accepts the previous and the current code, as an operator types them', () => {
    expect(checkMfaCodes(SECRET, at(-1), at(0), NOW)).toBeUndefined();
    expect(checkMfaCodes(SECRET, ` ${at(-1)} `, at(0), NOW)).toBeUndefined();
  });

  it.each([
    ['12345', '123456', /first code has 5 digits; codes have 6/],
    ['12a456', '123456', /first code has characters other than digits/],
    ['', '123456', /Type the first code/],
  ])('refuses a malformed code %j', (c1, c2, message) => {
    expect(checkMfaCodes(SECRET, c1, c2, NOW)).toMatch(message);
  });

  it('refuses the same code twice', () => {
    expect(checkMfaCodes(SECRET, at(0), at(0), NOW)).toMatch(/same code twice/);
  });

  it('refuses codes from another seed', () => {
    const other = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(checkMfaCodes(SECRET, totp(other, NOW - 30), totp(other, NOW), NOW)).toMatch(/Neither code matches this device/);
    expect(checkMfaCodes(SECRET, at(-1), totp(other, NOW), NOW)).toMatch(/second code does not match/);
  });

  it('refuses codes that are not consecutive, or in the wrong order', () => {
    expect(checkMfaCodes(SECRET, at(-3), at(0), NOW)).toMatch(/not consecutive/);
    expect(checkMfaCodes(SECRET, at(0), at(-1), NOW)).toMatch(/wrong order/);
  });

  it('refuses consecutive codes typed after they expired', () => {
    expect(checkMfaCodes(SECRET, at(-5), at(-4), NOW)).toMatch(/expired/);
  });

  it('builds the otpauth URI an authenticator reads (issuer AWS, label user@account)', () => {
    expect(otpauthUri(SECRET, 'admin@123456789012')).toBe(`otpauth://totp/AWS%3Aadmin%40123456789012?secret=${SECRET}&issuer=AWS`);
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
