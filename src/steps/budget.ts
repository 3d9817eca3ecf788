/**
 * budget: the course's "billing alert" in its current form — an AWS Budgets monthly cost budget that
 * e-mails the operator at 80 % and 100 % of actual spend and at 100 % of forecast spend.
 *
 * An existing budget of the same name keeps its limit and cost types (the operator chose them, maybe in
 * the console); missing notifications are added, and the operator's address is added to a notification
 * that does not e-mail it (other subscribers stay). A new budget counts spend before credits, so
 * promotional credits cannot keep the alerts quiet while a leaked key runs up usage; an existing budget
 * that counts credits is said so on screen. Verified by DescribeBudget, DescribeNotificationsForBudget
 * and DescribeSubscribersForNotification.
 */
import type { CreateBudgetCommandInput, CreateNotificationCommandInput, CreateSubscriberCommandInput, Notification } from '@aws-sdk/client-budgets';
import { createBudget, createNotification, createSubscriber, describeBudget, listNotifications, listSubscribers, type BudgetInfo, type BudgetNotification } from '../aws/budgets.js';
import { ExitCode, OperatorError } from '../errors.js';
import { defineStep, type Answers, type ComparisonTable, type Finding, type PlannedCall, type Question, type StepContext } from './types.js';
import { configHint } from '../config.js';

export const DEFAULT_BUDGET_NAME = 'aws-harden-monthly';
export const DEFAULT_BUDGET_AMOUNT = '10';

