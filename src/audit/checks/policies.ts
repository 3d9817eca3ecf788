/**
 * The checks of who holds which policy: permissions only through groups (CIS 1.14) and no attached
 * customer managed policy that allows everything (1.15). Reads per user and per policy go at most
 * READ_CONCURRENCY at a time.
 */
import { attachedLocalPolicies, policyDocument, userPolicies } from '../../aws/iam-policies.js';
import { listUsers } from '../../aws/iam.js';
import { boundedMap } from '../../aws/regions.js';
import { names, plural, type ReadOnlyCheck } from './types.js';

const READ_CONCURRENCY = 6;

export const groupPermissions: ReadOnlyCheck = {
  id: 'group-permissions',
  title: 'Permissions through groups',
  async run(ctx) {
    const users = await listUsers(ctx.aws);
    const own = await boundedMap(users, READ_CONCURRENCY, async (u) => {
      const p = await userPolicies(ctx.aws, u.name);
      const count = (p?.attached.length ?? 0) + (p?.inline.length ?? 0);
      return count > 0 ? `${u.name} (${count === 1 ? '1 policy' : `${count} policies`})` : undefined;
    });
    const holders = own.filter((x): x is string => x !== undefined);
    if (holders.length > 0) return { pass: false, detail: `${plural(holders.length, 'user')} with policies of their own, not through a group: ${names(holders)}.` };
    return { pass: true, detail: users.length === 0 ? 'No IAM users.' : `All ${plural(users.length, 'user')} get permissions only through groups.` };
  },
};

export const adminPolicies: ReadOnlyCheck = {
  id: 'admin-policies',
  title: 'No full-admin customer policy',
  async run(ctx) {
    const policies = await attachedLocalPolicies(ctx.aws);
    const full = await boundedMap(policies, READ_CONCURRENCY, async (p) => (allowsEverything(await policyDocument(ctx.aws, p.arn, p.defaultVersionId)) ? p.name : undefined));
    const wide = full.filter((x): x is string => x !== undefined);
    if (wide.length > 0) return { pass: false, detail: `Attached customer managed policies that allow "*" on "*": ${names(wide)}.` };
    return { pass: true, detail: `No attached customer managed policy allows "*" on "*" (${policies.length} attached).` };
  },
};

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A statement with Effect Allow, Action "*" (or "*:*") and Resource "*": full administrative rights. */
export function allowsEverything(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) return false;
  return list((document as { Statement?: unknown }).Statement).some((s) => {
    if (typeof s !== 'object' || s === null) return false;
    const st = s as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    return st.Effect === 'Allow' && list(st.Action).some((a) => a === '*' || a === '*:*') && list(st.Resource).includes('*');
  });
}
