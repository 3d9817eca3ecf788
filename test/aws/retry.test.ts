/**
 * What the AWS layer sends again, without AWS: a create whose answer may have been applied is never
 * sent blindly a second time; everything AWS certainly did not act on is.
 */
import { describe, expect, it } from 'vitest';
import { decide, failureOf, MAX_ATTEMPTS } from '../../src/aws/retry.js';

const sdkError = (name: string, status?: number) => Object.assign(new Error(name), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });
const netError = (code: string) => Object.assign(new Error(code), { code });

describe('failureOf', () => {
  it('tells throttling, never-sent, server errors and lost connections apart', () => {
    expect(failureOf(sdkError('Throttling', 400))).toBe('throttled');
    expect(failureOf(sdkError('SlowDown', 503))).toBe('throttled');
    expect(failureOf(sdkError('Whatever', 429))).toBe('throttled');
    expect(failureOf(sdkError('InternalFailure', 500))).toBe('server');
    expect(failureOf(netError('ECONNREFUSED'))).toBe('not-sent');
    expect(failureOf(netError('ECONNRESET'))).toBe('lost');
    expect(failureOf(Object.assign(new Error('socket hang up'), {}))).toBe('lost');
    expect(failureOf(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe('lost');
    expect(failureOf(sdkError('NoSuchEntity', 404))).toBe('other');
  });
});

describe('decide', () => {
  const fixed = () => 0.5;
  it('a create that may have been applied is not sent again: ambiguous', () => {
    for (const failure of ['server', 'lost'] as const) {
      expect(decide('iam:CreateAccessKey', true, failure, 0, fixed)).toEqual({ retry: false, ambiguous: true });
      expect(decide('kms:CreateKey', true, failure, 0, fixed)).toEqual({ retry: false, ambiguous: true });
      expect(decide('iam:DeleteAccessKey', true, failure, 0, fixed)).toEqual({ retry: false, ambiguous: true });
    }
  });

  it('reads, and mutations that set a state, are sent again after a server error or a lost connection', () => {
    expect(decide('iam:GetUser', false, 'server', 0, fixed)).toMatchObject({ retry: true });
    expect(decide('iam:UpdateAccountPasswordPolicy', true, 'lost', 0, fixed)).toMatchObject({ retry: true });
    expect(decide('kms:PutKeyPolicy', true, 'server', 1, fixed)).toMatchObject({ retry: true });
  });

  it('throttling and a connection never made are sent again, creates included: AWS did not act', () => {
    expect(decide('iam:CreateAccessKey', true, 'throttled', 0, fixed)).toMatchObject({ retry: true });
    expect(decide('kms:CreateKey', true, 'not-sent', 0, fixed)).toMatchObject({ retry: true });
  });

  it('backs off with jitter up to a cap, and stops after MAX_ATTEMPTS', () => {
    const delays = [0, 1, 2, 3].map((a) => decide('iam:GetUser', false, 'throttled', a, () => 1));
    expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([100, 200, 400, 800]);
    expect(decide('iam:GetUser', false, 'throttled', 0, () => 0)).toEqual({ retry: true, delayMs: 0 });
    expect(decide('iam:GetUser', false, 'throttled', MAX_ATTEMPTS - 1, fixed)).toEqual({ retry: false, ambiguous: false });
  });

  it('any other error is final', () => {
    expect(decide('iam:CreateUser', true, 'other', 0, fixed)).toEqual({ retry: false, ambiguous: false });
  });
});
