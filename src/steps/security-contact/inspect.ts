/** What the security-contact step reads: the account's alternate contacts of the types it sets. */
import { getAlternateContact, type Contact, type ContactType } from '../../aws/account.js';
import type { StepContext } from '../types.js';

export interface ContactInspection {
  /** SECURITY, and BILLING and OPERATIONS when the answers make the same person those too. */
  types: ContactType[];
  /** What AWS has now, by type (absent: none set). */
  current: Partial<Record<ContactType, Contact>>;
  /** The contact the answers give; undefined before there are (valid) answers. */
  wanted: Contact | undefined;
}

export function typesFor(also: string | undefined): ContactType[] {
  return also?.trim() === 'yes' ? ['SECURITY', 'BILLING', 'OPERATIONS'] : ['SECURITY'];
}

export async function inspect(ctx: StepContext, types: ContactType[], wanted: Contact | undefined): Promise<ContactInspection> {
  const read = await Promise.all(types.map(async (t) => [t, await getAlternateContact(ctx.aws, t)] as const));
  const current: Partial<Record<ContactType, Contact>> = {};
  for (const [t, c] of read) if (c) current[t] = c;
  return { types, current, wanted };
}