/** The three alerts: 80 % and 100 % of actual spend, 100 % of forecast spend. */
export const ALERTS: readonly Notification[] = [
  { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
  { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
  { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
];

/** Shown with the finding: what a budget is not, and what the API cannot do. */
export const BILLING_NOTE =
  'CloudWatch billing alarms need the console-only preference "Receive CloudWatch billing alerts" (Billing → Billing preferences); this budget needs no such switch.';

/** A guided note: the detailed cost report has no API here, so the operator turns it on in the console. */
export const COST_REPORT_GUIDE = [
  'For a detailed cost report, in the AWS console (as root or an admin with billing access):',
  '1. Open Billing and Cost Management → Data Exports → Create.',
  '2. Choose "Standard data export" (CUR 2.0), name it, keep daily granularity.',
  '3. Choose or create an S3 bucket for it (the console sets the bucket policy), then Create.',
  'The first report arrives within 24 hours.',
].join('\n');

/** Budgets limits in USD: a positive amount with at most two decimals. */
export function validateAmount(value: string): string | undefined {
  const v = value.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(v) || Number(v) <= 0) return 'Enter a positive amount in US dollars, e.g. 10 or 25.50.';
  if (Number(v) > 1_000_000_000) return 'Enter an amount below 1,000,000,000 USD.';
  return undefined;
}

export function validateEmail(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter the e-mail address that should get the budget alerts.';
  if (v.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(v)) return `"${v}" is not an e-mail address (e.g. ops@example.com).`;
  return undefined;
}

export function validateBudgetName(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 1 || v.length > 100) return 'A budget name is 1 to 100 characters long.';
  if (/[:\\]/.test(v)) return 'A budget name may not contain ":" or "\\".';
  return undefined;
}

export interface BudgetInspection {
  name: string;
  budget: BudgetInfo | undefined;
  /** Which of ALERTS exist (same order). */
  present: boolean[];
  /** Each of ALERTS' subscribers, read back (empty where the alert is missing). */
  subscribers: string[][];
  /** The address the alerts must reach, when known (the answer, or the earlier one). */
  email: string | undefined;
}

/** Spend before credits: see BudgetInfo.includesCredit. */
const COST_TYPES = { IncludeCredit: false } as const;

const CREDITS_NOTE = 'It counts credits against spend, so while credits last its alerts may not fire; to change that, edit the budget in the console (Advanced options → uncheck Credits).';

function matches(n: BudgetNotification, want: Notification): boolean {
  return n.type === want.NotificationType && n.operator === want.ComparisonOperator && n.threshold === want.Threshold && n.thresholdType === (want.ThresholdType ?? 'PERCENTAGE');
}

function absent(name: string, email: string | undefined): BudgetInspection {
  return { name, budget: undefined, present: ALERTS.map(() => false), subscribers: ALERTS.map(() => []), email };
}

async function inspect(ctx: StepContext, name: string, email: string | undefined): Promise<BudgetInspection> {
  const account = ctx.identity.account;
  const budget = await describeBudget(ctx.aws, account, name);
  if (!budget) return absent(name, email);
  const notes = await listNotifications(ctx.aws, account, name);
  const present = ALERTS.map((a) => notes.some((n) => matches(n, a)));
  const subscribers = await Promise.all(ALERTS.map((a, i) => (present[i] ? listSubscribers(ctx.aws, account, name, a) : Promise.resolve([]))));
  return { name, budget, present, subscribers, email };
}

/** The alerts that exist but do not e-mail the operator's address. */
function unsubscribed(ins: BudgetInspection): Notification[] {
  const email = ins.email?.toLowerCase();
  if (!email) return [];
  return ALERTS.filter((_, i) => ins.present[i] && !(ins.subscribers[i] ?? []).some((a) => a.toLowerCase() === email));
}

function wrongKind(b: BudgetInfo): boolean {
  return b.type !== 'COST' || b.timeUnit !== 'MONTHLY';
}

function alertLabel(a: Notification): string {
  return `${a.NotificationType === 'FORECASTED' ? 'forecast' : 'actual'} > ${a.Threshold ?? 0} %`;
}

type BudgetAction =
  | { op: 'CreateBudget'; input: CreateBudgetCommandInput; note: string }
  | { op: 'CreateNotification'; input: CreateNotificationCommandInput; note: string }
  | { op: 'CreateSubscriber'; input: CreateSubscriberCommandInput; note: string };

function actionsFor(ctx: StepContext, ins: BudgetInspection, amount: string, email: string): BudgetAction[] {
  const AccountId = ctx.identity.account;
  const Subscribers = [{ SubscriptionType: 'EMAIL' as const, Address: email }];
  if (!ins.budget) {
    return [
      {
        op: 'CreateBudget',
        input: {
          AccountId,
          Budget: { BudgetName: ins.name, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: amount, Unit: 'USD' }, CostTypes: { ...COST_TYPES } },
          NotificationsWithSubscribers: ALERTS.map((n) => ({ Notification: { ...n }, Subscribers })),
        },
        note: `monthly cost budget of ${amount} USD, spend counted before credits; e-mails ${email} at 80 % and 100 % of actual spend and 100 % of forecast`,
      },
    ];
  }
  const missing = ALERTS.flatMap((n, i): BudgetAction[] =>
    ins.present[i] ? [] : [{ op: 'CreateNotification', input: { AccountId, BudgetName: ins.name, Notification: { ...n }, Subscribers }, note: `e-mail ${email} when ${alertLabel(n)}` }],
  );
  const subscribe = unsubscribed({ ...ins, email }).map((n): BudgetAction => {
    return { op: 'CreateSubscriber', input: { AccountId, BudgetName: ins.name, Notification: { ...n }, Subscriber: { SubscriptionType: 'EMAIL', Address: email } }, note: `also e-mail ${email} when ${alertLabel(n)}` };
  });
  return [...missing, ...subscribe];
}

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
function findingFor(ins: BudgetInspection, amount = DEFAULT_BUDGET_AMOUNT): Finding<BudgetInspection> {
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
    return { status: 'done', summary: `Budget ${ins.name} (${limit} a month) e-mails ${addresses(ins)} at 80 % and 100 % of actual and 100 % of forecast spend.${credits} ${BILLING_NOTE}`, table, data: ins };
  }
  const gaps = [
    ...(missing.length > 0 ? [`lacks the alerts ${missing.join(', ')}`] : []),
    ...(notMailed.length > 0 ? [`does not e-mail ${ins.email ?? ''} when ${notMailed.join(', ')}`] : []),
  ];
  const what = b ? `Budget ${ins.name} ${gaps.join(' and ')}.${credits}` : `No budget yet: a monthly cost budget will e-mail you at 80 % and 100 % of actual spend and 100 % of forecast.`;
  return { status: 'todo', summary: `${what} ${BILLING_NOTE}`, table, data: ins };
}

