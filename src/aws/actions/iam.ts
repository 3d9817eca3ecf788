/** IAM actions: the identity steps, the password policy, the admin's MFA device and the MFA guard. */
import type { Aws } from '../context.js';
import { getAccountSummary, passwordPolicyInput, updatePasswordPolicy, type PasswordPolicy } from '../iam.js';
import { putGroupPolicy } from '../iam-group-policy.js';
import { addUserToGroup, attachGroupPolicy, createAccessKey, createAccountAlias, createGroup, createUser, deleteAccessKey, setLoginProfile, tagUser } from '../iam-identity.js';
import { createVirtualMfaDevice, deleteVirtualMfaDevice, enableMfaDevice, type VirtualMfaDevice } from '../iam-mfa.js';
import { attachRolePolicy, createRole, putRolePolicy, updateAssumeRolePolicy } from '../iam-role.js';
import { REDACTED, type ActionShape, type Operation } from './types.js';

export interface Tag {
  Key: string;
  Value: string;
}

/**
 * A console password. `Password` is filled in by apply right before the call (generated, stored in
 * the keychain first); a plan never has one, and the screen always shows it redacted.
 */
export interface LoginProfileInput {
  UserName: string;
  Password?: string;
  PasswordResetRequired: true;
}

export type IamAction =
  /** A service role: trust and inline policies as text, as IAM takes them. */
  | ActionShape<'iam', 'CreateRole', { RoleName: string; AssumeRolePolicyDocument: string; Description?: string; Tags?: Tag[] }>
  | ActionShape<'iam', 'UpdateAssumeRolePolicy', { RoleName: string; PolicyDocument: string }>
  | ActionShape<'iam', 'PutRolePolicy', { RoleName: string; PolicyName: string; PolicyDocument: string }>
  | ActionShape<'iam', 'CreateGroup', { GroupName: string }>
  | ActionShape<'iam', 'AttachGroupPolicy', { GroupName: string; PolicyArn: string }>
  /** The guard's document as an object: shown as JSON, sent as text. */
  | ActionShape<'iam', 'PutGroupPolicy', { GroupName: string; PolicyName: string; PolicyDocument: unknown }>
  | ActionShape<'iam', 'CreateUser', { UserName: string; Tags: Tag[] }>
  | ActionShape<'iam', 'TagUser', { UserName: string; Tags: Tag[] }>
  | ActionShape<'iam', 'CreateLoginProfile', LoginProfileInput>
  | ActionShape<'iam', 'UpdateLoginProfile', LoginProfileInput>
  | ActionShape<'iam', 'AddUserToGroup', { UserName: string; GroupName: string }>
  | ActionShape<'iam', 'CreateAccountAlias', { AccountAlias: string }>
  | ActionShape<'iam', 'CreateAccessKey', { UserName: string }>
  /** Without `UserName`: one of the caller's own keys (root's, for the root-access-keys step). */
  | ActionShape<'iam', 'DeleteAccessKey', { UserName?: string; AccessKeyId: string }>
  /** Our own policy type; the screen shows it as the exact UpdateAccountPasswordPolicy input. */
  | ActionShape<'iam', 'UpdateAccountPasswordPolicy', PasswordPolicy>
  | ActionShape<'iam', 'CreateVirtualMFADevice', { VirtualMFADeviceName: string; Tags: Tag[] }>
  | ActionShape<'iam', 'EnableMFADevice', { UserName: string; SerialNumber: string; AuthenticationCode1: string; AuthenticationCode2: string }>
  | ActionShape<'iam', 'DeleteVirtualMFADevice', { SerialNumber: string }>
  /** The trust policy as an object: shown as JSON, sent as text. */
  | ActionShape<'iam', 'AttachRolePolicy', { RoleName: string; PolicyArn: string }>
  /** A read a plan shows because verify makes it (e.g. with the admin key); apply does not. */
  | ActionShape<'iam', 'GetAccountSummary', Record<string, never>>;

/** What running an IAM action gives back, where it gives anything. */
export interface IamResults {
  /** The new key: the caller owns the secret from here (store it or delete the key). */
  CreateAccessKey: { accessKeyId: string; secretAccessKey: string };
  /** Undefined when the name is taken in the account. The seed is a secret, in memory only. */
  CreateVirtualMFADevice: VirtualMfaDevice | undefined;
  GetAccountSummary: Record<string, number>;
}

function tagRecord(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

function password(input: LoginProfileInput): string {
  if (input.Password === undefined) throw new Error('iam login profile action run without its password');
  return input.Password;
}

const loginProfileParams = (i: LoginProfileInput) => ({ UserName: i.UserName, Password: REDACTED, PasswordResetRequired: i.PasswordResetRequired });

type Op<O extends IamAction['op']> = Operation<Extract<IamAction, { op: O }>, O extends keyof IamResults ? IamResults[O] : void>;

export const IAM_OPERATIONS: { [O in IamAction['op'] as `iam:${O}`]: Op<O> } = {
  'iam:CreateRole': { run: (aws, i) => createRole(aws, i) },
  'iam:UpdateAssumeRolePolicy': { run: (aws, i) => updateAssumeRolePolicy(aws, i) },
  'iam:PutRolePolicy': { run: (aws, i) => putRolePolicy(aws, i) },
  'iam:CreateGroup': { run: (aws, i) => createGroup(aws, i.GroupName) },
  'iam:AttachGroupPolicy': { run: (aws, i) => attachGroupPolicy(aws, i.GroupName, i.PolicyArn) },
  'iam:PutGroupPolicy': { run: (aws, i) => putGroupPolicy(aws, i.GroupName, i.PolicyName, i.PolicyDocument) },
  'iam:CreateUser': { run: (aws, i) => createUser(aws, i.UserName, tagRecord(i.Tags)) },
  'iam:TagUser': { run: (aws, i) => tagUser(aws, i.UserName, tagRecord(i.Tags)) },
  'iam:CreateLoginProfile': { params: loginProfileParams, run: (aws, i) => setLoginProfile(aws, i.UserName, password(i), false) },
  'iam:UpdateLoginProfile': { params: loginProfileParams, run: (aws, i) => setLoginProfile(aws, i.UserName, password(i), true) },
  'iam:AddUserToGroup': { run: (aws, i) => addUserToGroup(aws, i.UserName, i.GroupName) },
  'iam:CreateAccountAlias': { run: (aws, i) => createAccountAlias(aws, i.AccountAlias) },
  'iam:CreateAccessKey': { run: (aws, i) => createAccessKey(aws, i.UserName) },
  'iam:DeleteAccessKey': { run: (aws, i) => deleteAccessKey(aws, i.AccessKeyId, i.UserName) },
  'iam:UpdateAccountPasswordPolicy': { params: (p) => passwordPolicyInput(p), run: (aws, p) => updatePasswordPolicy(aws, p) },
  'iam:CreateVirtualMFADevice': { run: (aws, i) => createVirtualMfaDevice(aws, i.VirtualMFADeviceName, tagRecord(i.Tags)) },
  'iam:EnableMFADevice': { run: (aws, i) => enableMfaDevice(aws, i.UserName, i.SerialNumber, i.AuthenticationCode1, i.AuthenticationCode2) },
  'iam:DeleteVirtualMFADevice': { run: (aws, i) => deleteVirtualMfaDevice(aws, i.SerialNumber) },
  'iam:GetAccountSummary': { run: (aws: Aws) => getAccountSummary(aws) },
  'iam:AttachRolePolicy': { run: (aws, i) => attachRolePolicy(aws, i.RoleName, i.PolicyArn) },
};
