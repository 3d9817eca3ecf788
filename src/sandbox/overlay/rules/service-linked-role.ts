/**
 * `iam:CreateServiceLinkedRole` as AWS names the role. moto 5.2.1 derives the name from the service
 * principal as it is spelled (moto/iam/models.py `create_service_linked_role`): config.amazonaws.com
 * gets `AWSServiceRoleForconfig`, where AWS makes `AWSServiceRoleForConfig`
 * (https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html), so
 * GetRole by AWS's name finds nothing. For the services aws-harden makes a role for, the rule makes
 * it under AWS's name and path (moto's CreateRole) and answers in CreateServiceLinkedRole's shape; a
 * second one is refused as AWS refuses it: InvalidInput, "Service role name … has been taken in this
 * account, please try a different suffix." (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html).
 */
import { queryError, xmlReply, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

/** Service principal → the role AWS makes for it. */
const AWS_NAMES: Readonly<Record<string, string>> = { 'config.amazonaws.com': 'AWSServiceRoleForConfig' };

export class ServiceLinkedRoleNames implements Rule {
  readonly name = 'service-linked-role-names';
  readonly services = ['iam'] as const;

  constructor(private readonly ctx: RuleContext) {}

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.action !== 'CreateServiceLinkedRole') return undefined;
    const service = req.params.get('AWSServiceName') ?? '';
    const role = AWS_NAMES[service];
    if (role === undefined || req.params.get('CustomSuffix')) return undefined;
    const header = req.headers['x-moto-account-id'];
    const account = typeof header === 'string' && header !== '' ? header : this.ctx.accountId;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] }] });
    const form = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: role, Path: `/aws-service-role/${service}/`, AssumeRolePolicyDocument: trust });
    const description = req.params.get('Description');
    if (description) form.set('Description', description);
    const res = await fetch(`${this.ctx.motoEndpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // moto routes by the credential scope's service and does not check the signature.
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAOVERLAYSLR000000/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
        'x-moto-account-id': account,
      },
      body: form.toString(),
    });
    const xml = await res.text();
    if (res.status === 409 || xml.includes('EntityAlreadyExists')) {
      return queryError('iam', 400, 'InvalidInput', `Service role name ${role} has been taken in this account, please try a different suffix.`);
    }
    if (!res.ok) return xmlReply(res.status, xml);
    return xmlReply(200, xml.replace(/CreateRoleResponse/g, 'CreateServiceLinkedRoleResponse').replace(/CreateRoleResult/g, 'CreateServiceLinkedRoleResult'));
  }
}
