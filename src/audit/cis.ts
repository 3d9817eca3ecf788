/**
 * The CIS AWS Foundations Benchmark v5.0.0, control by control, and how aws-harden answers each: the
 * one source of the CIS numbering (a step's controls are derived from it, `controlsOf`), of `audit`'s
 * CIS report and of the README's coverage table (`npm run cis-table`).
 *
 * Ids, titles and automated/manual are Prowler's mapping of v5.0.0
 * (https://github.com/prowler-cloud/prowler/blob/master/prowler/compliance/aws/cis_5.0_aws.json),
 * verbatim except one id: Prowler writes the tenth IAM control as "1.1" (a number that lost its
 * trailing zero); it is 1.10, between 1.9 and 1.11, as in its v4.0 and v6.0 files. v5.0.0 is also the
 * newest CIS version AWS Security Hub's CIS standard checks (the security-hub step turns it on):
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
 */
import type { StepId } from '../steps/types.js';

export const CIS_BENCHMARK = 'CIS Amazon Web Services Foundations Benchmark v5.0.0';
export const CIS_SOURCE = 'https://github.com/prowler-cloud/prowler/blob/master/prowler/compliance/aws/cis_5.0_aws.json';

/** The audit's read-only checks that no step fixes (src/audit/checks). */
export type CheckId = 'console-mfa' | 'unused-credentials' | 'one-active-key' | 'key-rotation' | 'group-permissions' | 'admin-policies';

export type ControlId = `CIS ${string}`;

/** How aws-harden answers a control. */
export type Disposition =
  /** These steps' checks decide it (all must pass); the steps make it true. */
  | { kind: 'step'; steps: readonly StepId[]; how: string }
  /** A read-only check decides it; no step changes what it reads. `fix`: what the operator does. */
  | { kind: 'check'; check: CheckId; how: string; fix: string }
  /** It is about workloads a fresh account does not have. */
  | { kind: 'not-applicable'; why: string }
  /** Manual or console-only: aws-harden cannot decide it. */
  | { kind: 'not-possible'; why: string };

export interface CisControl {
  id: ControlId;
  title: string;
  assessment: 'automated' | 'manual';
  disposition: Disposition;
}

const step = (steps: StepId[], how: string): Disposition => ({ kind: 'step', steps, how });
const check = (id: CheckId, how: string, fix: string): Disposition => ({ kind: 'check', check: id, how, fix });
const na = (why: string): Disposition => ({ kind: 'not-applicable', why });
const np = (why: string): Disposition => ({ kind: 'not-possible', why });
const c = (id: string, title: string, assessment: CisControl['assessment'], disposition: Disposition): CisControl => ({ id: `CIS ${id}`, title, assessment, disposition });

const REPORT = 'IAM credential report';
const NO_INSTANCES = 'a fresh account runs no EC2 instances';
const alarm = (what: string) => step(['trail-alarms'], `a metric filter for ${what} on the trail's CloudWatch Logs group, with an alarm that notifies an SNS topic`);

