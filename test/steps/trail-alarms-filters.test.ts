/**
 * The CIS filter patterns, checked two ways. Text-equality with the benchmark alone would only prove
 * a copy; so each pattern is run (test/helpers/filter-pattern.ts, a matcher of the syntax subset used)
 * against CloudTrail events it must catch and ones it must not. And each is tested the way the audit
 * tool reads it: Prowler's cloudwatch_log_metric_filter_* checks search the pattern text for every
 * event name (whole word), event source and condition of the control
 * (prowler/providers/aws/services/cloudwatch/lib/metric_filters.py `build_metric_filter_pattern`),
 * with the event lists those checks hold, typed here from them.
 */
import { describe, expect, it } from 'vitest';
import { CIS_FILTERS, type CisFilter } from '../../src/steps/trail-alarms/index.js';
import { filterMatches } from '../helpers/filter-pattern.js';

function filter(id: string): CisFilter {
  const f = CIS_FILTERS.find((x) => x.id === id);
  if (!f) throw new Error(`no filter ${id}`);
  return f;
}

const ev = (eventName: string, eventSource = 'ec2.amazonaws.com', more: object = {}) => ({ eventVersion: '1.09', eventName, eventSource, userIdentity: { type: 'IAMUser' }, ...more });

/** [filter id, events it must match, events it must not]. */
const SAMPLES: Array<[string, object[], object[]]> = [
  [
    'unauthorized-api-calls',
    [
      ev('RunInstances', 'ec2.amazonaws.com', { errorCode: 'Client.UnauthorizedOperation' }),
      ev('GetObject', 's3.amazonaws.com', { errorCode: 'AccessDenied' }),
      ev('ListUsers', 'iam.amazonaws.com', { errorCode: 'AccessDeniedException' }),
    ],
    [ev('RunInstances', 'ec2.amazonaws.com', { errorCode: 'Client.InsufficientInstanceCapacity' }), ev('ListUsers', 'iam.amazonaws.com')],
  ],
  [
    'console-signin-without-mfa',
    [ev('ConsoleLogin', 'signin.amazonaws.com', { additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Success' } })],
    [
      ev('ConsoleLogin', 'signin.amazonaws.com', { additionalEventData: { MFAUsed: 'Yes' }, responseElements: { ConsoleLogin: 'Success' } }),
      ev('ConsoleLogin', 'signin.amazonaws.com', { additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Failure' } }),
    ],
  ],
  [
    'root-account-usage',
    [
      ev('CreateAccessKey', 'iam.amazonaws.com', { userIdentity: { type: 'Root' }, eventType: 'AwsApiCall' }),
      ev('ConsoleLogin', 'signin.amazonaws.com', { userIdentity: { type: 'Root' }, eventType: 'AwsConsoleSignIn' }),
    ],
    [
      ev('CreateAccessKey', 'iam.amazonaws.com', { userIdentity: { type: 'Root', invokedBy: 'support.amazonaws.com' }, eventType: 'AwsApiCall' }),
      ev('Decrypt', 'kms.amazonaws.com', { userIdentity: { type: 'Root' }, eventType: 'AwsServiceEvent' }),
      ev('CreateAccessKey', 'iam.amazonaws.com', { eventType: 'AwsApiCall' }),
    ],
  ],
  ['iam-policy-changes', [ev('PutUserPolicy', 'iam.amazonaws.com'), ev('DetachGroupPolicy', 'iam.amazonaws.com')], [ev('GetPolicy', 'iam.amazonaws.com'), ev('CreateUser', 'iam.amazonaws.com')]],
  ['cloudtrail-changes', [ev('StopLogging', 'cloudtrail.amazonaws.com'), ev('DeleteTrail', 'cloudtrail.amazonaws.com')], [ev('DescribeTrails', 'cloudtrail.amazonaws.com')]],
  [
    'console-auth-failures',
    [ev('ConsoleLogin', 'signin.amazonaws.com', { errorMessage: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } })],
    [ev('ConsoleLogin', 'signin.amazonaws.com', { responseElements: { ConsoleLogin: 'Success' } })],
  ],
  [
    'kms-key-disable-or-deletion',
    [ev('ScheduleKeyDeletion', 'kms.amazonaws.com'), ev('DisableKey', 'kms.amazonaws.com')],
    [ev('EnableKey', 'kms.amazonaws.com'), ev('DisableKey', 'other.amazonaws.com')],
  ],
  [
    's3-bucket-policy-changes',
    [ev('PutBucketPolicy', 's3.amazonaws.com'), ev('DeleteBucketCors', 's3.amazonaws.com')],
    [ev('GetBucketPolicy', 's3.amazonaws.com'), ev('PutBucketPolicy', 'other.amazonaws.com')],
  ],
  ['config-changes', [ev('StopConfigurationRecorder', 'config.amazonaws.com')], [ev('StartConfigurationRecorder', 'config.amazonaws.com')]],
  ['security-group-changes', [ev('AuthorizeSecurityGroupIngress'), ev('DeleteSecurityGroup')], [ev('DescribeSecurityGroups')]],
  ['nacl-changes', [ev('CreateNetworkAclEntry'), ev('ReplaceNetworkAclAssociation')], [ev('DescribeNetworkAcls')]],
  ['network-gateway-changes', [ev('AttachInternetGateway'), ev('DeleteCustomerGateway')], [ev('DescribeInternetGateways')]],
  ['route-table-changes', [ev('CreateRoute'), ev('DisassociateRouteTable')], [ev('DescribeRouteTables'), ev('CreateRoute', 'other.amazonaws.com')]],
  ['vpc-changes', [ev('CreateVpc'), ev('EnableVpcClassicLink')], [ev('DescribeVpcs')]],
  [
    'organizations-changes',
    [ev('LeaveOrganization', 'organizations.amazonaws.com'), ev('CreatePolicy', 'organizations.amazonaws.com')],
    [ev('CreatePolicy', 'iam.amazonaws.com'), ev('ListAccounts', 'organizations.amazonaws.com')],
  ],
];

describe('the CIS metric filter patterns', () => {
  it("one filter for each of the 15 CIS monitoring controls, each within PutMetricFilter's 1024 characters", () => {
    expect(CIS_FILTERS.map((f) => f.id)).toEqual(SAMPLES.map(([id]) => id));
    for (const f of CIS_FILTERS) expect(f.pattern.length, f.id).toBeLessThanOrEqual(1024);
  });

  it.each(SAMPLES)('%s catches what it must and nothing else', (id, matching, other) => {
    const { pattern } = filter(id);
    for (const e of matching) expect(filterMatches(pattern, e), JSON.stringify(e)).toBe(true);
    for (const e of other) expect(filterMatches(pattern, e), JSON.stringify(e)).toBe(false);
  });
});

/** Prowler's reading of a pattern: every clause present, in any order; event names as whole words. */
function prowlerRecognises(pattern: string, c: { names?: string[]; source?: string; extra?: Array<[string, '=' | '!=', string]> }): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts: string[] = [];
  if (c.source) parts.push(`(?=.*\\$\\.eventSource\\s*=\\s*.?${esc(c.source)})`);
  for (const n of c.names ?? []) parts.push(`(?=.*\\$\\.eventName\\s*=\\s*.?${esc(n)}\\b)`);
  for (const [field, op, value] of c.extra ?? []) parts.push(`(?=.*\\$\\.${esc(field)}${op === '!=' ? '\\s*!=\\s*' : '\\s*=\\s*'}.?${esc(value)})`);
  return new RegExp(parts.join(''), 's').test(pattern);
}

const PROWLER: Array<[string, Parameters<typeof prowlerRecognises>[1] | RegExp]> = [
  ['unauthorized-api-calls', /\$\.errorCode\s*=\s*.?\*UnauthorizedOperation.+\$\.errorCode\s*=\s*.?AccessDenied\*.?/],
  ['console-signin-without-mfa', { names: ['ConsoleLogin'], extra: [['additionalEventData.MFAUsed', '!=', 'Yes']] }],
  ['root-account-usage', /\$\.userIdentity\.type\s*=\s*.?Root.+\$\.userIdentity\.invokedBy NOT EXISTS.+\$\.eventType\s*!=\s*.?AwsServiceEvent.?/],
  [
    'iam-policy-changes',
    {
      names: [
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
      ],
    },
  ],
  ['cloudtrail-changes', { names: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'] }],
  ['console-auth-failures', { names: ['ConsoleLogin'], extra: [['errorMessage', '=', 'Failed authentication']] }],
  ['kms-key-disable-or-deletion', { source: 'kms.amazonaws.com', names: ['DisableKey', 'ScheduleKeyDeletion'] }],
  [
    's3-bucket-policy-changes',
    {
      source: 's3.amazonaws.com',
      names: [
        'PutBucketAcl',
        'PutBucketPolicy',
        'PutBucketCors',
        'PutBucketLifecycle',
        'PutBucketReplication',
        'DeleteBucketPolicy',
        'DeleteBucketCors',
        'DeleteBucketLifecycle',
        'DeleteBucketReplication',
      ],
    },
  ],
  ['config-changes', { source: 'config.amazonaws.com', names: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'] }],
  [
    'security-group-changes',
    { names: ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'] },
  ],
  ['nacl-changes', { names: ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'] }],
  ['network-gateway-changes', { names: ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'] }],
  [
    'route-table-changes',
    { source: 'ec2.amazonaws.com', names: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'] },
  ],
  [
    'vpc-changes',
    {
      names: [
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
      ],
    },
  ],
  [
    'organizations-changes',
    {
      source: 'organizations.amazonaws.com',
      names: [
        'AcceptHandshake',
        'AttachPolicy',
        'CancelHandshake',
        'CreateAccount',
        'CreateOrganization',
        'CreateOrganizationalUnit',
        'CreatePolicy',
        'DeclineHandshake',
        'DeleteOrganization',
        'DeleteOrganizationalUnit',
        'DeletePolicy',
        'EnableAllFeatures',
        'EnablePolicyType',
        'InviteAccountToOrganization',
        'LeaveOrganization',
        'DetachPolicy',
        'DisablePolicyType',
        'MoveAccount',
        'RemoveAccountFromOrganization',
        'UpdateOrganizationalUnit',
        'UpdatePolicy',
      ],
    },
  ],
];

describe("the audit tool's reading of them (Prowler)", () => {
  it.each(PROWLER)('%s is recognised as the control', (id, how) => {
    const { pattern } = filter(id);
    expect(how instanceof RegExp ? how.test(pattern) : prowlerRecognises(pattern, how)).toBe(true);
  });

  it('a pattern missing one event name is not recognised (the check can fail)', () => {
    const { pattern } = filter('cloudtrail-changes');
    expect(prowlerRecognises(pattern.replace(' || ($.eventName = StopLogging)', ''), { names: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'] })).toBe(false);
  });
});
