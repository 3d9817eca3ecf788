/** Wizard states and prompts as the runner produces them, for screen tests. */
import { initialState, type AuditCheck, type RunHeader, type WizardState } from '../../src/engine/state.js';
import type { ComparisonTable, PlannedCall, Question, StepId } from '../../src/steps/types.js';

export const HEADER: RunHeader = {
  account: '123456789012',
  arn: 'arn:aws:iam::123456789012:root',
  isRoot: true,
  region: 'us-east-1',
  dryRun: true,
  sandbox: false,
  journalPath: '/home/op/.local/state/aws-harden/123456789012.json',
};

export const STEPS: ReadonlyArray<{ id: StepId; title: string; why: string }> = [
  { id: 'root-mfa', title: 'Root MFA', why: 'A stolen root password alone must not open the account.' },
  { id: 'admin-group', title: 'Admin group', why: 'Permissions belong to groups, not to people.' },
  { id: 'admin-user', title: 'Admin user', why: 'Daily work happens as an IAM user, never as root.' },
  { id: 'admin-mfa', title: 'Admin MFA', why: 'The admin user needs a second factor too.' },
  { id: 'access-key', title: 'Access key', why: 'One key for the admin, kept in the keychain.' },
  { id: 'password-policy', title: 'Password policy', why: 'Long passwords with every character class, never reused, resist guessing.' },
  { id: 'kms-key', title: 'KMS key', why: 'Audit logs are encrypted with a key you control.' },
  { id: 'cloudtrail', title: 'CloudTrail', why: 'Every API call in every region is recorded.' },
  { id: 'budget', title: 'Budget', why: 'A surprise bill is noticed within a day.' },
  { id: 'root-access-keys', title: 'Root access keys', why: 'Root keys cannot be limited; they must not exist.' },
];

export const PASSWORD_POLICY_INDEX = STEPS.findIndex((s) => s.id === 'password-policy');

export function state(header: Partial<RunHeader> = {}): WizardState {
  return initialState({ ...HEADER, ...header }, STEPS);
}

export const CHECKS: AuditCheck[] = [
  { id: 'root-mfa', title: 'Root MFA', why: '', status: 'pass', detail: 'Root has a virtual MFA device.' },
  { id: 'password-policy', title: 'Password policy', why: '', status: 'fail', detail: 'Password policy is weak: minimum length 8 < 14.' },
  { id: 'cloudtrail', title: 'CloudTrail', why: '', status: 'unknown', detail: 'Not allowed to read trails (AccessDenied).' },
];

export const TABLE: ComparisonTable = {
  columns: ['', 'current', 'proposed'],
  rows: [
    { label: 'minimum length', current: '8', proposed: '14', changes: true },
    { label: 'numbers / symbols', current: 'no / no', proposed: 'yes / yes', changes: true },
    { label: 'reuse prevention', current: '—', proposed: 'last 24', changes: true },
    { label: 'expiry', current: 'never', proposed: 'never', changes: false },
  ],
};

export const FINDING = { status: 'todo' as const, summary: 'Password policy is weak: minimum length 8 < 14.', table: TABLE };

export const PLAN: PlannedCall[] = [
  {
    service: 'iam',
    operation: 'UpdateAccountPasswordPolicy',
    params: {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      PasswordReusePrevention: 24,
    },
    note: 'replaces the whole policy: every field is sent',
  },
];

export function validateMaxAge(value: string): string | undefined {
  if (!/^\d+$/.test(value.trim())) return 'Enter a whole number of days (0 = passwords never expire).';
  return Number(value) > 1095 ? 'IAM allows at most 1095 days.' : undefined;
}

export const MAX_AGE: Question = {
  kind: 'text',
  id: 'maxAgeDays',
  prompt: 'Expire passwords after how many days? (0 = never)',
  default: '0',
  help: 'Recommended: 0. Forced rotation pushes people to weaker passwords.',
  validate: validateMaxAge,
};
