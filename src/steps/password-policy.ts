/**
 * password-policy: an account password policy at least as strong as the CIS AWS Foundations Benchmark
 * (length ≥ 14, all character classes, reuse prevention 24), never weakening a stronger setting.
 */
import { plannedCalls, runActions, type IamAction } from '../aws/actions/index.js';
import { getPasswordPolicy, passwordPolicyInput, type PasswordPolicy } from '../aws/iam.js';
import { defineStep, type Answers, type ComparisonTable, type Finding, type Question } from './types.js';

export const CIS_MINIMUM_LENGTH = 14;
export const CIS_REUSE_PREVENTION = 24;
const MAX_AGE_LIMIT = 1095;

/** IAM's defaults when no policy is set (what sign-in enforces then). */
const NO_POLICY: PasswordPolicy = {
  minimumLength: 8,
  requireUppercase: false,
  requireLowercase: false,
  requireNumbers: false,
  requireSymbols: false,
  allowUsersToChangePassword: false,
  maxAgeDays: 0,
  reusePrevention: 0,
  hardExpiry: false,
};

interface Data {
  current: PasswordPolicy | undefined;
}

/** The CIS shortfalls of a policy, as short phrases; empty when it meets CIS. */
export function cisShortfalls(p: PasswordPolicy | undefined): string[] {
  if (!p) return ['no password policy is set'];
  const out: string[] = [];
  if (p.minimumLength < CIS_MINIMUM_LENGTH) out.push(`minimum length ${p.minimumLength} < ${CIS_MINIMUM_LENGTH}`);
  const missing = [
    ['uppercase', p.requireUppercase],
    ['lowercase', p.requireLowercase],
    ['numbers', p.requireNumbers],
    ['symbols', p.requireSymbols],
  ]
    .filter(([, on]) => !on)
    .map(([name]) => name);
  if (missing.length) out.push(`does not require ${missing.join(', ')}`);
  if (p.reusePrevention < CIS_REUSE_PREVENTION) out.push(`reuse prevention ${p.reusePrevention || 'off'} < ${CIS_REUSE_PREVENTION}`);
  if (!p.allowUsersToChangePassword) out.push('users cannot change their own password');
  return out;
}

/**
 * The proposal: CIS values, never below what is already set. Expiry is the operator's choice
 * (`maxAgeDays`, 0 = never); hard expiry stays as it is and only applies with expiry.
 */
export function proposePolicy(current: PasswordPolicy | undefined, maxAgeDays: number): PasswordPolicy {
  const c = current ?? NO_POLICY;
  return {
    minimumLength: Math.max(c.minimumLength, CIS_MINIMUM_LENGTH),
    requireUppercase: true,
    requireLowercase: true,
    requireNumbers: true,
    requireSymbols: true,
    allowUsersToChangePassword: true,
    maxAgeDays,
    reusePrevention: Math.max(c.reusePrevention, CIS_REUSE_PREVENTION),
    hardExpiry: maxAgeDays > 0 && c.hardExpiry,
  };
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

export function comparisonTable(current: PasswordPolicy | undefined, proposed: PasswordPolicy): ComparisonTable {
  const c = current;
  const row = (label: string, cur: string, prop: string) => ({ label, current: cur, proposed: prop, changes: cur !== prop });
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      row('minimum length', c ? String(c.minimumLength) : '— (no policy)', String(proposed.minimumLength)),
      row('upper / lower case', c ? `${yesNo(c.requireUppercase)} / ${yesNo(c.requireLowercase)}` : '—', `${yesNo(proposed.requireUppercase)} / ${yesNo(proposed.requireLowercase)}`),
      row('numbers / symbols', c ? `${yesNo(c.requireNumbers)} / ${yesNo(c.requireSymbols)}` : '—', `${yesNo(proposed.requireNumbers)} / ${yesNo(proposed.requireSymbols)}`),
      row('reuse prevention', c?.reusePrevention ? `last ${c.reusePrevention}` : '—', `last ${proposed.reusePrevention}`),
      row('users change own', c ? yesNo(c.allowUsersToChangePassword) : '—', yesNo(proposed.allowUsersToChangePassword)),
      row('expiry', c?.maxAgeDays ? `${c.maxAgeDays} days` : 'never', proposed.maxAgeDays ? `${proposed.maxAgeDays} days` : 'never'),
      row('hard expiry', c ? yesNo(c.hardExpiry) : '—', yesNo(proposed.hardExpiry)),
    ],
  };
}

