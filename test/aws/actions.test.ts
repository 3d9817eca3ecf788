/** The action table: every operation it can make is classified for the dry-run guard, and what it shows is what it sends. */
import { describe, expect, it } from 'vitest';
import { ACTION_OPERATIONS, plannedCall, plannedCalls } from '../../src/aws/actions/index.js';
import { classify, isKnownOperation } from '../../src/aws/operations.js';

describe('the action table', () => {
  it('knows only operations the dry-run guard classifies', () => {
    expect(ACTION_OPERATIONS.length).toBeGreaterThan(30);
    const unknown = ACTION_OPERATIONS.filter((key) => {
      const [service = '', op = ''] = key.split(':');
      return !isKnownOperation(service, op);
    });
    expect(unknown).toEqual([]);
  });

  it('classifies its reads as reads and everything else as mutations', () => {
    const reads = ACTION_OPERATIONS.filter((key) => {
      const [service = '', op = ''] = key.split(':');
      return classify(service, op) === 'read';
    });
    expect(reads.sort()).toEqual(['iam:GetAccountSummary', 'sts:GetCallerIdentity']);
  });

  it('shows a console password redacted, whatever the action holds', () => {
    const call = plannedCall({ service: 'iam', op: 'UpdateLoginProfile', input: { UserName: 'admin', Password: 'hunter2-secret', PasswordResetRequired: true }, note: 'n' });
    expect(call).toEqual({ service: 'iam', operation: 'UpdateLoginProfile', params: { UserName: 'admin', Password: '‹redacted›', PasswordResetRequired: true }, note: 'n' });
    expect(JSON.stringify(call)).not.toContain('hunter2');
  });

  it('shows the password policy as the exact UpdateAccountPasswordPolicy input', () => {
    const [call] = plannedCalls([
      {
        service: 'iam',
        op: 'UpdateAccountPasswordPolicy',
        input: {
          minimumLength: 14,
          requireUppercase: true,
          requireLowercase: true,
          requireNumbers: true,
          requireSymbols: true,
          allowUsersToChangePassword: true,
          maxAgeDays: 0,
          reusePrevention: 24,
          hardExpiry: false,
        },
      },
    ]);
    expect(call).toEqual({
      service: 'iam',
      operation: 'UpdateAccountPasswordPolicy',
      params: {
        MinimumPasswordLength: 14,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        RequireNumbers: true,
        RequireSymbols: true,
        AllowUsersToChangePassword: true,
        PasswordReusePrevention: 24,
        HardExpiry: false,
      },
    });
  });

  it('shows other inputs as they are, in their order, with no note when none is given', () => {
    const call = plannedCall({ service: 'iam', op: 'DeleteAccessKey', input: { UserName: 'u', AccessKeyId: 'AKIA1' } });
    expect(call).toEqual({ service: 'iam', operation: 'DeleteAccessKey', params: { UserName: 'u', AccessKeyId: 'AKIA1' } });
    expect(Object.keys(call.params)).toEqual(['UserName', 'AccessKeyId']);
    expect('note' in call).toBe(false);
  });
});
