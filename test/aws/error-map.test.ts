/**
 * Error mapping of the two AWS answers whose usual reading misleads: a service control policy's deny
 * (not "grant it to this identity") and a disabled opt-in region (not "check your access key").
 * The errors are shaped as the SDK throws them (name, Code, $metadata).
 */
import { describe, expect, it } from 'vitest';
import { mapAwsError } from '../../src/aws/error-map.js';
import type { OperatorError } from '../../src/errors.js';

function sdkError(name: string, status: number, message: string) {
  return Object.assign(new Error(message), { name, Code: name, $metadata: { httpStatusCode: status } });
}

describe('mapAwsError', () => {
  it("explains a denial by a service control policy as the organization's, not as a missing grant", () => {
    const e = sdkError(
      'AccessDenied',
      403,
      'User: arn:aws:iam::210987654321:user/admin is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:210987654321:trail/t with an explicit deny in a service control policy',
    );
    const mapped = mapAwsError(e, { action: 'cloudtrail:StopLogging', region: 'us-east-1' }) as OperatorError;
    expect(mapped.message).toBe('Denied by a service control policy of your AWS Organization: cloudtrail:StopLogging is not allowed in this account, whatever its IAM policies say.');
    expect(mapped.remedy).toMatch(/^Only the organization's management account can change service control policies/);
    expect(mapped.remedy).not.toMatch(/Grant/);
  });

  it('an identity-policy denial still says what to grant', () => {
    const e = sdkError('AccessDenied', 403, 'User: arn:aws:iam::1:user/a is not authorized to perform: iam:GetUser because no identity-based policy allows the iam:GetUser action');
    expect((mapAwsError(e, { action: 'iam:GetUser' }) as OperatorError).remedy).toMatch(/^Grant iam:GetUser to this identity/);
  });

  it('names a disabled opt-in region and how to enable it, instead of blaming the key', () => {
    const e = sdkError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    const mapped = mapAwsError(e, { action: 'sts:GetCallerIdentity', region: 'af-south-1' }) as OperatorError;
    expect(mapped.message).toMatch(/in af-south-1, an opt-in region: AWS answers this way in a region that is not enabled/);
    expect(mapped.remedy).toMatch(/Enable af-south-1 .*aws account enable-region --region-name af-south-1.*or choose an enabled region with --region/);
    const elsewhere = mapAwsError(e, { action: 'sts:GetCallerIdentity', region: 'eu-west-1' }) as OperatorError;
    expect(elsewhere.remedy).toMatch(/Check that the access key is active/);
  });
});
