/**
 * The MFA guard: the IAM User Guide's "BlockMostAccessUnlessSignedInWithMFA" statement
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html),
 * as an inline policy of the administrators group. AdministratorAccess still grants everything; this
 * denies every call made without MFA except those a user needs to set up and use their own MFA device.
 *
 * `BoolIfExists … false`: a call signed with a long-term access key carries no
 * `aws:MultiFactorAuthPresent` at all, and is denied; a console sign-in with MFA or a session from
 * sts:GetSessionToken with an MFA code carries `true`, and is not
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent).
 * sts:GetCallerIdentity needs no permission and is never denied, so aws-harden can still tell whose a key is.
 */
import { shellQuote } from '../../aws/config-file.js';
import { canonical } from '../policies/index.js';

/** The inline policy's name on the group: says whose it is. */
export const GUARD_POLICY_NAME = 'aws-harden-require-mfa';

/** What a user may still do without MFA: enroll, find and resync their own device, and get an MFA session. */
export const ALLOWED_WITHOUT_MFA = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:GetMFADevice',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
] as const;

export const GUARD_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'BlockMostAccessUnlessSignedInWithMFA',
      Effect: 'Deny',
      NotAction: [...ALLOWED_WITHOUT_MFA],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
} as const;

/** True when `doc` is the guard, whatever its key order or list spelling. */
export function isGuard(doc: unknown): boolean {
  return doc !== undefined && JSON.stringify(canonical(doc)) === JSON.stringify(canonical(GUARD_POLICY));
}

/** How to take the guard off again: needs MFA itself (or root), which the screen says. */
export function undoCommand(group: string, profile: string): string {
  return `aws iam delete-group-policy --group-name ${shellQuote(group)} --policy-name ${GUARD_POLICY_NAME} --profile ${shellQuote(profile)}`;
}
