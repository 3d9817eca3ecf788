/** What the operator sees: the finding's sentence, and current vs proposed contacts. */
import type { ContactType } from '../../aws/account.js';
import type { ComparisonTable, Finding } from '../types.js';
import type { ContactInspection } from './inspect.js';
import { contactLine, sameContact } from './rules.js';

const LABEL: Record<ContactType, string> = { SECURITY: 'security', BILLING: 'billing', OPERATIONS: 'operations' };

/** What AWS does with it (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html). */
export const WHY_NOTE = 'AWS writes to the security contact about abuse reports and security notices for the account, besides the root e-mail address.';

function tableFor(ins: ContactInspection): ComparisonTable | undefined {
  if (!ins.wanted && !ins.current.SECURITY) return undefined;
  return {
    columns: ['contact', 'current', 'proposed'],
    rows: ins.types.map((t) => {
      const current = contactLine(ins.current[t]);
      const proposed = ins.wanted ? contactLine(ins.wanted) : current;
      return { label: LABEL[t], current, proposed, changes: current !== proposed };
    }),
  };
}

/** The contact types whose contact is not the wanted one (all of them when nothing is wanted yet and none is set). */
export function toSet(ins: ContactInspection): ContactType[] {
  if (!ins.wanted) return ins.current.SECURITY ? [] : ['SECURITY'];
  return ins.types.filter((t) => !sameContact(ins.current[t], ins.wanted));
}

export function findingFor(ins: ContactInspection): Finding<ContactInspection> {
  const table = tableFor(ins);
  const base = { data: ins, ...(table ? { table } : {}) };
  const missing = toSet(ins);
  if (missing.length === 0) {
    const sec = ins.current.SECURITY;
    const others = ins.types.length > 1 ? ' It is also the billing and operations contact.' : '';
    return { status: 'done', summary: `The account's security contact is ${sec?.name ?? ''} <${sec?.email ?? ''}>.${others}`, ...base };
  }
  const replaced = missing.filter((t) => ins.current[t]).map((t) => LABEL[t]);
  const made = missing.filter((t) => !ins.current[t]).map((t) => LABEL[t]);
  const words = [
    ...(made.length > 0 ? [`No ${made.join(', ')} contact is registered${ins.wanted ? `: ${contactLine(ins.wanted)} will be` : ''}.`] : []),
    ...(replaced.length > 0 ? [`The ${replaced.join(', ')} contact shown as current differs from your answers and will be replaced (AWS keeps one contact of each kind).`] : []),
  ];
  return { status: 'todo', summary: `${words.join(' ')} ${WHY_NOTE}`, ...base };
}
