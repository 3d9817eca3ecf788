/** What the operator sees: the comparison table and the one-line finding. */
import type { ComparisonTable, Finding } from '../types.js';
import { configHint } from '../../config.js';
import { alertLabel, unsubscribed, wrongKind, type BudgetInspection } from './inspect.js';
import { ALERTS, BILLING_NOTE, DEFAULT_BUDGET_AMOUNT } from './rules.js';

const CREDITS_NOTE = 'It counts credits against spend, so while credits last its alerts may not fire; to change that, edit the budget in the console (Advanced options → uncheck Credits).';

function tableFor(ins: BudgetInspection, amount: string): ComparisonTable {
  const b = ins.budget;
  const row = (label: string, current: string, proposed: string) => ({ label, current, proposed, changes: current !== proposed });
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      row('budget', b ? `${ins.name} (${b.timeUnit.toLowerCase()} ${b.type.toLowerCase()})` : '—', `${ins.name} (monthly cost)`),
      row('limit', b?.limit ? `${Number(b.limit.amount)} ${b.limit.unit}` : '—', b?.limit ? `${Number(b.limit.amount)} ${b.limit.unit}` : `${amount} USD`),
      ...ALERTS.map((a, i) => row(`alert ${alertLabel(a)}`, ins.present[i] ? 'yes' : 'no', 'yes')),
      row('e-mails', addresses(ins) || '—', addresses(ins, ins.email) || 'the address you give'),
      row('credits hide spend', b ? (b.includesCredit ? 'yes' : 'no') : '—', b ? (b.includesCredit ? 'yes' : 'no') : 'no'),
    ],
  };
}

/** Every address the alerts reach, plus `extra`, in first-seen order. */
function addresses(ins: BudgetInspection, extra?: string): string {
  const all = [...ins.subscribers.flat(), ...(extra ? [extra] : [])];
  return [...new Map(all.map((a) => [a.toLowerCase(), a])).values()].join(', ');
}

/** `amount`: the limit a new budget gets (the answer once there is one); an existing budget keeps its own. */
export function findingFor(ins: BudgetInspection, amount = DEFAULT_BUDGET_AMOUNT): Finding<BudgetInspection> {
  const table = tableFor(ins, amount);
  const b = ins.budget;
  if (b && wrongKind(b)) {
    return {
      status: 'blocked',
      summary: `A budget named ${ins.name} exists but is a ${b.timeUnit.toLowerCase()} ${b.type.toLowerCase()} budget; give another name (with --yes: ${configHint('budget', { name: '…' })}). ${BILLING_NOTE}`,
      table,
      data: ins,
    };
  }
  const missing = ALERTS.filter((_, i) => !ins.present[i]).map(alertLabel);
  const notMailed = unsubscribed(ins).map(alertLabel);
  const credits = b?.includesCredit ? ` ${CREDITS_NOTE}` : '';
  if (b && missing.length === 0 && notMailed.length === 0) {
    const limit = b.limit ? `${Number(b.limit.amount)} ${b.limit.unit}` : 'its limit';
    return {
      status: 'done',
      summary: `Budget ${ins.name} (${limit} a month) e-mails ${addresses(ins)} at 80 % and 100 % of actual and 100 % of forecast spend.${credits} ${BILLING_NOTE}`,
      table,
      data: ins,
    };
  }
  const gaps = [...(missing.length > 0 ? [`lacks the alerts ${missing.join(', ')}`] : []), ...(notMailed.length > 0 ? [`does not e-mail ${ins.email ?? ''} when ${notMailed.join(', ')}`] : [])];
  const what = b ? `Budget ${ins.name} ${gaps.join(' and ')}.${credits}` : `No budget yet: a monthly cost budget will e-mail you at 80 % and 100 % of actual spend and 100 % of forecast.`;
  return { status: 'todo', summary: `${what} ${BILLING_NOTE}`, table, data: ins };
}