export const CIS_CONTROLS: readonly CisControl[] = [
  c(
    '1.1',
    'Maintain current contact details',
    'manual',
    np("whether the account's contact details are current and reach more than one person only the operator knows (security-contact registers the alternate contacts)"),
  ),
  c('1.2', 'Ensure security contact information is registered', 'manual', step(['security-contact'], 'the SECURITY alternate contact is set (account:GetAlternateContact)')),
  c('1.3', "Ensure no 'root' user account access key exists", 'automated', step(['root-access-keys'], 'GetAccountSummary AccountAccessKeysPresent = 0')),
  c('1.4', "Ensure MFA is enabled for the 'root' user account", 'automated', step(['root-mfa'], 'GetAccountSummary AccountMFAEnabled = 1')),
  c(
    '1.5',
    "Ensure hardware MFA is enabled for the 'root' user account",
    'manual',
    np('a hardware device is registered in the console by a person holding it; the API cannot tell a hardware device from a virtual one for root'),
  ),
  c(
    '1.6',
    "Eliminate use of the 'root' user for administrative and daily tasks",
    'manual',
    np('a practice, not a setting: aws-harden makes the admin user and profile to use instead (admin-user, access-key) and removes the root keys (root-access-keys)'),
  ),
  c('1.7', 'Ensure IAM password policy requires minimum length of 14 or greater', 'automated', step(['password-policy'], 'GetAccountPasswordPolicy: minimum length 14 or more')),
  c('1.8', 'Ensure IAM password policy prevents password reuse', 'automated', step(['password-policy'], 'GetAccountPasswordPolicy: reuse prevention 24')),
  c(
    '1.9',
    'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
    'automated',
    check('console-mfa', `${REPORT}: every user with a console password has MFA`, 'admin-mfa for the admin user; for others, an MFA device or no console password'),
  ),
  c(
    '1.10',
    'Do not create access keys during initial setup for IAM users with a console password',
    'manual',
    np('about how keys are handed out; aws-harden makes the admin key in its own step and proves it at once'),
  ),
  c(
    '1.11',
    'Ensure credentials unused for 45 days or more are disabled',
    'automated',
    check('unused-credentials', `${REPORT}: no password or active key unused for 45 days or more`, 'remove the password, deactivate the key'),
  ),
  c(
    '1.12',
    'Ensure there is only one active access key for any single IAM user',
    'automated',
    check('one-active-key', `${REPORT}: no user has two active keys`, 'deactivate or delete one (aws-harden keys remove)'),
  ),
  c('1.13', 'Ensure access keys are rotated every 90 days or less', 'automated', check('key-rotation', `${REPORT}: no active key older than 90 days`, 'aws-harden keys rotate')),
  c(
    '1.14',
    'Ensure IAM users receive permissions only through groups',
    'automated',
    check(
      'group-permissions',
      'ListUsers, ListAttachedUserPolicies, ListUserPolicies: no user has a policy of its own',
      "admin-group and admin-user give the admin its rights through the group; move others' policies to groups",
    ),
  ),
  c(
    '1.15',
    'Ensure IAM policies that allow full *:* administrative privileges are not attached',
    'automated',
    check(
      'admin-policies',
      'ListPolicies (customer managed, attached), GetPolicyVersion: none allows Action * on Resource *. The AWS managed AdministratorAccess of the admin group is not counted, as Security Hub control IAM.1 reads this control',
      'detach the policy or narrow it',
    ),
  ),
  c('1.16', 'Ensure a support role has been created to manage incidents with AWS Support', 'automated', step(['support-role'], 'a role with AWSSupportAccess attached')),
  c('1.17', 'Ensure IAM instance roles are used for AWS resource access from instances', 'automated', na(NO_INSTANCES)),
  c('1.18', 'Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed', 'automated', na('a fresh account stores no server certificates in IAM, and aws-harden uploads none')),
  c('1.19', 'Ensure that IAM External Access Analyzer is enabled for all regions', 'automated', step(['access-analyzer'], 'an active account analyzer in every enabled region')),
  c(
    '1.20',
    'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments',
    'manual',
    na('for multi-account environments; aws-harden hardens one standalone account'),
  ),
  c('1.21', 'Ensure access to AWSCloudShellFullAccess is restricted', 'manual', na('a fresh account attaches AWSCloudShellFullAccess to nobody, and aws-harden does not either')),
  c('2.1.1', 'Ensure S3 Bucket Policy is set to deny HTTP requests', 'automated', step(['cloudtrail'], "the trail bucket's policy denies requests without TLS; buckets made later are not checked")),
  c(
    '2.1.2',
    'Ensure MFA Delete is enabled on S3 buckets',
    'manual',
    np('only the root user with its MFA device can turn MFA Delete on, through the API with a current code; aws-harden removes the root keys'),
  ),
  c(
    '2.1.3',
    'Ensure all data in Amazon S3 has been discovered, classified, and secured when necessary',
    'manual',
    na('a fresh account keeps no data in S3 (Macie classifies data; it is billed per GB)'),
  ),
  c(
    '2.1.4',
    "Ensure that S3 is configured with 'Block Public Access' enabled",
    'automated',
    step(['s3-public-access'], 'all four account-level Block Public Access settings on (s3control:GetPublicAccessBlock)'),
  ),
  c('2.2.1', 'Ensure that encryption-at-rest is enabled for RDS instances', 'automated', na('a fresh account has no RDS instances')),
  c('2.2.2', 'Ensure the Auto Minor Version Upgrade feature is enabled for RDS instances', 'automated', na('a fresh account has no RDS instances')),
  c('2.2.3', 'Ensure that RDS instances are not publicly accessible', 'automated', na('a fresh account has no RDS instances')),
  c('2.2.4', 'Ensure Multi-AZ deployments are used for enhanced availability in Amazon RDS', 'manual', na('a fresh account has no RDS instances')),
  c('2.3.1', 'Ensure that encryption is enabled for EFS file systems', 'automated', na('a fresh account has no EFS file systems')),
  c(
    '3.1',
    'Ensure CloudTrail is enabled in all regions',
    'manual',
    step(['cloudtrail'], 'a multi-region trail, logging, with all management events (DescribeTrails, GetTrailStatus, GetEventSelectors)'),
  ),
  c('3.2', 'Ensure CloudTrail log file validation is enabled', 'automated', step(['cloudtrail'], "the trail's log file validation is on")),
  c('3.3', 'Ensure AWS Config is enabled in all regions', 'automated', step(['aws-config'], 'a configuration recorder recording, in every enabled region')),
  c('3.4', 'Ensure that server access logging is enabled on the CloudTrail S3 bucket', 'manual', step(['trail-bucket-logging'], 'server access logging on the trail bucket, into a second bucket')),
  c('3.5', 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs', 'automated', step(['cloudtrail'], 'the trail encrypts with the customer managed key of kms-key (SSE-KMS)')),
  c(
    '3.6',
    'Ensure rotation for customer-created symmetric CMKs is enabled',
    'automated',
    step(['kms-key'], 'GetKeyRotationStatus of the key aws-harden makes, the only customer key of a fresh account'),
  ),
  c(
    '3.7',
    'Ensure VPC flow logging is enabled in all VPCs',
    'automated',
    na('a fresh account has only the default VPCs, with nothing running in them; flow logs are for the VPCs workloads use (billed per GB)'),
  ),
  c(
    '3.8',
    'Ensure that object-level logging for write events is enabled for S3 buckets',
    'automated',
    na("a fresh account's only buckets hold aws-harden's logs; data events are for buckets that hold data (billed per event)"),
  ),
  c(
    '3.9',
    'Ensure that object-level logging for read events is enabled for S3 buckets',
    'automated',
    na("a fresh account's only buckets hold aws-harden's logs; data events are for buckets that hold data (billed per event)"),
  ),
  c('4.1', 'Ensure unauthorized API calls are monitored', 'manual', alarm('unauthorized API calls')),
  c('4.2', 'Ensure management console sign-in without MFA is monitored', 'manual', alarm('console sign-in without MFA')),
  c('4.3', "Ensure usage of the 'root' account is monitored", 'manual', alarm('root use')),
  c('4.4', 'Ensure IAM policy changes are monitored', 'manual', alarm('IAM policy changes')),
  c('4.5', 'Ensure CloudTrail configuration changes are monitored', 'manual', alarm('CloudTrail changes')),
  c('4.6', 'Ensure AWS Management Console authentication failures are monitored', 'manual', alarm('console sign-in failures')),
  c('4.7', 'Ensure disabling or scheduled deletion of customer created CMKs is monitored', 'manual', alarm('KMS key disabling or deletion')),
  c('4.8', 'Ensure S3 bucket policy changes are monitored', 'manual', alarm('S3 bucket policy changes')),
  c('4.9', 'Ensure AWS Config configuration changes are monitored', 'manual', alarm('AWS Config changes')),
  c('4.10', 'Ensure security group changes are monitored', 'manual', alarm('security group changes')),
  c('4.11', 'Ensure Network Access Control List (NACL) changes are monitored', 'manual', alarm('NACL changes')),
  c('4.12', 'Ensure changes to network gateways are monitored', 'manual', alarm('network gateway changes')),
  c('4.13', 'Ensure route table changes are monitored', 'manual', alarm('route table changes')),
  c('4.14', 'Ensure VPC changes are monitored', 'manual', alarm('VPC changes')),
  c('4.15', 'Ensure AWS Organizations changes are monitored', 'manual', alarm('AWS Organizations changes')),
  c('4.16', 'Ensure AWS Security Hub is enabled', 'automated', step(['security-hub'], 'Security Hub enabled with the CIS standard')),
  c('5.1.1', 'Ensure EBS volume encryption is enabled in all regions', 'automated', step(['ebs-encryption'], 'EBS encryption by default, in every enabled region')),
  c('5.1.2', 'Ensure CIFS access is restricted to trusted networks to prevent unauthorized access', 'automated', na(NO_INSTANCES)),
  c(
    '5.2',
    'Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports',
    'automated',
    na(
      "not changed: the default VPCs' network ACLs allow all inbound traffic as AWS makes them (a scanner such as Prowler fails this control on a fresh account); aws-harden closes the default security groups instead (CIS 5.5) and leaves NACLs to the operator who designs the subnets",
    ),
  ),
  c(
    '5.3',
    'Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports',
    'automated',
    na('a fresh account has only the default security groups, which allow no ingress from the internet (CIS 5.5 closes them)'),
  ),
  c(
    '5.4',
    'Ensure no security groups allow ingress from ::/0 to remote server administration ports',
    'automated',
    na('a fresh account has only the default security groups, which allow no ingress from the internet (CIS 5.5 closes them)'),
  ),
  c(
    '5.5',
    'Ensure the default security group of every VPC restricts all traffic',
    'automated',
    step(['default-security-groups'], 'the default security group of each default VPC has no rules, in every enabled region'),
  ),
  c('5.6', 'Ensure routing tables for VPC peering are least access', 'manual', na('a fresh account has no VPC peering')),
  c('5.7', 'Ensure that the EC2 Metadata Service only allows IMDSv2', 'automated', na(NO_INSTANCES)),
];

/** The controls a step's check decides: its `done` means they pass (with the other steps they name). */
export function controlsOf(id: StepId): ControlId[] {
  return CIS_CONTROLS.filter((x) => x.disposition.kind === 'step' && x.disposition.steps.includes(id)).map((x) => x.id);
}

/** The controls a read-only check decides. */
export function controlsOfCheck(id: CheckId): ControlId[] {
  return CIS_CONTROLS.filter((x) => x.disposition.kind === 'check' && x.disposition.check === id).map((x) => x.id);
}
