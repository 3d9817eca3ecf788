/** The local MFA code check by AWS's clock, when this computer's is off (no AWS needed). */
import { describe, expect, it } from 'vitest';
import { checkMfaCodes, clockNotice } from '../../src/steps/mfa-codes.js';
import { totp } from '../helpers/totp.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = 1_800_000_015; // this computer's clock, 15 s into a window
const pair = (at: number) => [totp(SECRET, at - 30), totp(SECRET, at)] as const;

describe('clock skew and the MFA code check', () => {
  it("names the computer's clock from 30 seconds off, in minutes or seconds, ahead or behind", () => {
    expect(clockNotice(undefined)).toBeUndefined();
    expect(clockNotice(29)).toBeUndefined();
    expect(clockNotice(-29.5)).toBeUndefined();
    expect(clockNotice(45)).toMatch(/^This computer's clock is 45 seconds behind AWS's/);
    expect(clockNotice(-600)).toMatch(/^This computer's clock is 10 minutes ahead of AWS's\. .*`sudo timedatectl set-ntp true`/);
    expect(clockNotice(61 * 60)).toMatch(/is 61 minutes behind/);
  });

  it("this computer 10 minutes ahead: a phone on the right time passes; codes of this computer's time are refused naming its clock", () => {
    const skew = -600; // AWS's clock minus this computer's
    const [p1, p2] = pair(NOW + skew);
    expect(checkMfaCodes(SECRET, p1, p2, NOW, skew)).toBeUndefined();
    const [l1, l2] = pair(NOW);
    expect(checkMfaCodes(SECRET, l1, l2, NOW, skew)).toBe(
      "This computer's clock is 10 minutes ahead of AWS's, and these codes follow it: fix it (sudo timedatectl set-ntp true), then type two fresh codes.",
    );
  });

  it("codes that match neither clock: the phone is named, and the computer's clock too", () => {
    const [w1, w2] = pair(NOW + 3600);
    const message = checkMfaCodes(SECRET, w1, w2, NOW, 600);
    expect(message).toMatch(/^Neither code matches this device\. .*phone sets its clock automatically\. Also: this computer's clock is 10 minutes behind AWS's\.$/);
  });

  it('within 30 seconds nothing changes: judged as before, no word about the computer', () => {
    const [a, b] = pair(NOW);
    expect(checkMfaCodes(SECRET, a, b, NOW, 20)).toBeUndefined();
    expect(checkMfaCodes(SECRET, a, b, NOW, undefined)).toBeUndefined();
    const [o1, o2] = pair(NOW - 150);
    expect(checkMfaCodes(SECRET, o1, o2, NOW, 10)).toMatch(/^These codes have expired/);
  });
});