/** The answered address, when it is one. */
function emailOf(answers: Answers | undefined): string | undefined {
  const email = answers?.email?.trim();
  return email && !validateEmail(email) ? email : undefined;
}

function nameOf(answers: Answers): string {
  return (answers.name ?? DEFAULT_BUDGET_NAME).trim();
}

function amountOf(answers: Answers): string {
  return (answers.amount ?? DEFAULT_BUDGET_AMOUNT).trim();
}

export const budgetStep = defineStep<BudgetInspection>({
  id: 'budget',
  title: 'Budget alerts',
  why: 'A monthly cost budget e-mails you when spend runs away — from a leaked key or a forgotten resource — before the bill does.',

  configKeys: { name: validateBudgetName, amount: validateAmount, email: validateEmail },

  async check(ctx) {
    // The operator's earlier answer (--config, then the journal), else the default.
    const earlierAnswers = ctx.answersOf?.('budget');
    const earlier = earlierAnswers?.name?.trim();
    return findingFor(await inspect(ctx, earlier && !validateBudgetName(earlier) ? earlier : DEFAULT_BUDGET_NAME, emailOf(earlierAnswers)));
  },

  questions(_ctx, finding): Question[] {
    const existing = finding.data?.budget;
    return [
      { kind: 'text', id: 'name', prompt: 'Budget name', default: finding.data?.name ?? DEFAULT_BUDGET_NAME, validate: validateBudgetName },
      ...(existing
        ? []
        : [
            {
              kind: 'text' as const,
              id: 'amount',
              prompt: 'Monthly budget in USD',
              default: DEFAULT_BUDGET_AMOUNT,
              // The billing note is in the finding above the questions already.
              help: `Alerts go out at 80 % and 100 % of this, and when the month's forecast passes it.`,
              validate: validateAmount,
            },
          ]),
      {
        kind: 'text',
        id: 'email',
        prompt: 'E-mail address for the alerts',
        default: '',
        help: `AWS Budgets e-mails this address directly (no confirmation needed).\n${COST_REPORT_GUIDE}`,
        validate: validateEmail,
      },
    ];
  },

  /** The budget the answers name (read again when it is another one), with the answered limit in the table. */
  async recheck(ctx, finding, answers) {
    const name = nameOf(answers);
    const email = emailOf(answers);
    const same = finding.data && finding.data.name === name && finding.data.email === email;
    return findingFor(same && finding.data ? finding.data : await inspect(ctx, name, email), amountOf(answers));
  },

  plan(ctx, finding, answers) {
    const name = nameOf(answers);
    const email = (answers.email ?? '').trim();
    const ins = finding.data && finding.data.name === name ? finding.data : absent(name, email);
    const calls: PlannedCall[] = actionsFor(ctx, ins, amountOf(answers), email).map((a) => ({ service: 'budgets', operation: a.op, params: { ...a.input }, note: a.note }));
    return finding.data?.name === name ? calls : calls.map((c) => ({ ...c, note: `${c.note ?? ''} (if ${name} does not exist yet: apply reads it first)` }));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the answer may name another budget than the check did.
    const ins = await inspect(ctx, nameOf(answers), emailOf(answers));
    if (ins.budget && wrongKind(ins.budget)) {
      throw new OperatorError('aws', `A budget named ${ins.name} exists but is a ${ins.budget.timeUnit.toLowerCase()} ${ins.budget.type.toLowerCase()} budget.`,
        'Run again and answer another budget name.', ExitCode.StepFailed);
    }
    for (const a of actionsFor(ctx, ins, amountOf(answers), (answers.email ?? '').trim())) {
      switch (a.op) {
        case 'CreateBudget':
          await createBudget(ctx.aws, a.input);
          break;
        case 'CreateNotification':
          await createNotification(ctx.aws, a.input);
          break;
        case 'CreateSubscriber':
          await createSubscriber(ctx.aws, a.input);
          break;
        default: {
          const never: never = a;
          throw new Error(`unhandled action ${JSON.stringify(never)}`);
        }
      }
    }
  },

  async verify(ctx, answers) {
    return findingFor(await inspect(ctx, nameOf(answers), emailOf(answers)));
  },
});
