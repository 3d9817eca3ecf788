/**
 * Policy documents as aws-harden reads, compares and writes them: the shapes, parsing, a canonical
 * form for comparing, and the small helpers the key and bucket policies share.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: string;
  Id?: string;
  Statement: PolicyStatement[];
}

/** Who and where: the account, its partition (`aws`, `aws-cn`, …) and the trail's home region. */
export interface PolicyScope {
  partition: string;
  account: string;
}

export const POLICY_VERSION = '2012-10-17';

/**
 * The trail name the cloudtrail step proposes. The kms-key step scopes the key's CloudTrail statement
 * to this trail before the trail exists; the cloudtrail step adds its own ARN if the operator picks
 * another name.
 */
export const DEFAULT_TRAIL_NAME = 'aws-harden';
export const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';

/** The partition of an ARN (`arn:aws:iam::…` → `aws`). */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

export function trailArn(scope: PolicyScope, region: string, name: string): string {
  return `arn:${scope.partition}:cloudtrail:${region}:${scope.account}:trail/${name}`;
}

/** Parses a policy document; undefined for no policy or for text that is not a policy. */
export function parsePolicy(text: string | undefined): PolicyDocument | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const doc = JSON.parse(text) as { Version?: unknown; Id?: unknown; Statement?: unknown };
    if (typeof doc !== 'object' || doc === null) return undefined;
    // A single statement may be written as an object instead of a one-element list.
    const raw = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
    return {
      Version: typeof doc.Version === 'string' ? doc.Version : POLICY_VERSION,
      ...(typeof doc.Id === 'string' ? { Id: doc.Id } : {}),
      Statement: raw.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null),
    };
  } catch {
    return undefined;
  }
}

export function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** One value or a sorted list: how a policy reads best when there is a single value. */
export function oneOrMany(values: readonly string[]): string | string[] {
  return values.length === 1 ? (values[0] as string) : [...values];
}

/**
 * A canonical form for comparing policy JSON: object keys sorted, single strings and one-element
 * lists alike, lists sorted. AWS may hand back a policy with either spelling.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.length === 1
      ? items[0]
      : items
          .map((i) => JSON.stringify(i))
          .sort()
          .map((i) => JSON.parse(i) as unknown);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function samePolicy(a: PolicyDocument | undefined, b: PolicyDocument | undefined): boolean {
  if (!a || !b) return a === b;
  const norm = (d: PolicyDocument) => JSON.stringify(canonical({ Version: d.Version, Statement: d.Statement }));
  return norm(a) === norm(b);
}

export function policyText(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}

export function principalValues(p: unknown, kind: 'AWS' | 'Service'): string[] {
  if (p === '*') return kind === 'AWS' ? ['*'] : [];
  if (p && typeof p === 'object') return asList((p as Record<string, unknown>)[kind]);
  return [];
}

export function sourceArnsOf(s: PolicyStatement | undefined): string[] {
  return asList(s?.Condition?.StringEquals?.['aws:SourceArn']);
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
