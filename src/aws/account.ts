/**
 * AWS Account Management, seen through the calls aws-harden makes: the account's alternate contacts
 * (https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html,
 * https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html). A global API:
 * the SDK's endpoint rules send it to us-east-1 in the `aws` partition (account.us-east-1.amazonaws.com)
 * and to cn-northwest-1 in `aws-cn` (account.cn-northwest-1.amazonaws.com.cn), whatever the run's
 * region. "No contact of that type" (ResourceNotFoundException) comes back as `undefined`.
 */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';

export const CONTACT_TYPES = ['SECURITY', 'BILLING', 'OPERATIONS'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export interface Contact {
  name: string;
  title: string;
  email: string;
  phone: string;
}

export async function getAlternateContact(aws: Aws, type: ContactType): Promise<Contact | undefined> {
  const { GetAlternateContactCommand } = await import('@aws-sdk/client-account');
  try {
    const out = await (await aws.client('account')).send(new GetAlternateContactCommand({ AlternateContactType: type }));
    const c = out.AlternateContact;
    if (!c) return undefined;
    return { name: c.Name ?? '', title: c.Title ?? '', email: c.EmailAddress ?? '', phone: c.PhoneNumber ?? '' };
  } catch (e) {
    if (isAwsError(e, 'ResourceNotFoundException')) return undefined;
    throw e;
  }
}

/** Sets the contact of that type (replacing any): sending it twice is sending it once (retry.ts RESENDABLE). */
export async function putAlternateContact(aws: Aws, type: ContactType, c: Contact): Promise<void> {
  const { PutAlternateContactCommand } = await import('@aws-sdk/client-account');
  await (await aws.client('account')).send(new PutAlternateContactCommand({ AlternateContactType: type, Name: c.name, Title: c.title, EmailAddress: c.email, PhoneNumber: c.phone }));
}
