/** The budget step's defaults, its three alerts, the notes it shows, and the rules for its answers. */
import type { Notification } from '../../aws/budgets.js';

export const DEFAULT_BUDGET_NAME = 'aws-harden-monthly';
export const DEFAULT_BUDGET_AMOUNT = '10';

/** The three alerts: 80 % and 100 % of actual spend, 100 % of forecast spend. */
export const ALERTS: readonly Notification[] = [
  { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
  { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
  { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
];

/** Shown with the finding: what a budget is not, and what the API cannot do. */
export const BILLING_NOTE = 'CloudWatch billing alarms need the console-only preference "Receive CloudWatch billing alerts" (Billing → Billing preferences); this budget needs no such switch.';

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
