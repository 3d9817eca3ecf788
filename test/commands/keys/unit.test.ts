/**
 * The pure parts of `keys`: the CIS age and active-key rules, the list's flags, the pending record,
 * the profile match and removal, and the command line.
 */
import { describe, expect, it } from 'vitest';
import { UsageError, parseCli } from '../../../src/args.js';
import { withoutProfile } from '../../../src/aws/config-file.js';
import { ageInDays, hasSeveralActive, isTooOld } from '../../../src/commands/keys/age.js';
import type { Inventory } from '../../../src/commands/keys/inventory.js';
import { renderJson, renderText } from '../../../src/commands/keys/list.js';
import { parsePending } from '../../../src/commands/keys/pending.js';
import { isOurProcess } from '../../../src/steps/access-key/index.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const daysAgo = (d: number, extraMs = 0) => new Date(NOW.getTime() - d * 86_400_000 - extraMs);

describe('CIS 1.13: a key older than 90 days', () => {
  it('counts whole days', () => {
    expect(ageInDays(NOW, NOW)).toBe(0);
    expect(ageInDays(daysAgo(0, 1000), NOW)).toBe(0);
    expect(ageInDays(daysAgo(1), NOW)).toBe(1);
    expect(ageInDays(daysAgo(90, 3_600_000), NOW)).toBe(90);
    expect(ageInDays(undefined, NOW)).toBeUndefined();
  });
  it('90 days is within the rule, 91 is not', () => {
    expect(isTooOld(ageInDays(daysAgo(90, 86_399_000), NOW))).toBe(false);
    expect(isTooOld(ageInDays(daysAgo(91), NOW))).toBe(true);
    expect(isTooOld(undefined)).toBe(false);
  });
});

describe('CIS 1.12: more than one active key', () => {
  it('counts active keys only', () => {
    expect(hasSeveralActive([{ status: 'Active' }])).toBe(false);
    expect(hasSeveralActive([{ status: 'Active' }, { status: 'Inactive' }])).toBe(false);
    expect(hasSeveralActive([{ status: 'Active' }, { status: 'Active' }])).toBe(true);
  });
});

describe('keys list output', () => {
  const inv: Inventory = {
    users: [
      {
        name: 'admin',
        arn: 'arn:aws:iam::210000000090:user/admin',
        severalActive: false,
        keys: [
          {
            id: 'AKIAOLD',
            status: 'Active',
            created: daysAgo(120),
            ageDays: 120,
            lastUsed: { date: daysAgo(2), service: 's3', region: 'eu-west-1' },
            keychain: 'yes',
            profiles: ['admin-210000000090'],
            tooOld: true,
          },
        ],
      },
      {
        name: 'ci',
        arn: 'arn:aws:iam::210000000090:user/ci',
        severalActive: true,
        keys: [
          { id: 'AKIACI1', status: 'Active', created: daysAgo(3), ageDays: 3, lastUsed: {}, keychain: 'no', profiles: [], tooOld: false },
          { id: 'AKIACI2', status: 'Active', created: daysAgo(1), ageDays: 1, lastUsed: {}, keychain: 'no', profiles: [], tooOld: false },
        ],
      },
      { name: 'bob', arn: 'arn:aws:iam::210000000090:user/bob', severalActive: false, keys: [] },
    ],
  };
  it('says age, last use, keychain and profile, and flags both rules', () => {
    expect(renderText(inv, '210000000090')).toEqual([
      'aws-harden keys · account 210000000090 · 3 user(s), 3 access key(s)',
      'admin:',
      '  AKIAOLD  Active   120 day(s) old · last used 2026-11-27 (s3, eu-west-1) · in the keychain · profile admin-210000000090',
      '    ! CIS 1.13: older than 90 days: rotate it (aws-harden keys rotate --user admin)',
      'ci:',
      '  AKIACI1  Active   3 day(s) old · never used · not in the keychain',
      '  AKIACI2  Active   1 day(s) old · never used · not in the keychain',
      '  ! CIS 1.12: 2 active keys: keep one (delete or deactivate the one no longer used)',
      'bob: no access keys',
      '2 finding(s) flagged (CIS 1.12 / 1.13).',
    ]);
  });
  it('as JSON', () => {
    const j = JSON.parse(renderJson(inv, '210000000090')) as {
      flagged: number;
      users: { user: string; keys: { id: string; tooOld: boolean; ageDays: number; lastUsed: unknown; keychain: string }[] }[];
    };
    expect(j.flagged).toBe(2);
    expect(j.users[0]?.keys[0]).toMatchObject({ id: 'AKIAOLD', tooOld: true, ageDays: 120, keychain: 'yes', lastUsed: { service: 's3', region: 'eu-west-1' } });
    expect(j.users[1]?.keys[0]?.lastUsed).toBeNull();
  });
});

