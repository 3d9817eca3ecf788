/** AWS Account Management actions: the account's alternate contacts. */
import { putAlternateContact, type ContactType } from '../account.js';
import type { ActionShape, Operation } from './types.js';

export type AccountAction = ActionShape<'account', 'PutAlternateContact', { AlternateContactType: ContactType; Name: string; Title: string; EmailAddress: string; PhoneNumber: string }>;

type Op<O extends AccountAction['op']> = Operation<Extract<AccountAction, { op: O }>, void>;

export const ACCOUNT_OPERATIONS: { [O in AccountAction['op'] as `account:${O}`]: Op<O> } = {
  'account:PutAlternateContact': {
    run: (aws, i) => putAlternateContact(aws, i.AlternateContactType, { name: i.Name, title: i.Title, email: i.EmailAddress, phone: i.PhoneNumber }),
  },
};
