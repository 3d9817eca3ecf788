/**
 * Just enough of IAM policy evaluation for the CloudTrail rule: does a resource policy (a bucket or a
 * key policy) let one service principal make one request, given the request's condition keys? An
 * explicit Deny that applies wins over any Allow; otherwise some Allow must apply.
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
 *
 * Condition operators handled: String/Arn Equals/Like and their Not forms, Bool, Null, with the
 * `IfExists` suffix and `ForAnyValue:`/`ForAllValues:` prefixes taken as plain single-valued tests
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * An operator it does not know makes the statement not apply — for an Allow that is the strict reading.
 */

export interface ServiceRequest {
  /** `cloudtrail.amazonaws.com` */
  service: string;
  /** `s3:PutObject`, `kms:GenerateDataKey`, … */
  action: string;
  /** The ARN acted on (a key policy's statements name `*`). */
  resource: string;
  /** Condition keys present in the request, lower-cased names. */
  context: Readonly<Record<string, string>>;
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** IAM wildcards: `*` any run of characters, `?` one character. */
function glob(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, caseInsensitive ? 'is' : 's').test(value);
}

function principalMatches(p: unknown, service: string): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    return list(o.Service).includes(service) || list(o.AWS).includes('*');
  }
  return false;
}

function appliesTo(s: Statement, req: ServiceRequest): boolean {
  const principal = s.Principal !== undefined ? principalMatches(s.Principal, req.service) : s.NotPrincipal !== undefined && !principalMatches(s.NotPrincipal, req.service);
  // Action names are case-insensitive; ARNs are not.
  const action = s.Action !== undefined ? list(s.Action).some((a) => glob(a, req.action, true)) : s.NotAction !== undefined && !list(s.NotAction).some((a) => glob(a, req.action, true));
  const resource = s.Resource !== undefined ? list(s.Resource).some((r) => glob(r, req.resource)) : s.NotResource !== undefined && !list(s.NotResource).some((r) => glob(r, req.resource));
  return principal && action && resource && conditionsHold(s.Condition, req.context);
}

function testOne(op: string, wanted: string[], actual: string | undefined): boolean | undefined {
  const negated = op.includes('Not');
  const base = op.replace('Not', '');
  if (actual === undefined) return negated;
  let hit: boolean;
  switch (base) {
    case 'StringEquals':
    case 'ArnEquals':
      hit = wanted.includes(actual);
      break;
    case 'StringEqualsIgnoreCase':
      hit = wanted.some((w) => w.toLowerCase() === actual.toLowerCase());
      break;
    case 'StringLike':
    case 'ArnLike':
      hit = wanted.some((w) => glob(w, actual));
      break;
    case 'Bool':
      hit = wanted.some((w) => w.toLowerCase() === actual.toLowerCase());
      break;
    default:
      return undefined;
  }
  return negated ? !hit : hit;
}

function conditionsHold(condition: unknown, context: Readonly<Record<string, string>>): boolean {
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return false;
  for (const [rawOp, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) return false;
    const ifExists = rawOp.endsWith('IfExists');
    const op = rawOp.replace(/^For(Any|All)Value:/, '').replace(/IfExists$/, '');
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const actual = context[key.toLowerCase()];
      if (op === 'Null') {
        if (list(values).some((v) => (v.toLowerCase() === 'true') !== (actual === undefined))) return false;
        continue;
      }
      if (actual === undefined && ifExists) continue;
      const result = testOne(op, list(values), actual);
      if (result !== true) return false;
    }
  }
  return true;
}

/** Whether the policy text lets the service make the request. No policy, or one that is not JSON, allows nothing. */
export function policyAllows(policyText: string | undefined, req: ServiceRequest): boolean {
  if (!policyText) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(policyText);
  } catch {
    return false;
  }
  const raw = (doc as { Statement?: unknown } | null)?.Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((s): s is Statement => typeof s === 'object' && s !== null);
  const applying = statements.filter((s) => appliesTo(s, req));
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}
