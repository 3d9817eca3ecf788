/**
 * `aws-harden keys list [--json]`: every IAM user's access keys, and the two CIS checks on them.
 * Read-only (works with --dry-run). Exit 0, or 1 when a key or a user is flagged.
 */
import { ExitCode } from '../../errors.js';
import { MAX_KEY_AGE_DAYS } from './age.js';
import type { KeysContext } from './context.js';
import { inventory, type Inventory, type KeyRow } from './inventory.js';

const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : undefined);

function lastUsedText(k: KeyRow): string {
  const d = day(k.lastUsed.date);
  if (!d) return 'never used';
  return `last used ${d}${k.lastUsed.service ? ` (${k.lastUsed.service}${k.lastUsed.region ? `, ${k.lastUsed.region}` : ''})` : ''}`;
}

const KEYCHAIN_TEXT: Record<KeyRow['keychain'], string> = {
  yes: 'in the keychain',
  pending: "in the keychain as an unfinished rotation's new key (run keys rotate to finish)",
  no: 'not in the keychain',
  unknown: 'keychain not readable',
};

function flagCount(inv: Inventory): number {
  return inv.users.reduce((n, u) => n + u.keys.filter((k) => k.tooOld).length + (u.severalActive ? 1 : 0), 0);
}

export function renderText(inv: Inventory, account: string): string[] {
  const keyCount = inv.users.reduce((n, u) => n + u.keys.length, 0);
  const lines = [`aws-harden keys · account ${account} · ${inv.users.length} user(s), ${keyCount} access key(s)`];
  if (inv.keychainProblem) lines.push(`  (the keychain could not be read: ${inv.keychainProblem})`);
  for (const u of inv.users) {
    if (u.keys.length === 0) {
      lines.push(`${u.name}: no access keys`);
      continue;
    }
    lines.push(`${u.name}:`);
    for (const k of u.keys) {
      const age = k.ageDays === undefined ? 'age unknown' : `${k.ageDays} day(s) old`;
      const profile = k.profiles.length ? ` · profile ${k.profiles.join(', ')}` : '';
      lines.push(`  ${k.id}  ${k.status.padEnd(8)} ${age} · ${lastUsedText(k)} · ${KEYCHAIN_TEXT[k.keychain]}${profile}`);
      if (k.tooOld) lines.push(`    ! CIS 1.13: older than ${MAX_KEY_AGE_DAYS} days: rotate it${k.keychain === 'yes' ? ` (aws-harden keys rotate --user ${u.name})` : ''}`);
    }
    if (u.severalActive) lines.push(`  ! CIS 1.12: ${u.keys.filter((k) => k.status === 'Active').length} active keys: keep one (delete or deactivate the one no longer used)`);
  }
  const flagged = flagCount(inv);
  lines.push(flagged === 0 ? 'No key older than 90 days, no user with more than one active key.' : `${flagged} finding(s) flagged (CIS 1.12 / 1.13).`);
  return lines;
}

export function renderJson(inv: Inventory, account: string): string {
  return JSON.stringify(
    {
      account,
      ...(inv.keychainProblem ? { keychainProblem: inv.keychainProblem } : {}),
      users: inv.users.map((u) => ({
        user: u.name,
        arn: u.arn,
        severalActive: u.severalActive,
        keys: u.keys.map((k) => ({
          id: k.id,
          status: k.status,
          created: k.created?.toISOString() ?? null,
          ageDays: k.ageDays ?? null,
          lastUsed: k.lastUsed.date ? { date: k.lastUsed.date.toISOString(), service: k.lastUsed.service ?? null, region: k.lastUsed.region ?? null } : null,
          keychain: k.keychain,
          profiles: k.profiles,
          tooOld: k.tooOld,
        })),
      })),
      flagged: flagCount(inv),
    },
    null,
    2,
  );
}

export async function list(k: KeysContext, json: boolean): Promise<number> {
  const inv = await inventory(k);
  if (json) k.out(renderJson(inv, k.account));
  else for (const line of renderText(inv, k.account)) k.out(line);
  return flagCount(inv) === 0 ? ExitCode.Ok : ExitCode.NotHardened;
}
