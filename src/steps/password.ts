/**
 * Console passwords from a CSPRNG (node:crypto randomInt), satisfying the account's password policy:
 * every character class, at least max(policy minimum, 20) characters.
 */
import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
/** IAM's symbol class (IAM User Guide, "Set an account password policy"). */
const SYMBOLS = "!@#$%^&*()_+-=[]{}|'";
export const PASSWORD_FLOOR = 20;
/** IAM's maximum password length. */
const IAM_MAX = 128;

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] ?? '';
}

export function generatePassword(policyMinimum = 0): string {
  const length = Math.min(IAM_MAX, Math.max(PASSWORD_FLOOR, policyMinimum));
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates with the same CSPRNG, so the guaranteed classes are not at fixed places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
