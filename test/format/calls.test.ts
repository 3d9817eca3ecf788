import { describe, expect, it } from 'vitest';
import { REDACTED, callName, formatParams, redact } from '../../src/format/calls.js';

describe('format', () => {
  it('redacts secret-looking fields at any depth', () => {
    expect(redact({ UserName: 'admin', Password: 'hunter2', MinimumPasswordLength: 14, Nested: [{ SecretAccessKey: 'x' }] })).toEqual({
      UserName: 'admin',
      Password: REDACTED,
      MinimumPasswordLength: 14,
      Nested: [{ SecretAccessKey: REDACTED }],
    });
  });

  it('expands JSON policy documents so they read as JSON', () => {
    const out = formatParams({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) });
    expect(out).toContain('"Version": "2012-10-17"');
    expect(out).not.toContain('\\"');
  });

  it('names the call as service:Operation', () => {
    expect(callName({ service: 'iam', operation: 'UpdateAccountPasswordPolicy', params: { MinimumPasswordLength: 14 } })).toBe('iam:UpdateAccountPasswordPolicy');
  });
});
