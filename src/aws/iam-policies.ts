/**
 * Who gets permissions how, for the audit's read-only checks: the policies attached to a user or
 * written into it, and the account's own (customer managed) policies that are attached to someone,
 * with the document of their default version. All reads; "not found" is a value.
 */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { parseDocument } from './iam-group-policy.js';

/** The user's attached managed policies (names) and inline policies (names); undefined when the user is gone. */
export async function userPolicies(aws: Aws, user: string): Promise<{ attached: string[]; inline: string[] } | undefined> {
  const { ListAttachedUserPoliciesCommand, ListUserPoliciesCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  try {
    const attached: string[] = [];
    let marker: string | undefined;
    do {
      const out = await client.send(new ListAttachedUserPoliciesCommand({ UserName: user, ...(marker ? { Marker: marker } : {}) }));
      for (const p of out.AttachedPolicies ?? []) attached.push(p.PolicyName ?? p.PolicyArn ?? '?');
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    const inline: string[] = [];
    do {
      const out = await client.send(new ListUserPoliciesCommand({ UserName: user, ...(marker ? { Marker: marker } : {}) }));
      inline.push(...(out.PolicyNames ?? []));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return { attached, inline };
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined; // deleted between ListUsers and now
    throw e;
  }
}

export interface LocalPolicy {
  name: string;
  arn: string;
  defaultVersionId: string;
}

/** The account's customer managed policies that are attached to a user, group or role (ListPolicies Scope=Local, OnlyAttached). */
export async function attachedLocalPolicies(aws: Aws): Promise<LocalPolicy[]> {
  const { ListPoliciesCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const policies: LocalPolicy[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, ...(marker ? { Marker: marker } : {}) }));
    for (const p of out.Policies ?? []) if (p.Arn && p.DefaultVersionId) policies.push({ name: p.PolicyName ?? p.Arn, arn: p.Arn, defaultVersionId: p.DefaultVersionId });
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return policies;
}

/** A policy version's document, parsed (IAM sends it URL-encoded); undefined when the version is gone. */
export async function policyDocument(aws: Aws, arn: string, versionId: string): Promise<unknown> {
  const { GetPolicyVersionCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
    return parseDocument(out.PolicyVersion?.Document);
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}
