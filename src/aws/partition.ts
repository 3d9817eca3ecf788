/**
 * AWS partitions: what differs between `aws` (the commercial regions) and `aws-cn` (the China
 * regions) for aws-harden — ARNs, the console and sign-in hosts, which regions belong where — and the
 * up-front refusal of a partition or region the tool does not support.
 *
 * Region-to-partition rules follow the SDK's own partition table (@aws-sdk/util-endpoints,
 * partitions.json `regionRegex`), so a region AWS opens tomorrow is still recognised.
 * Hosts: https://docs.aws.amazon.com/IAM/latest/UserGuide/console_account-alias.html (aws) and
 * https://docs.amazonaws.cn/en_us/IAM/latest/UserGuide/console_account-alias.html (aws-cn).
 */
import { ExitCode, OperatorError } from '../errors.js';

/** The partitions aws-harden knows how to harden (its steps' services and URLs exist there). */
export const SUPPORTED_PARTITIONS = ['aws', 'aws-cn'] as const;
export type Partition = (typeof SUPPORTED_PARTITIONS)[number];

/** Every partition AWS has, with the SDK's region pattern, so an unsupported one can be named. */
const REGION_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['aws', /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/],
  ['aws-cn', /^cn-\w+-\d+$/],
  ['aws-us-gov', /^us-gov-\w+-\d+$/],
  ['aws-iso', /^us-iso-\w+-\d+$/],
  ['aws-iso-b', /^us-isob-\w+-\d+$/],
  ['aws-iso-e', /^eu-isoe-\w+-\d+$/],
  ['aws-iso-f', /^us-isof-\w+-\d+$/],
  ['aws-eusc', /^eusc-\w+-\d+$/],
];

/**
 * Regions a new account has turned off until someone enables them ("opt-in" regions). Calls there
 * fail as if the key were wrong (InvalidClientTokenId / UnrecognizedClientException) until they are
 * enabled: https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

function isSupported(p: string): p is Partition {
  return (SUPPORTED_PARTITIONS as readonly string[]).includes(p);
}

/** The partition of an ARN (`arn:aws-cn:iam::…` → `aws-cn`); `aws` when it is not an ARN. */
export function partitionOf(arn: string): string {
  return /^arn:([a-z-]+):/.exec(arn)?.[1] ?? 'aws';
}

/** The partition a region name belongs to, or undefined when it is no AWS region name at all. */
export function partitionOfRegion(region: string): string | undefined {
  return REGION_PATTERNS.find(([, re]) => re.test(region))?.[0];
}

/** Why aws-harden will not use this region, or undefined when it will. */
export function unsupportedRegion(region: string): string | undefined {
  const partition = partitionOfRegion(region);
  if (partition === undefined) return `"${region}" is not an AWS region name (e.g. us-east-1, eu-west-1, cn-north-1).`;
  if (!isSupported(partition)) return `the region ${region} is in the ${partition} partition, which aws-harden does not support (only ${SUPPORTED_PARTITIONS.join(' and ')}).`;
  return undefined;
}

/** Refuses, before anything changes, a caller whose partition aws-harden does not support. */
export function assertSupportedPartition(arn: string, region: string): Partition {
  const partition = partitionOf(arn);
  if (!isSupported(partition)) {
    throw new OperatorError(
      'usage',
      `The caller ${arn} is in the ${partition} partition, which aws-harden does not support (only ${SUPPORTED_PARTITIONS.join(' and ')}).`,
      'Nothing was changed. Run aws-harden against an account in a supported partition.',
      ExitCode.Usage,
    );
  }
  const regionPartition = partitionOfRegion(region);
  if (regionPartition !== partition) {
    throw new OperatorError(
      'usage',
      `The region ${region} is not in the caller's partition (${partition}): ${arn}.`,
      `Nothing was changed. Choose a region of ${partition} with --region${partition === 'aws-cn' ? ' (cn-north-1 or cn-northwest-1)' : ''}.`,
      ExitCode.Usage,
    );
  }
  return partition;
}

/** The AWS managed policy AdministratorAccess, in the caller's partition. */
export function administratorAccessArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AdministratorAccess`;
}

/**
 * The AWS managed policy AWSSupportAccess, in the caller's partition: it exists in every account, as
 * every AWS managed policy does (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html).
 */
export function supportAccessArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/AWSSupportAccess`;
}

/** The AWS console's host for the partition. */
export function consoleOrigin(partition: string): string {
  return partition === 'aws-cn' ? 'https://console.amazonaws.cn' : 'https://console.aws.amazon.com';
}

/** The console sign-in URL of an account (its id or alias) for IAM users. */
export function signInUrl(accountOrAlias: string, partition: string): string {
  return partition === 'aws-cn' ? `https://${accountOrAlias}.signin.amazonaws.cn/console` : `https://${accountOrAlias}.signin.aws.amazon.com/console`;
}