describe('the pending record of a rotation', () => {
  it('reads both phases and nothing else', () => {
    expect(parsePending(JSON.stringify({ phase: 'creating', replaces: 'AKIAOLD', before: ['AKIAOLD'] }))).toEqual({ phase: 'creating', replaces: 'AKIAOLD', before: ['AKIAOLD'] });
    expect(parsePending(JSON.stringify({ phase: 'created', AccessKeyId: 'AKIANEW', SecretAccessKey: 's', replaces: 'AKIAOLD' }))).toEqual({
      phase: 'created',
      AccessKeyId: 'AKIANEW',
      SecretAccessKey: 's',
      replaces: 'AKIAOLD',
    });
    expect(parsePending(JSON.stringify({ phase: 'created', AccessKeyId: 'AKIANEW', replaces: 'AKIAOLD' }))).toBeUndefined();
    expect(parsePending(JSON.stringify({ phase: 'creating', before: [] }))).toBeUndefined();
    expect(parsePending('not json')).toBeUndefined();
    expect(parsePending(undefined)).toBeUndefined();
  });
});

describe("aws-harden's profiles", () => {
  const line = (user: string, extra = '') => `/usr/bin/node /opt/aws-harden/dist/cli.js credential-process --account 210000000090 --user ${user}${extra}`;
  it('match the account and the whole user name', () => {
    expect(isOurProcess(line('admin'), '210000000090', 'admin')).toBe(true);
    expect(isOurProcess(line('admin', ' --mfa-serial arn:aws:iam::210000000090:mfa/admin --region us-east-1'), '210000000090', 'admin')).toBe(true);
    expect(isOurProcess(line('admin-ops'), '210000000090', 'admin')).toBe(false);
    expect(isOurProcess(line('admin'), '210000000091', 'admin')).toBe(false);
    expect(isOurProcess('aws-vault export admin', '210000000090', 'admin')).toBe(false);
  });
  it('one is removed, the rest of the file kept', () => {
    const text = '[default]\nregion = eu-west-1\n\n[profile a]\ncredential_process = x\nregion = us-east-1\n\n[profile b]\nregion = us-east-2\n';
    expect(withoutProfile(text, 'a')).toBe('[default]\nregion = eu-west-1\n\n[profile b]\nregion = us-east-2\n');
    expect(withoutProfile(text, 'b')).toBe('[default]\nregion = eu-west-1\n\n[profile a]\ncredential_process = x\nregion = us-east-1\n');
    expect(withoutProfile('[profile a]\nx = 1\n', 'a')).toBe('');
    expect(withoutProfile(text, 'missing')).toBe(text);
  });
});

describe('keys on the command line', () => {
  it('parses the three actions', () => {
    expect(parseCli(['keys', 'list', '--json', '--dry-run'])).toMatchObject({ command: 'keys', keys: { action: 'list' }, json: true, dryRun: true });
    expect(parseCli(['keys', 'rotate'])).toMatchObject({ command: 'keys', keys: { action: 'rotate' } });
    expect(parseCli(['keys', 'rotate', '--user', 'admin', '--yes'])).toMatchObject({ keys: { action: 'rotate', user: 'admin' }, yes: true });
    expect(parseCli(['keys', 'remove', '--user', 'ci@example.com'])).toMatchObject({ keys: { action: 'remove', user: 'ci@example.com' } });
  });
  it.each([
    [['keys'], /keys needs an action: keys list, keys rotate, keys remove/],
    [['keys', 'delete'], /keys delete: not an action; choose one of: list, rotate, remove/],
    [['keys', 'remove'], /keys remove needs --user NAME/],
    [['keys', 'list', '--user', 'a'], /keys list shows every user/],
    [['keys', 'rotate', '--user', 'a b'], /--user "a b" is not an IAM user name/],
    [['keys', 'rotate', '--json'], /--json goes with the audit, plan and keys list commands/],
    [['keys', 'rotate', 'extra'], /Unexpected argument "extra"/],
    [['keys', 'rotate', '--config', 'a.json'], /keys commands take none/],
    [['audit', '--user', 'a'], /--user goes with keys rotate and keys remove/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});
