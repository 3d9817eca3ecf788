/** Wizard states and prompts as the runner produces them, for screen tests. */
import { initialState, type AuditCheck, type RunHeader, type WizardState } from '../../src/engine/state.js';
import { STEPS as REAL_STEPS } from '../../src/steps/index.js';
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

/**
 * The wizard's real steps, as the screens see them: screen tests show the titles an operator reads, so a
 * title too long for the step list, or a step added to src/steps/index.ts, shows here too.
 */
export const STEPS: ReadonlyArray<{ id: StepId; title: string; why: string }> = REAL_STEPS.map(({ id, title, why }) => ({ id, title, why }));

/** The real step with this id (a test that names a step the wizard no longer has fails here). */
export function stepOf(id: StepId): { id: StepId; title: string; why: string } {
  const step = STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in src/steps/index.ts`);
  return step;
}

export const PASSWORD_POLICY_INDEX = STEPS.findIndex((s) => s.id === 'password-policy');

export function state(header: Partial<RunHeader> = {}): WizardState {
  return initialState({ ...HEADER, ...header }, STEPS);
}

export const CHECKS: AuditCheck[] = [
  { ...stepOf('root-mfa'), status: 'pass', detail: 'Root has a virtual MFA device.' },
  { ...stepOf('password-policy'), status: 'fail', detail: 'Password policy is weak: minimum length 8 < 14.' },
  { ...stepOf('cloudtrail'), status: 'unknown', detail: 'Not allowed to read trails (AccessDenied).' },
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
