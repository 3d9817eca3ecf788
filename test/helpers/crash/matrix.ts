/** What every run of the crash and lost-answer matrices shares: the account, the answers, the admin. */

/** The matrix's own account id: its keychain entries never meet those of other tests' sandboxes. */
export const MATRIX_ACCOUNT_ID = '111122223333';

/** The answers of every matrix run: the budget needs an e-mail; root keys go only on an explicit yes. */
export const MATRIX_CONFIG = { budget: { email: 'ops@example.com' }, 'root-access-keys': { delete: 'yes' } } as const;

/** The admin user a run with MATRIX_CONFIG makes (the admin-user step's default name). */
export const ADMIN_USER = 'admin';