export function validateMaxAge(value: string): string | undefined {
  if (!/^\d+$/.test(value.trim())) return 'Enter a whole number of days (0 = passwords never expire).';
  const n = Number(value.trim());
  if (n > MAX_AGE_LIMIT) return `IAM allows at most ${MAX_AGE_LIMIT} days.`;
  return undefined;
}

function maxAgeOf(answers: Answers): number {
  return Number(answers.maxAgeDays ?? '0');
}

function findingFor(current: PasswordPolicy | undefined): Finding<Data> {
  const shortfalls = cisShortfalls(current);
  return {
    status: shortfalls.length === 0 ? 'done' : 'todo',
    summary: shortfalls.length === 0 ? 'Password policy meets CIS (length ≥ 14, all classes, reuse 24).' : `Password policy is weak: ${shortfalls.join('; ')}.`,
    table: comparisonTable(current, proposePolicy(current, current?.maxAgeDays ?? 0)),
    data: { current },
  };
}

/** One call, the whole policy: UpdateAccountPasswordPolicy is not a partial update. */
function actionsFor(current: PasswordPolicy | undefined, answers: Answers): IamAction[] {
  return [{ service: 'iam', op: 'UpdateAccountPasswordPolicy', input: proposePolicy(current, maxAgeOf(answers)), note: 'replaces the whole policy: every field is sent' }];
}

function samePolicy(a: PasswordPolicy, b: PasswordPolicy): boolean {
  return JSON.stringify(passwordPolicyInput(a)) === JSON.stringify(passwordPolicyInput(b));
}

export const passwordPolicyStep = defineStep<Data>({
  id: 'password-policy',
  title: 'Password policy',
  why: 'Long passwords with every character class, never reused, resist guessing and credential stuffing.',

  configKeys: { maxAgeDays: validateMaxAge },

  async check(ctx) {
    return findingFor(await getPasswordPolicy(ctx.aws));
  },

  questions(_ctx, finding): Question[] {
    return [
      {
        kind: 'text',
        id: 'maxAgeDays',
        prompt: 'Expire passwords after how many days? (0 = never)',
        default: String(finding.data?.current?.maxAgeDays ?? 0),
        help: 'Recommended: 0. NIST SP 800-63B and CIS advise against forced rotation: it pushes people to weaker, predictable passwords. Expiry with "hard expiry" can also lock users out until an administrator resets them.',
        validate: validateMaxAge,
      },
    ];
  },

  /** The table proposes the answered expiry, as the plan sends it. */
  async recheck(_ctx, finding, answers) {
    const current = finding.data?.current;
    return { ...finding, table: comparisonTable(current, proposePolicy(current, maxAgeOf(answers))) };
  },

  plan(_ctx, finding, answers) {
    return plannedCalls(actionsFor(finding.data?.current, answers));
  },

  async apply(ctx, finding, answers) {
    await runActions(ctx.aws, actionsFor(finding.data?.current, answers));
  },

  /** Done only when the policy read back is exactly the one we asked for. */
  async verify(ctx, answers) {
    const current = await getPasswordPolicy(ctx.aws);
    const finding = findingFor(current);
    if (finding.status !== 'done' || !current) return finding;
    // What we asked for, computed from what is there now (proposing on a compliant policy is a fixed point).
    const expected = proposePolicy(current, maxAgeOf(answers));
    if (!samePolicy(current, expected)) {
      return { ...finding, status: 'todo', summary: 'The policy read back differs from the one applied.' };
    }
    return finding;
  },
});
