/**
 * The credential report's rules by date (CIS 1.11 unused 45 days, 1.13 keys older than 90 days): the
 * report as AWS writes it (the root user's row first, N/A and no_information for never), read by the
 * product's parser, judged at a fixed "now". The emulator cannot make a key 100 days old.
 */
import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../src/aws/iam-credential-report.js';
import { READ_ONLY_CHECKS } from '../../src/audit/checks/index.js';
import type { AuditContext } from '../../src/audit/checks/types.js';
import type { Aws } from '../../src/aws/context.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT =
  '<root_account>,arn:aws:iam::123456789012:root,2026-01-01T00:00:00+00:00,not_supported,2026-11-28T10:00:00+00:00,not_supported,not_supported,false,true,2026-01-01T00:00:00+00:00,2026-11-28T10:00:00+00:00,us-east-1,iam,true,2026-01-02T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A';
const row = (user: string, rest: string) => `${user},arn:aws:iam::123456789012:user/${user},${rest}`;

const NOW = new Date('2026-11-29T12:00:00Z');

async function judge(csv: string): Promise<Record<string, { status: string; detail: string }>> {
  const rows = parseCredentialReport(csv);
  const ctx: AuditContext = { aws: undefined as unknown as Aws, now: () => NOW, report: () => Promise.resolve(rows) };
  const ids = new Set(['console-mfa', 'unused-credentials', 'one-active-key', 'key-rotation']);
  const out: Record<string, { status: string; detail: string }> = {};
  for (const c of READ_ONLY_CHECKS.filter((x) => ids.has(x.id))) {
    const r = await c.run(ctx);
    out[c.id] = { status: r.pass ? 'pass' : 'fail', detail: r.detail };
  }
  return out;
}

describe('the credential report checks', () => {
  it("parses AWS's CSV by column name; never-used dates are undefined", () => {
    const [root, admin] = parseCredentialReport(
      `${HEADER}\n${ROOT}\n${row('admin', '2026-11-20T09:00:00+00:00,true,no_information,2026-11-20T09:00:00+00:00,N/A,true,true,2026-11-20T09:05:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A')}\n`,
    );
    expect(root).toMatchObject({ root: true, user: '<root_account>', passwordEnabled: false });
    expect(admin).toMatchObject({ root: false, user: 'admin', passwordEnabled: true, mfaActive: true, created: new Date('2026-11-20T09:00:00Z') });
    expect(admin?.passwordLastUsed).toBeUndefined();
    expect(admin?.keys).toEqual([{ active: true, lastRotated: new Date('2026-11-20T09:05:00Z') }, { active: false }]);
  });

  it("the root user's row is not judged (its two keys and no MFA are the root steps' business)", async () => {
    const r = await judge(`${HEADER}\n${ROOT}`);
    expect(Object.values(r).map((x) => x.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('a password and a key unused for 45 days or more fail 1.11; 44 days pass; never used counts from when it was made', async () => {
    const used44 = row(
      'recent',
      '2026-01-01T00:00:00+00:00,true,2026-10-16T12:00:00+00:00,2026-01-01T00:00:00+00:00,N/A,true,true,2026-11-01T00:00:00+00:00,2026-10-16T12:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    const stale = row('stale', '2026-01-01T00:00:00+00:00,true,2026-10-15T12:00:00+00:00,2026-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A');
    const neverUsedKey = row('idle', '2026-09-01T00:00:00+00:00,false,not_supported,N/A,N/A,false,true,2026-09-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A');
    expect((await judge(`${HEADER}\n${used44}`))['unused-credentials']?.status).toBe('pass');
    expect((await judge(`${HEADER}\n${used44}\n${stale}\n${neverUsedKey}`))['unused-credentials']).toEqual({
      status: 'fail',
      detail: 'Unused for 45 days or more and still enabled: stale (password, 45 days), idle (key 1, 89 days).',
    });
  });

  it('an active key older than 90 days fails 1.13; an inactive one or one of exactly 90 days does not', async () => {
    const old = row(
      'old',
      '2026-01-01T00:00:00+00:00,false,not_supported,N/A,N/A,false,true,2026-08-20T12:00:00+00:00,2026-11-29T00:00:00+00:00,us-east-1,s3,false,2026-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    const ninety = row(
      'ninety',
      '2026-01-01T00:00:00+00:00,false,not_supported,N/A,N/A,false,true,2026-08-31T12:00:00+00:00,2026-11-29T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    const r = await judge(`${HEADER}\n${old}\n${ninety}`);
    expect(r['key-rotation']).toEqual({ status: 'fail', detail: 'Active keys older than 90 days: old (key 1, 101 days); aws-harden keys rotate makes a new one.' });
    expect(r['one-active-key']?.status).toBe('pass');
  });
});
