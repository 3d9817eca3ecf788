/**
 * Every AWS operation aws-harden may call, classified explicitly. The dry-run guard refuses anything
 * that is not listed as a read: an operation missing from this table is treated as mutating.
 */
export type OperationKind = 'read' | 'mutate';

export type Service =
  | 'sts'
  | 'iam'
  | 's3'
  | 'kms'
  | 'cloudtrail'
  | 'budgets'
  | 'organizations'
  | 'ec2'
  | 'account'
  | 's3control'
  | 'accessanalyzer'
  | 'logs'
  | 'cloudwatch'
  | 'sns'
  | 'guardduty'
  | 'config'
  | 'securityhub';

const READS: Record<Service, readonly string[]> = {
  // GetSessionToken makes temporary credentials; it changes nothing in the account.
  sts: ['GetCallerIdentity', 'GetSessionToken'],
  iam: [
    'GetAccountSummary',
    'GetAccountPasswordPolicy',
    'ListAccountAliases',
    'GetGroup',
    'ListAttachedGroupPolicies',
    'GetGroupPolicy',
    'GetUser',
    'GetLoginProfile',
    'ListGroupsForUser',
    'ListMFADevices',
    'ListVirtualMFADevices',
    'ListMFADeviceTags',
    'ListAccessKeys',
    'GetAccessKeyLastUsed',
    'ListUsers',
    'ListGroups',
    'ListOrganizationsFeatures',
    // The audit's read-only checks (src/audit/checks). GenerateCredentialReport makes a report, not a change.
    'GenerateCredentialReport',
    'GetCredentialReport',
    'ListAttachedUserPolicies',
    'ListUserPolicies',
    'ListPolicies',
    'GetPolicyVersion',
    'GetRole',
    'ListAttachedRolePolicies',
    'ListEntitiesForPolicy',
    'GetRolePolicy',
  ],
  s3: [
    'HeadBucket',
    'GetBucketLocation',
    'GetBucketPolicy',
    'GetPublicAccessBlock',
    'GetBucketOwnershipControls',
    'GetBucketVersioning',
    'GetBucketEncryption',
    'GetBucketAcl',
    'ListBuckets',
    'GetBucketLogging',
  ],
  kms: ['DescribeKey', 'GetKeyRotationStatus', 'GetKeyPolicy', 'ListAliases', 'ListResourceTags', 'ListKeys'],
  cloudtrail: ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors', 'GetTrail', 'ListTags'],
  budgets: ['DescribeBudget', 'DescribeBudgets', 'DescribeNotificationsForBudget', 'DescribeSubscribersForNotification'],
  organizations: ['DescribeOrganization'],
  ec2: ['DescribeRegions', 'GetEbsEncryptionByDefault', 'DescribeSecurityGroups', 'DescribeNetworkInterfaces'],
  account: ['GetAlternateContact'],
  s3control: ['GetPublicAccessBlock'],
  accessanalyzer: ['ListAnalyzers'],
  logs: ['DescribeLogGroups', 'DescribeMetricFilters'],
  cloudwatch: ['DescribeAlarms'],
  sns: ['GetTopicAttributes', 'ListSubscriptionsByTopic'],
  guardduty: ['ListDetectors', 'GetDetector'],
  config: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus', 'DescribeDeliveryChannels'],
  securityhub: ['DescribeHub', 'GetEnabledStandards'],
};

const MUTATES: Record<Service, readonly string[]> = {
  sts: [],
  iam: [
    'UpdateAccountPasswordPolicy',
    'CreateAccountAlias',
    'CreateGroup',
    'AttachGroupPolicy',
    'PutGroupPolicy',
    'DeleteGroupPolicy',
    'CreateUser',
    'TagUser',
    'CreateLoginProfile',
    'UpdateLoginProfile',
    'AddUserToGroup',
    'CreateVirtualMFADevice',
    'DeleteVirtualMFADevice',
    'EnableMFADevice',
    'DeactivateMFADevice',
    'CreateAccessKey',
    'DeleteAccessKey',
    'UpdateAccessKey',
    'CreateServiceLinkedRole',
    'CreateRole',
    'AttachRolePolicy',
    'UpdateAssumeRolePolicy',
    'PutRolePolicy',
  ],
  s3: ['CreateBucket', 'PutBucketPolicy', 'PutPublicAccessBlock', 'PutBucketOwnershipControls', 'PutBucketVersioning', 'PutBucketEncryption', 'PutBucketTagging', 'PutBucketAcl', 'PutBucketLogging'],
  kms: ['CreateKey', 'CreateAlias', 'UpdateAlias', 'EnableKeyRotation', 'PutKeyPolicy', 'TagResource', 'EnableKey', 'CancelKeyDeletion', 'ScheduleKeyDeletion'],
  cloudtrail: ['CreateTrail', 'UpdateTrail', 'StartLogging', 'PutEventSelectors', 'AddTags'],
  budgets: ['CreateBudget', 'UpdateBudget', 'CreateNotification', 'CreateSubscriber'],
  organizations: [],
  ec2: ['EnableEbsEncryptionByDefault', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress'],
  account: ['PutAlternateContact'],
  s3control: ['PutPublicAccessBlock'],
  accessanalyzer: ['CreateAnalyzer'],
  logs: ['CreateLogGroup', 'PutRetentionPolicy', 'PutMetricFilter'],
  cloudwatch: ['PutMetricAlarm'],
  sns: ['CreateTopic', 'Subscribe'],
  guardduty: ['CreateDetector', 'UpdateDetector'],
  config: ['PutConfigurationRecorder', 'PutDeliveryChannel', 'StartConfigurationRecorder'],
  securityhub: ['EnableSecurityHub', 'BatchEnableStandards'],
};

const TABLE = new Map<string, OperationKind>();
for (const [service, ops] of Object.entries(READS)) for (const op of ops) TABLE.set(`${service}:${op}`, 'read');
for (const [service, ops] of Object.entries(MUTATES)) for (const op of ops) TABLE.set(`${service}:${op}`, 'mutate');

/** Classifies `service:Operation`. Unknown operations are mutating: the safe answer for a guard. */
export function classify(service: string, operation: string): OperationKind {
  return TABLE.get(`${service}:${operation}`) ?? 'mutate';
}

/** True when the operation is explicitly known (used by tests to keep the table complete). */
export function isKnownOperation(service: string, operation: string): boolean {
  return TABLE.has(`${service}:${operation}`);
}

/** SDK client class name → our service id. */
export const SERVICE_OF_CLIENT: Readonly<Record<string, Service>> = {
  STSClient: 'sts',
  IAMClient: 'iam',
  S3Client: 's3',
  KMSClient: 'kms',
  CloudTrailClient: 'cloudtrail',
  BudgetsClient: 'budgets',
  OrganizationsClient: 'organizations',
  // Without these, every call of the CIS baseline's clients was classified by the SDK's class name,
  // unknown to the tables: a mutation (ec2:DescribeRegions refused in dry-run, never cached).
  EC2Client: 'ec2',
  AccountClient: 'account',
  S3ControlClient: 's3control',
  AccessAnalyzerClient: 'accessanalyzer',
  CloudWatchLogsClient: 'logs',
  CloudWatchClient: 'cloudwatch',
  SNSClient: 'sns',
  GuardDutyClient: 'guardduty',
  ConfigServiceClient: 'config',
  SecurityHubClient: 'securityhub',
};
