/** What every run of the crash and lost-answer matrices shares: the account, the answers, the admin. */

/** The matrix's own account id: its keychain entries never meet those of other tests' sandboxes. */
export const MATRIX_ACCOUNT_ID = '111122223333';

/**
 * The answers of every matrix run, so that it applies every step a `--yes` run can: the budget needs an
 * e-mail; the security contact its four fields; the paid steps (guardduty, aws-config, security-hub,
 * trail-alarms) run only when named; root keys go only on an explicit yes.
 */
export const MATRIX_CONFIG = {
  budget: { email: 'ops@example.com' },
  'security-contact': { name: 'Security team', title: 'Security', email: 'security@example.com', phone: '+1 206 555 0100' },
  guardduty: {},
  'aws-config': {},
  'security-hub': {},
  'trail-alarms': {},
  'root-access-keys': { delete: 'yes' },
} as const;

/** The admin user a run with MATRIX_CONFIG makes (the admin-user step's default name). */
export const ADMIN_USER = 'admin';
