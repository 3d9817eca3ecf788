/**
 * The checks read from the IAM credential report: MFA for console users (CIS 1.9), credentials unused
 * for 45 days (1.11), one active key per user (1.12), keys rotated within 90 days (1.13). The root
 * user's row is left out: its keys and MFA are the root-access-keys and root-mfa steps' (1.3, 1.4).
 */
import type { CredentialRow } from '../../aws/iam-credential-report.js';
import { ageInDays, isTooOld, MAX_KEY_AGE_DAYS } from '../../commands/keys/age.js';
import { names, plural, type AuditContext, type ReadOnlyCheck } from './types.js';

/** CIS 1.11: a credential unused this many days or more is to be disabled. */
export const UNUSED_DAYS = 45;

const users = async (ctx: AuditContext): Promise<CredentialRow[]> => (await ctx.report()).filter((r) => !r.root);

export const consoleMfa: ReadOnlyCheck = {
  id: 'console-mfa',
  title: 'MFA for console users',
  async run(ctx) {
    const withPassword = (await users(ctx)).filter((u) => u.passwordEnabled);
    const without = withPassword.filter((u) => !u.mfaActive).map((u) => u.user);
    if (without.length > 0) return { pass: false, detail: `${plural(without.length, 'user')} with a console password and no MFA: ${names(without)}.` };
    return { pass: true, detail: withPassword.length === 0 ? 'No IAM user has a console password.' : `Every user with a console password has MFA (${withPassword.length}).` };
  },
};

export const unusedCredentials: ReadOnlyCheck = {
  id: 'unused-credentials',
  title: 'Unused credentials',
  async run(ctx) {
    const now = ctx.now();
    const stale: string[] = [];
    for (const u of await users(ctx)) {
      // Never used: counted from when it was made (CIS 1.11's audit does the same).
      if (u.passwordEnabled) {
        const days = ageInDays(u.passwordLastUsed ?? u.passwordLastChanged ?? u.created, now);
        if (days !== undefined && days >= UNUSED_DAYS) stale.push(`${u.user} (password, ${days} days)`);
      }
      u.keys.forEach((k, i) => {
        const days = k.active ? ageInDays(k.lastUsed ?? k.lastRotated, now) : undefined;
        if (days !== undefined && days >= UNUSED_DAYS) stale.push(`${u.user} (key ${i + 1}, ${days} days)`);
      });
    }
    if (stale.length > 0) return { pass: false, detail: `Unused for ${UNUSED_DAYS} days or more and still enabled: ${names(stale)}.` };
    return { pass: true, detail: `No password or active key is unused for ${UNUSED_DAYS} days or more.` };
  },
};

export const oneActiveKey: ReadOnlyCheck = {
  id: 'one-active-key',
  title: 'One active key per user',
  async run(ctx) {
    const several = (await users(ctx)).filter((u) => u.keys.filter((k) => k.active).length > 1).map((u) => u.user);
    if (several.length > 0) return { pass: false, detail: `${plural(several.length, 'user')} with two active access keys: ${names(several)}.` };
    return { pass: true, detail: 'No user has more than one active access key.' };
  },
};

export const keyRotation: ReadOnlyCheck = {
  id: 'key-rotation',
  title: 'Access keys rotated',
  async run(ctx) {
    const now = ctx.now();
    const old = (await users(ctx)).flatMap((u) =>
      u.keys.flatMap((k, i) => {
        const days = ageInDays(k.lastRotated, now);
        return k.active && isTooOld(days) ? [`${u.user} (key ${i + 1}, ${days} days)`] : [];
      }),
    );
    if (old.length > 0) return { pass: false, detail: `Active keys older than ${MAX_KEY_AGE_DAYS} days: ${names(old)}; aws-harden keys rotate makes a new one.` };
    return { pass: true, detail: `No active access key is older than ${MAX_KEY_AGE_DAYS} days.` };
  },
};
