/** Text renderings shared by the Ink UI and the headless printer. Pure functions. */
import type { PlannedCall } from '../steps/types.js';

/** AWS parameter names that carry secrets (exact names: "MinimumPasswordLength" is not one). */
const SECRET_FIELDS = new Set(['Password', 'NewPassword', 'OldPassword', 'SecretAccessKey', 'SessionToken', 'Base32StringSeed', 'QRCodePNG', 'AuthenticationCode1', 'AuthenticationCode2']);
export const REDACTED = '‹redacted›';

/** A deep copy of params with anything secret-looking replaced. Plans should hold no secret anyway. */
export function redact(value: unknown, key = ''): unknown {
  if (SECRET_FIELDS.has(key)) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

/**
 * Params as pretty JSON; string values that are themselves JSON documents (policies) are expanded so
 * the operator reads the policy, not an escaped string.
 */
export function formatParams(params: Record<string, unknown>): string {
  const expanded = Object.fromEntries(
    Object.entries(redact(params) as Record<string, unknown>).map(([k, v]) => {
      if (typeof v === 'string' && /^\s*[{[]/.test(v)) {
        try {
          return [k, JSON.parse(v) as unknown];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    }),
  );
  return JSON.stringify(expanded, null, 2);
}

/** A call's parameters as one line of JSON (secrets redacted, embedded policies expanded). */
export function compactParams(call: PlannedCall): string {
  return JSON.stringify(JSON.parse(formatParams(call.params)));
}

/** `service:Operation`, and where a regional step sends it: `ec2:EnableEbsEncryptionByDefault in eu-west-1`. */
export function callName(call: PlannedCall): string {
  return `${call.service}:${call.operation}${call.region ? ` in ${call.region}` : ''}`;
}
