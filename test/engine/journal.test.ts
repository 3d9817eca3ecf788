import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, JOURNAL_SCHEMA, journalPath } from '../../src/engine/journal.js';
import { OperatorError } from '../../src/errors.js';

const ACCOUNT = '123456789012';
function freshEnv(): NodeJS.ProcessEnv {
  return { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'journal-test-')) };
}

describe('Journal', () => {
  it('writes nothing until something happens, then a 0600 file in a 0700 dir', () => {
    const env = freshEnv();
    const j = Journal.open(ACCOUNT, { env, writable: true });
    expect(j.existed).toBe(false);
    expect(() => statSync(j.path)).toThrow();
    j.setAnswers('password-policy', { maxAgeDays: '0' });
    j.setStatus('password-policy', 'done');
    expect(statSync(j.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(j.path, '..')).mode & 0o777).toBe(0o700);
    const data = JSON.parse(readFileSync(j.path, 'utf8'));
    expect(data).toMatchObject({ schema: JOURNAL_SCHEMA, account: ACCOUNT, answers: { 'password-policy': { maxAgeDays: '0' } }, steps: { 'password-policy': { status: 'done' } } });
    // No temp files left behind by the atomic write.
    expect(readdirSync(join(j.path, '..'))).toEqual([`${ACCOUNT}.json`]);
  });

  it('reads back what it wrote', () => {
    const env = freshEnv();
    Journal.open(ACCOUNT, { env, writable: true }).setAnswers('password-policy', { maxAgeDays: '90' });
    const again = Journal.open(ACCOUNT, { env, writable: true });
    expect(again.existed).toBe(true);
    expect(again.answers('password-policy')).toEqual({ maxAgeDays: '90' });
  });

  it('never writes when not writable (dry-run)', () => {
    const env = freshEnv();
    const j = Journal.open(ACCOUNT, { env, writable: false });
    j.setStatus('password-policy', 'done');
    expect(() => statSync(j.path)).toThrow();
  });

  function openBroken(text: string): OperatorError {
    const env = freshEnv();
    const path = journalPath(ACCOUNT, env);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    try {
      Journal.open(ACCOUNT, { env, writable: true });
    } catch (e) {
      expect(readFileSync(path, 'utf8')).toBe(text); // never overwritten
      return e as OperatorError;
    }
    throw new Error('expected the journal to be refused');
  }

  it.each([
    ['', /is empty/],
    ['{"schema": 1, "acc', /not valid JSON/],
    ['[1,2]', /not a journal object/],
    [JSON.stringify({ schema: 99, account: ACCOUNT, answers: {}, steps: {} }), /newer aws-harden \(schema 99/],
    [JSON.stringify({ schema: 1, account: '999999999999', answers: {}, steps: {} }), /belongs to account 999999999999/],
  ])('refuses a bad journal %# with a message naming the file', (text, message) => {
    const e = openBroken(text);
    expect(e).toBeInstanceOf(OperatorError);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`${ACCOUNT}.json`);
    expect(e.remedy).toBeTruthy();
  });

  it('says so, naming the file, when the journal cannot be written', () => {
    const env = freshEnv();
    const j = Journal.open(ACCOUNT, { env, writable: true });
    // Root ignores permission bits, so block the atomic write's temp file with a directory instead.
    mkdirSync(`${j.path}.${process.pid}.tmp`, { recursive: true });
    expect(() => j.setStatus('password-policy', 'done')).toThrow(/Cannot write the journal .*123456789012\.json \(EISDIR\)/);
  });

  it('start over forgets answers and statuses atomically, keeping the file', () => {
    const env = freshEnv();
    const j = Journal.open(ACCOUNT, { env, writable: true });
    j.setAnswers('admin-user', { userName: 'alice' });
    j.setStatus('admin-user', 'done');
    const again = Journal.open(ACCOUNT, { env, writable: true });
    again.reset();
    const data = JSON.parse(readFileSync(j.path, 'utf8'));
    expect(data).toMatchObject({ schema: JOURNAL_SCHEMA, account: ACCOUNT, answers: {}, steps: {}, resources: {} });
    expect(readdirSync(join(j.path, '..'))).toEqual([`${ACCOUNT}.json`]);
    expect(Journal.open(ACCOUNT, { env, writable: true }).answers('admin-user')).toBeUndefined();
  });

  it('says what to do when a directory stands where the journal should be', () => {
    const env = freshEnv();
    const path = journalPath(ACCOUNT, env);
    mkdirSync(path, { recursive: true });
    expect(() => Journal.open(ACCOUNT, { env, writable: true })).toThrow(OperatorError);
    expect(() => Journal.open(ACCOUNT, { env, writable: true })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/123456789012\.json cannot be read \(EISDIR\)/), remedy: expect.stringMatching(/is a directory.*mv /) }),
    );
  });

  it('says so when the state path cannot be read', () => {
    const base = mkdtempSync(join(tmpdir(), 'journal-test-'));
    writeFileSync(join(base, 'aws-harden'), 'a file where the directory should be');
    expect(() => Journal.open(ACCOUNT, { env: { XDG_STATE_HOME: base }, writable: true })).toThrow(/journal .*123456789012\.json cannot be read \(ENOTDIR\)/);
  });
});
