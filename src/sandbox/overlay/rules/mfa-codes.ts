/**
 * IAM virtual MFA devices as AWS treats them, where moto 5.2.1 is lenient:
 *
 * - `EnableMFADevice` checks the two codes. AWS wants two consecutive TOTP codes (RFC 6238: HMAC-SHA1,
 *   30-second steps, 6 digits) of the device's seed, the later one current give or take one step of
 *   clock skew; otherwise `InvalidAuthenticationCode`, HTTP 403, "Authentication code for device is not
 *   valid." (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html; the 403 is in
 *   IAM's service model, @aws-sdk/client-iam's InvalidAuthenticationCode). moto stores any two strings
 *   (moto/iam/models.py User.enable_mfa_device). The rule learns each device's seed from moto's own
 *   `CreateVirtualMFADevice` answer; a serial it never saw made has no seed it can check, so it is
 *   refused as AWS refuses codes that do not match.
 * - Tags on a virtual MFA device: moto drops `CreateVirtualMFADevice`'s `Tags` and has no
 *   `ListMFADeviceTags`; the rule keeps them and answers it
 *   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListMFADeviceTags.html).
 *
 * Device names are unique per account: moto already refuses a second device at the same path and name
 * with `EntityAlreadyExists` (409), as AWS does
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html), so that needs
 * no rule here (test/sandbox/rules/mfa-codes.test.ts shows it on the strict sandbox).
 */
import { createHmac } from 'node:crypto';
import { escapeXml, queryError, queryResult, type Buffered, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

const STEP_SECONDS = 30;
/** AWS tolerates clock skew of about one step either way. */
const SKEW_STEPS = 1;

function base32Decode(text: string): Buffer | undefined {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP for one time step (counter), SHA-1, 6 digits (RFC 4226 dynamic truncation). */
function totpAt(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** True when code1, code2 are the codes of two consecutive steps, the later within ±1 step of now. */
export function consecutiveCodes(seedBase32: string, code1: string, code2: string, nowMs: number): boolean {
  const key = base32Decode(seedBase32);
  if (!key || key.length === 0 || !/^\d{6}$/.test(code1) || !/^\d{6}$/.test(code2)) return false;
  const now = Math.floor(nowMs / 1000 / STEP_SECONDS);
  for (let later = now - SKEW_STEPS; later <= now + SKEW_STEPS; later++) {
    if (totpAt(key, later) === code2 && totpAt(key, later - 1) === code1) return true;
  }
  return false;
}

function tagXml(tags: Array<[string, string]>): string {
  return tags.map(([k, v]) => `<member><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></member>`).join('');
}

/** Query-protocol list parameters `Tags.member.N.Key/Value`, in order. */
function tagsOf(params: URLSearchParams): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (let n = 1; params.has(`Tags.member.${n}.Key`); n++) tags.push([params.get(`Tags.member.${n}.Key`) ?? '', params.get(`Tags.member.${n}.Value`) ?? '']);
  return tags;
}

export class MfaCodesRule implements Rule {
  readonly name = 'mfa-codes';
  readonly services = ['iam'] as const;
  /** Serial number → base32 seed, from moto's CreateVirtualMFADevice answers. Secrets: never logged. */
  private seeds = new Map<string, string>();
  private tags = new Map<string, Array<[string, string]>>();

  constructor(private readonly ctx: RuleContext) {}

  reset(): void {
    this.seeds = new Map();
    this.tags = new Map();
  }

  /** True when `code` is the current code (±1 step) of a device this rule saw made (GetSessionToken). */
  currentCode(serial: string, code: string, nowMs: number): boolean {
    const seed = this.seeds.get(serial);
    const key = seed === undefined ? undefined : base32Decode(seed);
    if (!key || key.length === 0 || !/^\d{6}$/.test(code)) return false;
    const now = Math.floor(nowMs / 1000 / STEP_SECONDS);
    for (let step = now - SKEW_STEPS; step <= now + SKEW_STEPS; step++) if (totpAt(key, step) === code) return true;
    return false;
  }

  /** The device's code now, as its owner's app would show it (the sandbox's stand-in for the app); undefined for a serial never made. */
  codeNow(serial: string, nowMs: number): string | undefined {
    const seed = this.seeds.get(serial);
    const key = seed === undefined ? undefined : base32Decode(seed);
    return key && key.length > 0 ? totpAt(key, Math.floor(nowMs / 1000 / STEP_SECONDS)) : undefined;
  }

  before(req: OverlayRequest): Reply | undefined {
    if (req.action === 'EnableMFADevice') {
      const serial = req.params.get('SerialNumber') ?? '';
      const seed = this.seeds.get(serial);
      const ok = seed !== undefined && consecutiveCodes(seed, req.params.get('AuthenticationCode1') ?? '', req.params.get('AuthenticationCode2') ?? '', this.ctx.now());
      return ok ? undefined : queryError('iam', 403, 'InvalidAuthenticationCode', 'Authentication code for device is not valid.');
    }
    if (req.action === 'ListMFADeviceTags') {
      const serial = req.params.get('SerialNumber') ?? '';
      const tags = this.tags.get(serial);
      if (tags === undefined) return queryError('iam', 404, 'NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`);
      return queryResult('iam', req.action, `<Tags>${tagXml(tags)}</Tags><IsTruncated>false</IsTruncated>`);
    }
    return undefined;
  }

  after(req: OverlayRequest, answer: Buffered): undefined {
    if (answer.status !== 200) return undefined;
    if (req.action === 'CreateVirtualMFADevice') {
      const xml = answer.body.toString('utf8');
      const serial = /<SerialNumber>([^<]+)<\/SerialNumber>/.exec(xml)?.[1];
      const wire = /<Base32StringSeed>([^<]+)<\/Base32StringSeed>/.exec(xml)?.[1];
      if (serial === undefined || wire === undefined) return undefined;
      // The SDK models the seed as a blob: base64 on the wire, of the base32 text.
      const decoded = Buffer.from(wire, 'base64').toString('utf8');
      this.seeds.set(serial, /^[A-Z2-7]+=*$/.test(decoded) ? decoded : wire);
      this.tags.set(serial, tagsOf(req.params));
    }
    if (req.action === 'DeleteVirtualMFADevice') {
      const serial = req.params.get('SerialNumber') ?? '';
      this.seeds.delete(serial);
      this.tags.delete(serial);
    }
    return undefined;
  }
}
