/**
 * Checking an authenticator's codes locally before AWS sees them, so every mistake gets its own
 * message and another try without an API call (EnableMFADevice wants two consecutive, current codes).
 */
import { generateSync } from 'otplib';

const PERIOD = 30;
/** How far back a code is still recognised (to say "expired" rather than "wrong"). */
const LOOKBACK_WINDOWS = 20;
/** AWS accepts codes from around now: the later code must be from the current window or its neighbours. */
const FRESH_WINDOWS = 1;

/** The otpauth:// URI an authenticator reads from the QR code (issuer AWS, label user@account). */
export function otpauthUri(secret: string, label: string): string {
  return `otpauth://totp/${encodeURIComponent(`AWS:${label}`)}?secret=${secret}&issuer=AWS`;
}

function formatProblem(which: string, code: string): string | undefined {
  if (code === '') return `Type the ${which} code.`;
  if (/\D/.test(code)) return `The ${which} code has characters other than digits ("${code}"): codes are 6 digits.`;
  if (code.length !== 6) return `The ${which} code has ${code.length} digits; codes have 6.`;
  return undefined;
}

/** The time window (counter) whose code is `code`, looking back from `nowSeconds`; undefined if none. */
function windowOf(secret: string, code: string, nowSeconds: number): number | undefined {
  const now = Math.floor(nowSeconds / PERIOD);
  for (let w = now + FRESH_WINDOWS; w >= now - LOOKBACK_WINDOWS; w--) {
    if (generateSync({ secret, epoch: w * PERIOD }) === code) return w;
  }
  return undefined;
}

/** How far apart this computer's clock and AWS's may be before the screen says so. */
export const CLOCK_SKEW_NOTICE_SECONDS = 30;

const FIX_CLOCK = 'Turn on network time: `sudo timedatectl set-ntp true` (Linux), or "Set time automatically" in the system settings.';

/** "10 minutes", "1 minute", "45 seconds". */
function amount(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 90) return `${s} seconds`;
  const m = Math.round(s / 60);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/**
 * "This computer's clock is 10 minutes ahead of AWS's" (and how to fix it), or undefined when the two
 * agree within CLOCK_SKEW_NOTICE_SECONDS. `awsSkewSeconds` is AWS's clock minus this computer's.
 */
export function clockNotice(awsSkewSeconds: number | undefined): string | undefined {
  const off = clockOff(awsSkewSeconds);
  return off === undefined ? undefined : `${off}. ${FIX_CLOCK}`;
}

/** "This computer's clock is 10 minutes ahead of AWS's", or undefined within CLOCK_SKEW_NOTICE_SECONDS. */
function clockOff(awsSkewSeconds: number | undefined): string | undefined {
  if (awsSkewSeconds === undefined || Math.abs(awsSkewSeconds) < CLOCK_SKEW_NOTICE_SECONDS) return undefined;
  return `This computer's clock is ${amount(awsSkewSeconds)} ${awsSkewSeconds < 0 ? 'ahead of' : 'behind'} AWS's`;
}

/** The verdict on two well-formed, different codes at `nowSeconds`. */
function judge(secret: string, c1: string, c2: string, nowSeconds: number): string | undefined {
  const w1 = windowOf(secret, c1, nowSeconds);
  const w2 = windowOf(secret, c2, nowSeconds);
  if (w1 === undefined || w2 === undefined) {
    const which = w1 === undefined && w2 === undefined ? 'Neither code matches' : w1 === undefined ? 'The first code does not match' : 'The second code does not match';
    return `${which} this device. Use the account this screen added (not an earlier one), and check that your phone sets its clock automatically.`;
  }
  if (w2 !== w1 + 1) {
    return w2 === w1 - 1
      ? 'The codes are in the wrong order: type the earlier code first, then the one that followed it.'
      : 'The two codes are not consecutive: type a code, wait for it to change, then type the new one.';
  }
  const now = Math.floor(nowSeconds / PERIOD);
  if (w2 < now - FRESH_WINDOWS) return 'These codes have expired: AWS only accepts current ones. Type the next two consecutive codes.';
  return undefined;
}

/**
 * Why two codes will not enable the device, or undefined when they will: both 6 digits, from this
 * seed, different, from consecutive 30-second windows, and current by AWS's clock, which decides.
 * `awsSkewSeconds` (AWS's clock minus this computer's, from the AWS layer) sets that clock; when it
 * differs from this computer's by more than CLOCK_SKEW_NOTICE_SECONDS, a refusal says so, and codes
 * that follow this computer's clock (an authenticator on it) are told apart from a phone's mistake.
 */
export function checkMfaCodes(secret: string, code1: string, code2: string, nowSeconds = Date.now() / 1000, awsSkewSeconds?: number): string | undefined {
  const c1 = code1.trim();
  const c2 = code2.trim();
  const format = formatProblem('first', c1) ?? formatProblem('second', c2);
  if (format) return format;
  if (c1 === c2) return 'You typed the same code twice. Wait until your authenticator shows the next code (every 30 seconds), and type that one second.';
  const verdict = judge(secret, c1, c2, nowSeconds + (awsSkewSeconds ?? 0));
  const off = clockOff(awsSkewSeconds);
  if (verdict === undefined || off === undefined) return verdict;
  // Short: the MFA screen gives a refusal a narrow column (the step's finding said it in full).
  if (judge(secret, c1, c2, nowSeconds) === undefined) {
    return `${off}, and these codes follow it: fix it (sudo timedatectl set-ntp true), then type two fresh codes.`;
  }
  return `${verdict} Also: ${off.charAt(0).toLowerCase()}${off.slice(1)}.`;
}
