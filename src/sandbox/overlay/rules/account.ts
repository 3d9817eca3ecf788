/**
 * Account Management's PutAlternateContact refuses what its reference documents as invalid, which moto
 * 5.2.1 stores as given (moto/account/responses.py checks only the contact type):
 * https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html — Name 1–64
 * characters, Title 1–50, EmailAddress 1–254 matching `[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*`,
 * PhoneNumber 1–25 matching `[\s0-9()+-]+`, all four required. The refusal is the documented
 * ValidationException (HTTP 400, `reason: fieldValidationFailed`, one `fieldList` entry per field:
 * https://docs.aws.amazon.com/accounts/latest/reference/API_ValidationExceptionField.html), in the REST-JSON
 * shape (error code in `x-amzn-ErrorType`).
 */
import { requestId, type Reply } from '../http.js';
import type { OverlayRequest, Rule } from '../types.js';

interface Field {
  /** The member as the JSON body names it. */
  member: string;
  /** The member in the message, as AWS's validation messages spell it (lower camel case). */
  name: string;
  max: number;
  pattern?: RegExp;
}

const FIELDS: readonly Field[] = [
  { member: 'Name', name: 'name', max: 64 },
  { member: 'Title', name: 'title', max: 50 },
  { member: 'EmailAddress', name: 'emailAddress', max: 254, pattern: /^[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*$/ },
  { member: 'PhoneNumber', name: 'phoneNumber', max: 25, pattern: /^[\s0-9()+-]+$/ },
];

function problem(f: Field, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'Member must not be null';
  if (value.length < 1 || value.length > f.max) return `Member must have length between 1 and ${f.max}`;
  if (f.pattern && !f.pattern.test(value)) return `Member must satisfy regular expression pattern: ${f.pattern.source.slice(1, -1)}`;
  return undefined;
}

export function validationException(fieldList: Array<{ name: string; message: string }>): Reply {
  const message = `${fieldList.length} validation error${fieldList.length === 1 ? '' : 's'} detected: ${fieldList.map((f) => `Value at '${f.name}' failed to satisfy constraint: ${f.message}`).join('; ')}`;
  return {
    status: 400,
    headers: { 'Content-Type': 'application/json', 'x-amzn-requestid': requestId(), 'x-amzn-ErrorType': 'ValidationException' },
    body: Buffer.from(JSON.stringify({ message, reason: 'fieldValidationFailed', fieldList }), 'utf8'),
  };
}

export class AlternateContactRule implements Rule {
  readonly name = 'account-alternate-contact';
  readonly services = ['account'] as const;

  before(req: OverlayRequest): Reply | undefined {
    if (req.action !== 'PutAlternateContact') return undefined;
    const fieldList = FIELDS.flatMap((f) => {
      const message = problem(f, req.json[f.member]);
      return message ? [{ name: f.name, message }] : [];
    });
    return fieldList.length > 0 ? validationException(fieldList) : undefined;
  }
}
