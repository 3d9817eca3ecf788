/**
 * The CIS AWS Foundations monitoring controls, one CloudWatch Logs metric filter (and alarm) each, with
 * the filter patterns the benchmark gives (also AWS Security Hub's CloudWatch.1–14,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html; the AWS
 * Organizations one is the benchmark's only). Where the benchmark's newer text narrows an older one
 * (console sign-in without MFA counts successful IAM-user sign-ins only), the newer one is used. Every
 * pattern carries what audit tools look for (Prowler's `cloudwatch_log_metric_filter_*` checks test the
 * pattern text for each event name, event source and condition), so the audit sees it as the control's.
 */

/** The namespace every metric of these filters goes to. */
export const METRIC_NAMESPACE = 'CISBenchmark';

export interface CisFilter {
  /** Short and stable: the filter, metric and alarm names are made from it. */
  id: string;
  /** What the alarm watches, in the operator's words. */
  title: string;
  pattern: string;
}

/** `{ ($.eventName = A) || ($.eventName = B) … }`, within `($.eventSource = S) && (…)` when a source is given. */
export function eventsPattern(names: readonly string[], source?: string): string {
  const any = names.map((n) => `($.eventName = ${n})`).join(' || ');
  return source ? `{ ($.eventSource = ${source}) && (${any}) }` : `{ ${any} }`;
}

export const CIS_FILTERS: readonly CisFilter[] = [
  { id: 'unauthorized-api-calls', title: 'unauthorized API calls', pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }' },
  {
    id: 'console-signin-without-mfa',
    title: 'console sign-in without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  { id: 'root-account-usage', title: 'use of the root user', pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
  {
    id: 'iam-policy-changes',
    title: 'IAM policy changes',
    pattern: eventsPattern([
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ]),
  },
  { id: 'cloudtrail-changes', title: 'CloudTrail configuration changes', pattern: eventsPattern(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']) },
  { id: 'console-auth-failures', title: 'console authentication failures', pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }' },
  { id: 'kms-key-disable-or-deletion', title: 'disabling or scheduled deletion of KMS keys', pattern: eventsPattern(['DisableKey', 'ScheduleKeyDeletion'], 'kms.amazonaws.com') },
  {
    id: 's3-bucket-policy-changes',
    title: 'S3 bucket policy changes',
    pattern: eventsPattern(
      ['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'],
      's3.amazonaws.com',
    ),
  },
  {
    id: 'config-changes',
    title: 'AWS Config configuration changes',
    pattern: eventsPattern(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'], 'config.amazonaws.com'),
  },
  {
    id: 'security-group-changes',
    title: 'security group changes',
    pattern: eventsPattern(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup']),
  },
  {
    id: 'nacl-changes',
    title: 'network ACL changes',
    pattern: eventsPattern(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation']),
  },
  {
    id: 'network-gateway-changes',
    title: 'network gateway changes',
    pattern: eventsPattern(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway']),
  },
  {
    id: 'route-table-changes',
    title: 'route table changes',
    pattern: eventsPattern(['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'], 'ec2.amazonaws.com'),
  },
  {
    id: 'vpc-changes',
    title: 'VPC changes',
    pattern: eventsPattern([
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ]),
  },
  {
    id: 'organizations-changes',
    title: 'AWS Organizations changes',
    pattern: eventsPattern(
      [
        'AcceptHandshake',
        'AttachPolicy',
        'CreateAccount',
        'CreateOrganizationalUnit',
        'CreatePolicy',
        'DeclineHandshake',
        'DeleteOrganization',
        'DeleteOrganizationalUnit',
        'DeletePolicy',
        'DetachPolicy',
        'DisablePolicyType',
        'EnablePolicyType',
        'InviteAccountToOrganization',
        'LeaveOrganization',
        'MoveAccount',
        'RemoveAccountFromOrganization',
        'UpdatePolicy',
        'UpdateOrganizationalUnit',
        'CancelHandshake',
        'CreateOrganization',
        'EnableAllFeatures',
      ],
      'organizations.amazonaws.com',
    ),
  },
];

/** The filter's and the metric's name. */
export function filterName(f: CisFilter): string {
  return `aws-harden-${f.id}`;
}

/** The alarm's name. */
export function alarmName(f: CisFilter): string {
  return `aws-harden-${f.id}`;
}
