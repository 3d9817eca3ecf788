/**
 * Which cached reads a change can alter (read-cache.ts): every AWS operation aws-harden calls belongs
 * to one or more families; a mutating call forgets every cached read that shares a family with it.
 *
 * Coarse on purpose. Not "which write changes which read" (easy to get wrong, and wrong means a stale
 * answer), only groups that are plainly apart: nothing aws-harden writes in one family changes an
 * answer in another. A KMS key's policy or rotation is not an S3 or CloudTrail fact, a bucket or a
 * trail is not a KMS one, a budget is nobody else's. IAM permissions only change whether a call is
 * allowed, and a refusal is never cached. Measured on a fresh `--yes` run: with every change forgetting
 * everything it still made about 70 requests (each IAM change sent the KMS key's, the trail bucket's
 * and the budget's reads again); with these families, the read-backs of what a step changed are all
 * still sent, and the rest is shared.
 */

/** By service: a write changes what its own service says, and IAM's what STS says of a key. */
const BY_SERVICE: Readonly<Record<string, readonly string[]>> = {
  iam: ['identity'],
  sts: ['identity'],
  organizations: ['identity'],
  kms: ['kms'],
  s3: ['trail'],
  cloudtrail: ['trail'],
  budgets: ['budgets'],
  guardduty: ['guardduty'],
  config: ['config'],
  securityhub: ['securityhub'],
  // A region's EBS default and security groups; its analyzers. Neither changes what another service says.
  ec2: ['ec2'],
  accessanalyzer: ['access-analyzer'],
  // The account's alternate contacts and its account-level Block Public Access: each read and set by its own calls only.
  account: ['account-contacts'],
  s3control: ['account-public-access'],
};

/**
 * IAM's account-wide settings and access keys, apart from users and groups. The password policy and
 * the account alias are set and read by their own calls only (GetAccountSummary counts users, groups,
 * MFA and the root's keys, not these). A user's access key changes the key lists, the account summary
 * (the root's keys) and what STS says of that key; never the user, its groups or its MFA devices. The
 * key lists still depend on the user existing: they are in both families.
 */
const BY_OPERATION: Readonly<Record<string, readonly string[]>> = {
  'iam:GetAccountPasswordPolicy': ['password-policy'],
  'iam:UpdateAccountPasswordPolicy': ['password-policy'],
  'iam:DeleteAccountPasswordPolicy': ['password-policy'],
  'iam:ListAccountAliases': ['account-alias'],
  'iam:CreateAccountAlias': ['account-alias'],
  'iam:DeleteAccountAlias': ['account-alias'],
  'iam:CreateAccessKey': ['access-keys'],
  'iam:UpdateAccessKey': ['access-keys'],
  'iam:DeleteAccessKey': ['access-keys'],
  'iam:ListAccessKeys': ['identity', 'access-keys'],
  'iam:GetAccessKeyLastUsed': ['identity', 'access-keys'],
  'iam:GetAccountSummary': ['identity', 'access-keys'],
  'sts:GetCallerIdentity': ['identity', 'access-keys'],
  // A user's MFA devices and a group's inline policies: still IAM identity facts (so every IAM change
  // forgets them as before), and also families of their own, so that what a user or group this run
  // made was born without can be told apart from what any IAM change may have altered (implied.ts).
  'iam:ListMFADevices': ['identity', 'mfa'],
  'iam:CreateVirtualMFADevice': ['identity', 'mfa'],
  'iam:DeleteVirtualMFADevice': ['identity', 'mfa'],
  'iam:EnableMFADevice': ['identity', 'mfa'],
  'iam:DeactivateMFADevice': ['identity', 'mfa'],
  'iam:ResyncMFADevice': ['identity', 'mfa'],
  'iam:GetGroupPolicy': ['identity', 'group-policy'],
  'iam:PutGroupPolicy': ['identity', 'group-policy'],
  'iam:DeleteGroupPolicy': ['identity', 'group-policy'],
  // aws-harden deletes no user or group; were one deleted, nothing is implied of it any more.
  'iam:DeleteUser': ['identity', 'access-keys', 'mfa'],
  'iam:DeleteGroup': ['identity', 'group-policy'],
  // A region's EBS default is its own setting: turning it on changes no security group (whose reads the
  // default-security-groups step surveyed before: measured, 48 requests of a fresh --yes run).
  'ec2:GetEbsEncryptionByDefault': ['ebs-default'],
  'ec2:EnableEbsEncryptionByDefault': ['ebs-default'],
};

/** The families of `service:Operation`; undefined for a service not listed (a change to it forgets all). */
export function familiesOf(action: string): readonly string[] | undefined {
  return BY_OPERATION[action] ?? BY_SERVICE[action.slice(0, action.indexOf(':'))];
}
