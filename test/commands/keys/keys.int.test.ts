/**
 * `keys list`, `keys remove` and the dry runs of rotate and remove, in-process against the strict
 * sandbox and the real keychain (scripts/with-keyring.sh). The operator's typed answers are injected;
 * the terminal itself is covered by rotate-cli.int.test.ts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { writeProfile } from '../../../src/aws/config-file.js';
import { list } from '../../../src/commands/keys/list.js';
import { remove } from '../../../src/commands/keys/remove.js';
import { rotate } from '../../../src/commands/keys/rotate.js';
import { ExitCode, OperatorError } from '../../../src/errors.js';
import { accessKeyEntry, openKeychain, pendingAccessKeyEntry } from '../../../src/keychain/index.js';
import { sessionEntry } from '../../../src/keychain/mfa-session.js';
import { emulatorAws } from '../../helpers/aws.js';
import { describeRecorded, eventually, isMutatingRecorded, recordedRequests, resetRecording, useEmulator } from '../../helpers/emulator.js';
import { adminWithKey, forget, keysContext, rootIam } from './setup.js';

const em = useEmulator({ accountId: '210000000120' });
const keychain = openKeychain();
afterEach(async () => {
  await forget(keychain, em.accountId);
});

async function keysOf(user: string): Promise<string[]> {
  const iam = rootIam(em);
  try {
    return ((await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? '');
  } finally {
    iam.destroy();
  }
}

async function failure(p: Promise<unknown>): Promise<OperatorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OperatorError);
  return e as OperatorError;
}

describe('keys list', () => {
  it('every user and key: the keychain and profile of the admin key, CIS 1.12 for a user with two active keys', async () => {
    const a = await adminWithKey(em, keychain);
    const iam = rootIam(em);
    await iam.send(new CreateUserCommand({ UserName: 'ci' }));
    const ci = [];
    for (let i = 0; i < 2; i++) ci.push((await eventually(() => iam.send(new CreateAccessKeyCommand({ UserName: 'ci' })))).AccessKey!.AccessKeyId!);
    iam.destroy();
    const { k, lines } = keysContext(a, keychain);
    expect(await list(k, false)).toBe(ExitCode.NotHardened);
    expect(lines[0]).toBe(`aws-harden keys · account ${em.accountId} · 2 user(s), 3 access key(s)`);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^  ${a.key.AccessKeyId}  Active   0 day\\(s\\) old · last used \\d{4}-\\d\\d-\\d\\d \\(sts, us-east-1\\) · in the keychain · profile ${a.profile}$`)),
    );
    for (const id of ci) expect(lines).toContain(`  ${id}  Active   0 day(s) old · never used · not in the keychain`);
    expect(lines).toContain('  ! CIS 1.12: 2 active keys: keep one (delete or deactivate the one no longer used)');
    expect(lines.at(-1)).toBe('1 finding(s) flagged (CIS 1.12 / 1.13).');
    expect(lines.join('\n')).not.toContain(a.key.SecretAccessKey);
  });

  it('reads only, also in a dry run, and says so in JSON', async () => {
    const a = await adminWithKey(em, keychain);
    await resetRecording(em);
    const aws = await emulatorAws(em, { dryRun: true });
    const { k, lines } = keysContext(a, keychain, { aws });
    expect(await list(k, true)).toBe(ExitCode.Ok);
    const j = JSON.parse(lines.join('\n')) as { users: { user: string; keys: { id: string; keychain: string; profiles: string[]; tooOld: boolean }[] }[]; flagged: number };
    expect(j.flagged).toBe(0);
    expect(j.users).toEqual([expect.objectContaining({ user: 'admin', keys: [expect.objectContaining({ id: a.key.AccessKeyId, keychain: 'yes', profiles: [a.profile], tooOld: false })] })]);
    const calls = (await recordedRequests(em)).filter((r) => r.source === 'moto').map(describeRecorded);
    expect(calls).toContain('iam:ListUsers');
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    aws.destroy();
  });
});

describe('dry runs of rotate and remove', () => {
  it('show the calls and make no mutating request; the keychain and the config file stay as they were', async () => {
    const a = await adminWithKey(em, keychain);
    await keychain.set(sessionEntry(em.accountId, 'admin'), '{"not":"used"}');
    const configBefore = readFileSync(a.config, 'utf8');
    await resetRecording(em);
    const aws = await emulatorAws(em, { dryRun: true });
    const rot = keysContext(a, keychain, { aws });
    expect(await rotate(rot.k, 'admin')).toBe(ExitCode.Ok);
    expect(rot.lines[0]).toBe(`Dry run: nothing was changed. Rotating the access key ${a.key.AccessKeyId} of "admin" would make these calls:`);
    expect(rot.lines).toContain(`  iam:DeleteAccessKey UserName=admin AccessKeyId=${a.key.AccessKeyId}`);
    const rem = keysContext(a, keychain, { aws });
    expect(await remove(rem.k, 'admin')).toBe(ExitCode.Ok);
    expect(rem.lines).toEqual([
      `Dry run: nothing was changed. Removing the access key ${a.key.AccessKeyId} of "admin" would:`,
      `  iam:DeleteAccessKey UserName=admin AccessKeyId=${a.key.AccessKeyId}`,
      `  keychain:DeletePassword ${em.accountId}/admin/access-key`,
      `  keychain:DeletePassword ${em.accountId}/admin/mfa-session (if there is one)`,
      `  file:RemoveProfile ${a.profile} from ${a.config}`,
    ]);
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    expect(aws.recorder.calls.filter((c) => c.kind === 'mutate')).toEqual([]);
    expect(await keysOf('admin')).toEqual([a.key.AccessKeyId]);
    expect(await keychain.get(accessKeyEntry(em.accountId, 'admin'))).toBe(JSON.stringify(a.key));
    expect(await keychain.get(pendingAccessKeyEntry(em.accountId, 'admin'))).toBeUndefined();
    expect(await keychain.get(sessionEntry(em.accountId, 'admin'))).toBe('{"not":"used"}');
    expect(readFileSync(a.config, 'utf8')).toBe(configBefore);
    aws.destroy();
  });
});

describe('keys remove', () => {
  it('a wrong id removes nothing; the right one removes the key in IAM, its keychain entries and only our profile for that user', async () => {
    const a = await adminWithKey(em, keychain);
    await keychain.set(sessionEntry(em.accountId, 'admin'), '{"cached":"session"}');
    // Beside it: someone's own profile, and ours for another user whose name starts alike.
    writeProfile(a.config, 'mine', { region: 'eu-west-1' });
    writeProfile(a.config, 'ops', { credential_process: `/usr/bin/node /x/cli.js credential-process --account ${em.accountId} --user admin-ops` });
    const wrong = keysContext(a, keychain, { ask: async () => 'AKIAWRONG' });
    const e = await failure(remove(wrong.k, 'admin'));
    expect(e.message).toBe(`Not removed: you typed "AKIAWRONG", not ${a.key.AccessKeyId}. Nothing was changed.`);
    expect(e.exitCode).toBe(ExitCode.Usage);
    expect(await keysOf('admin')).toEqual([a.key.AccessKeyId]);
    expect(await keychain.get(accessKeyEntry(em.accountId, 'admin'))).toBeDefined();

    const prompts: string[] = [];
    const right = keysContext(a, keychain, { ask: async (p) => (prompts.push(p), a.key.AccessKeyId) });
    expect(await remove(right.k, 'admin')).toBe(ExitCode.Ok);
    expect(prompts[0]).toContain(`Type the key id to confirm`);
    expect(right.lines).toEqual([
      `Deleted the access key ${a.key.AccessKeyId} of "admin" in IAM.`,
      `Removed the profile "${a.profile}" from ${a.config}.`,
      `Removed the keychain entry "${em.accountId}/admin/mfa-session" (its cached MFA session).`,
      `Removed the keychain entry "${em.accountId}/admin/access-key".`,
      'Done: IAM no longer has ' + a.key.AccessKeyId + '. "admin" has no access keys now.',
    ]);
    expect(await keysOf('admin')).toEqual([]);
    expect(await keychain.get(accessKeyEntry(em.accountId, 'admin'))).toBeUndefined();
    expect(await keychain.get(sessionEntry(em.accountId, 'admin'))).toBeUndefined();
    const config = readFileSync(a.config, 'utf8');
    expect(config).not.toContain(`[profile ${a.profile}]`);
    expect(config).toContain('[profile mine]\nregion = eu-west-1');
    expect(config).toContain('--user admin-ops');
  });

  it('bad input: an unknown user, a user whose key the keychain does not hold, an unfinished rotation', async () => {
    const a = await adminWithKey(em, keychain);
    const { k } = keysContext(a, keychain, { yes: true });
    const unknown = await failure(remove(k, 'nobody'));
    expect([unknown.message, unknown.exitCode]).toEqual([`Account ${em.accountId} has no IAM user "nobody".`, ExitCode.Usage]);
    const iam = rootIam(em);
    await iam.send(new CreateUserCommand({ UserName: 'ci' }));
    iam.destroy();
    // The strict sandbox shows the new user after a moment, as IAM does.
    const notHeld = await eventually(async () => {
      k.aws.forgetReads();
      const e = await failure(remove(k, 'ci'));
      if (e.message.includes('has no IAM user')) throw e;
      return e;
    });
    expect(notHeld.message).toBe(`The keychain holds no access key of "ci" (account ${em.accountId}, entry "${em.accountId}/ci/access-key"), so aws-harden has no key of this user to work on.`);
    expect(notHeld.exitCode).toBe(ExitCode.Usage);
    await keychain.set(pendingAccessKeyEntry(em.accountId, 'admin'), JSON.stringify({ phase: 'creating', replaces: a.key.AccessKeyId, before: [a.key.AccessKeyId] }));
    const pending = await failure(remove(k, 'admin'));
    expect(pending.remedy).toBe('Finish it first with: aws-harden keys rotate --user admin — then remove the key it leaves.');
    expect(await keysOf('admin')).toEqual([a.key.AccessKeyId]);
  });
});

describe('keys rotate refuses a key aws-harden does not hold', () => {
  it('names both keys; --yes never deletes it; typing its id does', async () => {
    const a = await adminWithKey(em, keychain);
    const iam = rootIam(em);
    const other = (await eventually(() => iam.send(new CreateAccessKeyCommand({ UserName: 'admin' })))).AccessKey!.AccessKeyId!;
    iam.destroy();
    const yes = keysContext(a, keychain, { yes: true });
    const refused = await failure(rotate(yes.k, 'admin'));
    expect(refused.message).toMatch(
      new RegExp(
        `^"admin" has another access key besides ${a.key.AccessKeyId}, the one the keychain holds: ${other} \\(Active, created \\d{4}-\\d\\d-\\d\\d\\)\\. aws-harden does not hold it and does not delete it on its own\\. Nothing was changed\\.$`,
      ),
    );
    expect(refused.remedy).toMatch(/--yes never deletes a key aws-harden does not hold/);
    expect(refused.exitCode).toBe(ExitCode.Usage);
    expect((await keysOf('admin')).sort()).toEqual([a.key.AccessKeyId, other].sort());
    const stopped = keysContext(a, keychain, { ask: async () => '' });
    expect((await failure(rotate(stopped.k, 'admin'))).remedy).toMatch(/^You stopped/);
    const typed = keysContext(a, keychain, { ask: async () => other });
    expect(await rotate(typed.k, 'admin')).toBe(ExitCode.Ok);
    expect(typed.lines[0]).toBe(`Deleted ${other} of "admin" in IAM (you typed its id).`);
    const keys = await keysOf('admin');
    expect(keys).toHaveLength(1);
    expect(keys).not.toContain(other);
    expect(keys).not.toContain(a.key.AccessKeyId);
  });
});
