import { describe, expect, it } from 'vitest';
import { compactParams } from '../../src/format/calls.js';
import { callerLabel, truncate } from '../../src/ui/text.js';

describe('callerLabel', () => {
  it.each([
    ['arn:aws:iam::123456789012:root', true, 'root'],
    ['arn:aws:iam::123456789012:user/alice', false, 'alice'],
    ['arn:aws:iam::123456789012:user/ops/team/bob', false, 'bob'],
    ['arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/cli-session', false, 'OrganizationAccountAccessRole'],
    ['arn:aws:sts::123456789012:federated-user/carol', false, 'carol'],
  ])('%s → %s', (arn, isRoot, label) => {
    expect(callerLabel(arn, isRoot)).toBe(label);
  });
});

describe('text helpers', () => {
  it('truncates with an ellipsis only when needed', () => {
    expect(truncate('Password policy', 15)).toBe('Password policy');
    expect(truncate('Password policy', 9)).toBe('Password…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('shows parameters as one line of JSON, secrets redacted and policies expanded', () => {
    const line = compactParams({
      service: 'iam',
      operation: 'CreateLoginProfile',
      params: { UserName: 'admin', Password: 'hunter2', PolicyDocument: '{"Version":"2012-10-17"}' },
    });
    expect(line).toBe('{"UserName":"admin","Password":"‹redacted›","PolicyDocument":{"Version":"2012-10-17"}}');
  });
});
