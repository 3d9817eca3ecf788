/** IAM, seen through the calls aws-harden makes. "Not found" comes back as `undefined`. */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';

/** The account password policy, in our own names; every field explicit. */
export interface PasswordPolicy {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  allowUsersToChangePassword: boolean;
  /** 0 = passwords never expire. */
  maxAgeDays: number;
  /** 0 = no reuse prevention. */
  reusePrevention: number;
  /** Expired passwords can only be reset by an administrator. */
  hardExpiry: boolean;
}

export async function getPasswordPolicy(aws: Aws): Promise<PasswordPolicy | undefined> {
  const { GetAccountPasswordPolicyCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new GetAccountPasswordPolicyCommand({}));
    const p = out.PasswordPolicy;
    if (!p) return undefined;
    return {
      minimumLength: p.MinimumPasswordLength ?? 6,
      requireUppercase: p.RequireUppercaseCharacters ?? false,
      requireLowercase: p.RequireLowercaseCharacters ?? false,
      requireNumbers: p.RequireNumbers ?? false,
      requireSymbols: p.RequireSymbols ?? false,
      allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
      maxAgeDays: p.ExpirePasswords ? (p.MaxPasswordAge ?? 0) : 0,
      reusePrevention: p.PasswordReusePrevention ?? 0,
      hardExpiry: p.HardExpiry ?? false,
    };
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

/**
 * The exact UpdateAccountPasswordPolicy input for a policy. The API is not a partial update: any field
 * left out is reset to its default, so every field is always sent.
 */
export function passwordPolicyInput(p: PasswordPolicy) {
  return {
    MinimumPasswordLength: p.minimumLength,
    RequireUppercaseCharacters: p.requireUppercase,
    RequireLowercaseCharacters: p.requireLowercase,
    RequireNumbers: p.requireNumbers,
    RequireSymbols: p.requireSymbols,
    AllowUsersToChangePassword: p.allowUsersToChangePassword,
    // MaxPasswordAge and PasswordReusePrevention only accept 1..1095 and 1..24: "off" means leaving them out.
    ...(p.maxAgeDays > 0 ? { MaxPasswordAge: p.maxAgeDays } : {}),
    ...(p.reusePrevention > 0 ? { PasswordReusePrevention: p.reusePrevention } : {}),
    HardExpiry: p.hardExpiry,
  };
}

export async function updatePasswordPolicy(aws: Aws, p: PasswordPolicy): Promise<void> {
  const { UpdateAccountPasswordPolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new UpdateAccountPasswordPolicyCommand(passwordPolicyInput(p)));
}

export async function getAccountSummary(aws: Aws): Promise<Record<string, number>> {
  const { GetAccountSummaryCommand } = await import('@aws-sdk/client-iam');
  const out = await (await aws.client('iam')).send(new GetAccountSummaryCommand({}));
  return Object.fromEntries(Object.entries(out.SummaryMap ?? {}).map(([k, v]) => [k, v ?? 0]));
}

/** When an access key was last used; undefined when never (or AWS does not say). */
export async function accessKeyLastUsed(aws: Aws, accessKeyId: string): Promise<Date | undefined> {
  const { GetAccessKeyLastUsedCommand } = await import('@aws-sdk/client-iam');
  const out = await (await aws.client('iam')).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
  return out.AccessKeyLastUsed?.LastUsedDate;
}

/** When and where an access key was last used; `date` undefined when never (service and region then say N/A). */
export interface KeyLastUse {
  date?: Date;
  /** e.g. `iam`, `sts`, `s3`; undefined when AWS says N/A. */
  service?: string;
  region?: string;
}

/** GetAccessKeyLastUsed in full: date, service and region (AWS writes "N/A" for never). */
export async function accessKeyLastUse(aws: Aws, accessKeyId: string): Promise<KeyLastUse> {
  const { GetAccessKeyLastUsedCommand } = await import('@aws-sdk/client-iam');
  const out = (await (await aws.client('iam')).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }))).AccessKeyLastUsed;
  const known = (v: string | undefined) => (v && v !== 'N/A' ? v : undefined);
  const service = known(out?.ServiceName);
  const region = known(out?.Region);
  return { ...(out?.LastUsedDate ? { date: out.LastUsedDate } : {}), ...(service ? { service } : {}), ...(region ? { region } : {}) };
}

/** Every IAM user of the account: name and ARN, in IAM's order. */
export async function listUsers(aws: Aws): Promise<{ name: string; arn: string }[]> {
  const { ListUsersCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const users: { name: string; arn: string }[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListUsersCommand({ ...(marker ? { Marker: marker } : {}) }));
    for (const u of out.Users ?? []) if (u.UserName) users.push({ name: u.UserName, arn: u.Arn ?? '' });
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return users;
}
