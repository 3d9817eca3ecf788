/**
 * AWS Security Hub (CSPM), seen through the calls aws-harden makes: whether a region's hub is on, and
 * which standards it checks. "Not enabled" is a value: in a region where the account is not subscribed,
 * DescribeHub answers InvalidAccessException (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html;
 * Prowler and Cloud Custodian read it the same way, prowler-cloud/prowler#1590).
 */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { sendOnce } from './once.js';
import { partitionOfRegion } from './partition.js';

/**
 * The CIS AWS Foundations Benchmark v5.0.0 standard in `region`: Security Hub CSPM supports v5.0.0,
 * v3.0.0, v1.4.0 and v1.2.0 (https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html);
 * v5.0.0, the newest, is the version aws-harden's controls follow.
 */
export function cisStandardArn(region: string): string {
  return `arn:${partitionOfRegion(region) ?? 'aws'}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/5.0.0`;
}

/** A standard the hub checks, and its subscription's status (PENDING, READY, FAILED, DELETING, INCOMPLETE). */
export interface EnabledStandard {
  arn: string;
  status: string;
}

/** Whether Security Hub is on in this layer's region. */
export async function hubEnabled(aws: Aws): Promise<boolean> {
  const { DescribeHubCommand } = await import('@aws-sdk/client-securityhub');
  try {
    await (await aws.client('securityhub')).send(new DescribeHubCommand({}));
    return true;
  } catch (e) {
    if (isAwsError(e, 'InvalidAccessException')) return false;
    throw e;
  }
}

/** The standards the region's hub checks (the hub must be on). */
export async function enabledStandards(aws: Aws): Promise<EnabledStandard[]> {
  const { GetEnabledStandardsCommand } = await import('@aws-sdk/client-securityhub');
  const client = await aws.client('securityhub');
  const out: EnabledStandard[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new GetEnabledStandardsCommand(token ? { NextToken: token } : {}));
    for (const s of page.StandardsSubscriptions ?? []) if (s.StandardsArn) out.push({ arn: s.StandardsArn, status: s.StandardsStatus ?? '' });
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

/**
 * Turns Security Hub on without AWS's default standards (EnableDefaultStandards false: only the
 * standard the step asks for is billed). A lost answer, or ResourceConflictException ("the account is
 * already subscribed") after one, is settled by DescribeHub.
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_EnableSecurityHub.html
 */
export async function enableSecurityHub(aws: Aws): Promise<void> {
  const { EnableSecurityHubCommand } = await import('@aws-sdk/client-securityhub');
  await sendOnce(
    async () => (await (await aws.client('securityhub')).send(new EnableSecurityHubCommand({ EnableDefaultStandards: false })), true),
    async () => ((await hubEnabled(aws)) ? true : undefined),
    (e) => isAwsError(e, 'ResourceConflictException'),
  );
}

/** Subscribes the hub to standards; a standard already enabled stays as it is (retry.ts RESENDABLE). */
export async function enableStandards(aws: Aws, arns: readonly string[]): Promise<void> {
  const { BatchEnableStandardsCommand } = await import('@aws-sdk/client-securityhub');
  await (await aws.client('securityhub')).send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: arns.map((StandardsArn) => ({ StandardsArn })) }));
}
