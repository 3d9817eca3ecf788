/**
 * Resume after AWS changed between runs: a --yes run makes the admin user, someone deletes it, and the
 * next run's resume screen says the journal's "done" no longer holds (and --yes says so too).
 * The identity steps need the keyring: run with scripts/with-keyring.sh.
 */
import { describe, expect, it } from 'vitest';
import { rootEnv, runCli } from '../helpers/cli.js';
import { useEmulator } from '../helpers/emulator.js';
import { runInPty } from '../helpers/pty.js';

const em = useEmulator({ accountId: '210000000007' });

/** What an operator deleting the user in the console does: its password, keys and group go first. */
async function deleteUser(name: string): Promise<void> {
  const iam = await import('@aws-sdk/client-iam');
  const client = new iam.IAMClient({ endpoint: em.endpoint, region: 'us-east-1', credentials: em.rootCredentials });
  try {
    for (const g of (await client.send(new iam.ListGroupsForUserCommand({ UserName: name }))).Groups ?? []) {
      await client.send(new iam.RemoveUserFromGroupCommand({ UserName: name, GroupName: g.GroupName }));
    }
    for (const k of (await client.send(new iam.ListAccessKeysCommand({ UserName: name }))).AccessKeyMetadata ?? []) {
      await client.send(new iam.DeleteAccessKeyCommand({ UserName: name, AccessKeyId: k.AccessKeyId }));
    }
    await client.send(new iam.DeleteLoginProfileCommand({ UserName: name })).catch(() => undefined);
    await client.send(new iam.DeleteUserCommand({ UserName: name }));
  } finally {
    client.destroy();
  }
}

describe('resuming after AWS changed', () => {
  it('the admin user was deleted between runs: the resume screen and --yes say the journal and AWS disagree', async () => {
    const env = rootEnv(em);
    const first = await runCli(['--yes'], env);
    expect(first.stdout).toMatch(/^✓ admin-user +done/m);
    await deleteUser('admin');

    const t = runInPty([], env, { cols: 100, rows: 30 });
    const screen = await t.waitFor((s) => s.includes('Press enter to resume'), 'the resume screen');
    expect(screen).toMatch(/✓ Admin user — done \d\d:\d\d · ≠ AWS now: not done/);
    expect(screen).toMatch(/≠ Journal and AWS disagree on \d steps?; AWS counts\./);
    expect(screen).toMatch(/✓ Admin group — done \d\d:\d\d +│/);
    // The step list shows the journal: ✓ where it holds, ≠ where AWS now disagrees.
    expect(screen).toMatch(/│ ✓ Admin group +│/);
    expect(screen).toMatch(/│ ≠ Admin user +│/);
    expect(screen).toMatch(/│ – Root MFA +│/);
    t.write('q');
    expect(await t.exited).toMatchObject({ exitCode: 1 });

    const again = await runCli(['--yes', '--dry-run'], env);
    expect(again.stdout).toMatch(/^≠ admin-user +journal: done \d{4}-\d\d-\d\d \d\d:\d\d; AWS now: not done \(No user "admin" yet/m);
  });
});
