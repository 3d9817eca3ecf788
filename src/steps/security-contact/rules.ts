/**
 * The security contact's answers and the rules AWS gives them, from the AlternateContact and
 * PutAlternateContact references (https://docs.aws.amazon.com/accounts/latest/reference/API_AlternateContact.html):
 * Name 1–64 characters, Title 1–50, EmailAddress 1–254 matching `[\s]*[\w+=.#|!&-]+@[\w.-]+\.[\w]+[\s]*`,
 * PhoneNumber 1–25 matching `[\s0-9()+-]+`.
 */
import type { Contact } from '../../aws/account.js';
import type { Answers } from '../types.js';

export const DEFAULT_TITLE = 'Security';

/** "yes": the same person is also the BILLING and OPERATIONS contact. */
export const ALSO_CHOICES = ['no', 'yes'] as const;

/** The e-mail pattern AWS documents, whole (surrounding spaces are trimmed before it is sent). */
const EMAIL = /^[\w+=.#|!&-]+@[\w.-]+\.\w+$/;
const PHONE = /^[\s0-9()+-]+$/;

function length(what: string, v: string, max: number): string | undefined {
  if (v.length < 1) return `Enter the contact's ${what}.`;
  if (v.length > max) return `A contact's ${what} is at most ${max} characters (AWS's limit); this one has ${v.length}.`;
  return undefined;
}

export function validateName(value: string): string | undefined {
  return length('name', value.trim(), 64);
}

export function validateTitle(value: string): string | undefined {
  return length('title', value.trim(), 50);
}

export function validateContactEmail(value: string): string | undefined {
  const v = value.trim();
  const long = length('e-mail address', v, 254);
  if (long) return long;
  return EMAIL.test(v) ? undefined : `"${v}" is not an e-mail address AWS accepts (e.g. security@example.com).`;
}

export function validatePhone(value: string): string | undefined {
  const v = value.trim();
  const long = length('phone number', v, 25);
  if (long) return long;
  if (!PHONE.test(v) || !/\d/.test(v)) return `"${v}" is not a phone number AWS accepts: digits, spaces, + - ( ) only (e.g. +1 206 555 0100).`;
  return undefined;
}

export function validateAlso(value: string): string | undefined {
  return (ALSO_CHOICES as readonly string[]).includes(value.trim()) ? undefined : `Answer ${ALSO_CHOICES.join(' or ')}.`;
}

/** The contact the answers give, when all four are there and valid. */
export function contactOf(answers: Answers | undefined): Contact | undefined {
  const name = answers?.name?.trim() ?? '';
  const title = answers?.title?.trim() ?? '';
  const email = answers?.email?.trim() ?? '';
  const phone = answers?.phone?.trim() ?? '';
  if (validateName(name) || validateTitle(title) || validateContactEmail(email) || validatePhone(phone)) return undefined;
  return { name, title, email, phone };
}

export function sameContact(a: Contact | undefined, b: Contact | undefined): boolean {
  return a !== undefined && b !== undefined && a.name === b.name && a.title === b.title && a.email.toLowerCase() === b.email.toLowerCase() && a.phone === b.phone;
}

export function contactLine(c: Contact | undefined): string {
  return c ? `${c.name} (${c.title}) <${c.email}> ${c.phone}` : '—';
}
