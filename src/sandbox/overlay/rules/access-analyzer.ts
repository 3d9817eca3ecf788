/**
 * IAM Access Analyzer, which moto 5.2.1 does not have at all. The rule answers exactly the two calls
 * aws-harden makes, from state of its own per account and region, in the REST-JSON shapes AWS uses
 * (signing name `access-analyzer`; with an endpoint override the SDK sends `PUT /analyzer` and
 * `GET /analyzer?…` to the override's host, so the operation is the method and path):
 * - CreateAnalyzer: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html
 *   name `[A-Za-z][A-Za-z0-9_.-]*`, 1–255 characters; the six types; a name taken in the region is a
 *   ConflictException (409); one account-level analyzer per type per account and region, five
 *   organization-level ones (one internal-access one), else ServiceQuotaExceededException (402)
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html). The analyzer is
 *   ACTIVE at once. `clientToken` is the API's idempotency token: a repeat with the same token and the
 *   same parameters answers the first call's analyzer and makes nothing; the same token with other
 *   parameters is refused (409), AWS's contract for client tokens
 *   (https://docs.aws.amazon.com/AWSEC2/latest/devguide/ec2-api-idempotency.html).
 * - ListAnalyzers: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListAnalyzers.html
 *   every analyzer of the region, or those of `type`; `maxResults` / `nextToken` pages.
 * Anything else is refused as an operation the sandbox does not model. Not modelled: organizations
 * (an ORGANIZATION analyzer is made without checking the account manages one), archive rules, tags.
 */
import { partitionOfRegion } from '../../../aws/partition.js';
import { requestId, type Reply } from '../http.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

const TYPES = ['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS'];
const NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Analyzers per type per account and region (the quotas page). */
function quotaOf(type: string): number {
  return type.startsWith('ORGANIZATION') && type !== 'ORGANIZATION_INTERNAL_ACCESS' ? 5 : 1;
}

interface Analyzer {
  arn: string;
  name: string;
  type: string;
  createdAt: string;
  status: 'ACTIVE';
}

/** A REST-JSON answer: the error's code in `x-amzn-ErrorType`, its members in the body. */
function restJson(status: number, body: unknown, errorType?: string): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-requestid': requestId(), ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

function validation(message: string, field?: string): Reply {
  return restJson(400, { message, reason: field ? 'fieldValidationFailed' : 'unknownOperation', ...(field ? { fieldList: [{ name: field, message }] } : {}) }, 'ValidationException');
}

export class AccessAnalyzerRule implements Rule {
  readonly name = 'access-analyzer';
  readonly services = ['access-analyzer'] as const;
  /** `account/region` → its analyzers, in the order they were made. */
  private analyzers = new Map<string, Analyzer[]>();
  /** `account/region/clientToken` → the parameters it was first sent with, and the analyzer it made. */
  private tokens = new Map<string, { params: string; arn: string }>();

  constructor(private readonly ctx: RuleContext) {}

  reset(): void {
    this.analyzers.clear();
    this.tokens.clear();
  }

  before(req: OverlayRequest): Reply {
    const header = req.headers['x-moto-account-id'];
    const account = typeof header === 'string' && header !== '' ? header : this.ctx.accountId;
    const where = `${account}/${req.region}`;
    const path = req.url.pathname.replace(/\/+$/, '');
    if (path === '/analyzer' && req.method === 'PUT') return this.create(req, account, where);
    if (path === '/analyzer' && req.method === 'GET') return this.list(req, where);
    return validation(`The sandbox models only CreateAnalyzer and ListAnalyzers of IAM Access Analyzer, not ${req.method} ${path}.`);
  }

  private create(req: OverlayRequest, account: string, where: string): Reply {
    const name = req.json.analyzerName;
    const type = req.json.type;
    if (typeof name !== 'string' || name.length < 1 || name.length > 255 || !NAME.test(name)) {
      return validation('analyzerName must be 1 to 255 characters matching [A-Za-z][A-Za-z0-9_.-]*.', 'analyzerName');
    }
    if (typeof type !== 'string' || !TYPES.includes(type)) return validation(`type must be one of ${TYPES.join(', ')}.`, 'type');
    const token = typeof req.json.clientToken === 'string' ? req.json.clientToken : undefined;
    const params = JSON.stringify({ ...req.json, clientToken: undefined });
    if (token !== undefined) {
      const seen = this.tokens.get(`${where}/${token}`);
      if (seen?.params === params) return restJson(200, { arn: seen.arn });
      if (seen) return restJson(409, { message: 'The client token was already used with other parameters.', resourceId: name, resourceType: 'Analyzer' }, 'ConflictException');
    }
    const list = this.analyzers.get(where) ?? [];
    if (list.some((a) => a.name === name)) return restJson(409, { message: `An analyzer named ${name} already exists.`, resourceId: name, resourceType: 'Analyzer' }, 'ConflictException');
    if (list.filter((a) => a.type === type).length >= quotaOf(type)) {
      return restJson(
        402,
        { message: `The quota of ${quotaOf(type)} ${type} analyzer(s) per account per Region is reached.`, resourceId: name, resourceType: 'Analyzer' },
        'ServiceQuotaExceededException',
      );
    }
    const region = req.region;
    const arn = `arn:${partitionOfRegion(region) ?? 'aws'}:access-analyzer:${region}:${account}:analyzer/${name}`;
    list.push({ arn, name, type, createdAt: new Date(this.ctx.now()).toISOString(), status: 'ACTIVE' });
    this.analyzers.set(where, list);
    if (token !== undefined) this.tokens.set(`${where}/${token}`, { params, arn });
    return restJson(200, { arn });
  }

  private list(req: OverlayRequest, where: string): Reply {
    const type = req.url.searchParams.get('type');
    if (type !== null && !TYPES.includes(type)) return validation(`type must be one of ${TYPES.join(', ')}.`, 'type');
    const all = (this.analyzers.get(where) ?? []).filter((a) => type === null || a.type === type);
    const max = Number(req.url.searchParams.get('maxResults') ?? all.length);
    const token = req.url.searchParams.get('nextToken');
    const start = token === null ? 0 : Number(token);
    if (!Number.isInteger(start) || start < 0 || start > all.length) return validation('nextToken is not valid.', 'nextToken');
    const end = max > 0 ? start + max : all.length;
    const page = all.slice(start, end);
    return restJson(200, { analyzers: page.map((a) => ({ ...a, tags: {} })), ...(end < all.length ? { nextToken: String(end) } : {}) });
  }
}
