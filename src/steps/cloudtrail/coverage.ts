/**
 * Existing coverage: an organization trail, or a multi-region trail (made in the console, or by other
 * tooling) that logs every management event, already records the account. Making aws-harden's own
 * trail as well would be a second, paid copy of the same events (the first copy of management events
 * is free, every further one is charged: https://aws.amazon.com/cloudtrail/pricing/). So that trail
 * counts, and the step offers to bring *it* up to the baseline (log file validation, KMS) instead.
 * An organization trail seen from a member account belongs to the management account and cannot be
 * changed from here (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html).
 */
import { getEventSelectors, isLogging, type TrailInfo } from '../../aws/cloudtrail.js';
import { bucketOwner, getBucketRegion } from '../../aws/s3.js';
import { ExitCode, OperatorError } from '../../errors.js';
import type { ComparisonTable, Finding, StepContext } from '../types.js';
import { keyPolicyAction, type TrailAction } from './actions.js';
import type { TrailFacts, TrailInspection } from './inspect.js';
import { keyPlaceholder } from './names.js';
import { describeManagement, logsAllManagement } from './selectors.js';

export interface Coverage {
  trail: TrailFacts;
  /** Why aws-harden cannot change this trail from here; undefined when it can. */
  readOnly?: string;
  /** Whether the management account (not this one) owns it: it covers, whatever its settings. */
  otherAccount: boolean;
  /** The trail's bucket is in this account: only then can its KMS region be checked and KMS added here. */
  bucketRegion: string | undefined;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** What a covering trail lacks against the baseline, as short phrases. */
export function baselineGaps(t: TrailFacts): string[] {
  return [...(t.logFileValidation ? [] : ['log file validation is off']), ...(t.kmsKeyId ? [] : ['its logs are not encrypted with KMS'])];
}

async function readCoverage(ctx: StepContext, t: TrailInfo): Promise<Coverage | undefined> {
  const otherAccount = accountOf(t.arn) !== ctx.identity.account;
  if (otherAccount) {
    // Only an organization trail reaches a member account's DescribeTrails; its owner keeps it logging.
    if (!t.organization) return undefined;
    return {
      trail: { ...t, logging: true, selectors: { basic: [], advanced: [] } },
      otherAccount,
      bucketRegion: undefined,
      readOnly: `it is the organization's trail, owned by the management account ${accountOf(t.arn)}; a member account cannot change it`,
    };
  }
  if (!t.organization && !(t.multiRegion && t.globalEvents)) return undefined;
  let facts: TrailFacts;
  try {
    // By ARN: a shadow trail (home in another region) is only found that way.
    const [logging, selectors] = await Promise.all([isLogging(ctx.aws, t.arn), getEventSelectors(ctx.aws, t.arn)]);
    facts = { ...t, logging, selectors };
  } catch {
    return undefined;
  }
  if (!facts.logging || !logsAllManagement(facts.selectors)) return undefined;
  const ours = t.bucket !== '' && (await bucketOwner(ctx.aws, t.bucket)) === 'ours';
  return {
    trail: facts,
    otherAccount,
    bucketRegion: ours ? await getBucketRegion(ctx.aws, t.bucket) : undefined,
    ...(t.homeRegion !== ctx.region ? { readOnly: `its home region is ${t.homeRegion}, and a trail is only changed from there` } : {}),
  };
}

/** The trail that covers the account, best first: already at the baseline, an organization's, one managed from here. */
export async function findCoverage(ctx: StepContext, all: readonly TrailInfo[], ownName: string): Promise<Coverage | undefined> {
  const found = (await Promise.all(all.filter((t) => t.name !== ownName).map((t) => readCoverage(ctx, t)))).filter((c): c is Coverage => c !== undefined);
  const rank = (c: Coverage) => (baselineGaps(c.trail).length === 0 ? 0 : 4) + (c.trail.organization ? 0 : 2) + (c.readOnly ? 1 : 0);
  return found.sort((a, b) => rank(a) - rank(b))[0];
}

/** KMS is added only where this account can do it: its own bucket (the key must be in the bucket's region). */
function wantsKms(c: Coverage): boolean {
  return !c.readOnly && !c.trail.kmsKeyId && c.bucketRegion !== undefined;
}

/** The calls that bring the covering trail up to the baseline: the key policy names it, then one UpdateTrail. */
export function adoptActions(ctx: StepContext, ins: TrailInspection, c: Coverage): TrailAction[] {
  if (c.readOnly) return [];
  const t = c.trail;
  const kms = wantsKms(c);
  const actions: TrailAction[] = [];
  if (kms) {
    const kp = keyPolicyAction(ctx, ins, t.name, t.arn);
    if (kp) actions.push(kp);
  }
  const changes = {
    ...(!t.logFileValidation ? { EnableLogFileValidation: true } : {}),
    ...(kms ? { KmsKeyId: ins.key?.arn ?? keyPlaceholder(ins.names.keyAlias) } : {}),
  };
  if (Object.keys(changes).length > 0) {
    actions.push({ service: 'cloudtrail', op: 'UpdateTrail', input: { Name: t.name, ...changes }, note: `brings trail ${t.name} up to the baseline; no second trail` });
  }
  return actions;
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

export function coverageTable(ins: TrailInspection, c: Coverage): ComparisonTable {
  const t = c.trail;
  const kms = wantsKms(c);
  const row = (label: string, current: string, proposed: string) => ({ label, current, proposed, changes: current !== proposed });
  const keep = (label: string, value: string) => row(label, value, value);
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      keep('covering trail', `${t.name}${t.organization ? ' (organization)' : ''}`),
      keep('trail bucket', t.bucket),
      keep('all regions', yesNo(t.multiRegion || t.organization)),
      keep('management events', c.otherAccount ? 'set by the organization' : describeManagement(t.selectors)),
      row('log file validation', yesNo(t.logFileValidation), c.readOnly ? yesNo(t.logFileValidation) : 'yes'),
      row('trail encryption', t.kmsKeyId ?? 'SSE-S3', kms ? ins.names.keyAlias : (t.kmsKeyId ?? 'SSE-S3')),
      keep('second trail', 'none (no extra cost)'),
    ],
  };
}

export function coverageFinding(ctx: StepContext, ins: TrailInspection, c: Coverage): Finding<TrailInspection> {
  const t = c.trail;
  const table = coverageTable(ins, c);
  const gaps = baselineGaps(t);
  const actions = adoptActions(ctx, ins, c);
  if (c.otherAccount) {
    const lacking = gaps.length ? ` It falls short of the baseline (${gaps.join(', ')}): only the management account can change that.` : '';
    return { status: 'done', summary: `The account is covered by organization trail ${t.name} (${t.arn}); ${c.readOnly ?? ''}.${lacking}`, table, data: ins };
  }
  if (actions.length === 0 && !(gaps.length && c.readOnly)) {
    const kmsNote = !t.kmsKeyId ? ' Its logs are not KMS-encrypted: its bucket is in another account, where that is set.' : '';
    return { status: 'done', summary: `Trail ${t.name} (not made by aws-harden) covers the account: every region, all management events, log files validated.${kmsNote}`, table, data: ins };
  }
  if (c.readOnly) {
    return {
      status: 'blocked',
      summary: `Trail ${t.name} covers the account, but ${gaps.join(' and ')}; ${c.readOnly}: run aws-harden with --region ${t.homeRegion} to bring it up to the baseline.`,
      table,
      data: ins,
    };
  }
  const keyProblem = actions.some((a) => a.op === 'UpdateTrail' && 'KmsKeyId' in a.input) && ins.key?.state !== 'Enabled' ? ` (the kms-key step makes ${ins.names.keyAlias} first)` : '';
  return {
    status: 'todo',
    summary: `Trail ${t.name} already covers the account (every region, all management events), but ${gaps.join(' and ')}: aws-harden can bring it up to the baseline${keyProblem} instead of making a second, paid trail.`,
    table,
    data: ins,
  };
}

/** Why the covering trail cannot be brought up to the baseline now, or undefined. Checked before any change. */
export function coverageStopReason(ins: TrailInspection, c: Coverage): OperatorError | undefined {
  if (!wantsKms(c)) return undefined;
  const alias = ins.names.keyAlias;
  if (!ins.key || ins.key.state !== 'Enabled') {
    return new OperatorError(
      'aws',
      `The KMS key ${alias} ${ins.key ? `is ${ins.key.state}` : 'does not exist'}, so trail ${c.trail.name}'s logs cannot be encrypted with it.`,
      'Run the kms-key step first (it comes before this one), or answer the alias of an existing key.',
      ExitCode.StepFailed,
    );
  }
  return regionMismatch(alias, ins.key.arn, c.trail.bucket, c.bucketRegion);
}

/** CloudTrail needs the key in the bucket's region (KmsKeyNotFoundException otherwise, API_CreateTrail.html#API_CreateTrail_Errors). */
export function regionMismatch(alias: string, keyArn: string, bucket: string, bucketRegion: string | undefined): OperatorError | undefined {
  const keyRegion = keyArn.split(':')[3];
  if (!bucketRegion || !keyRegion || keyRegion === bucketRegion) return undefined;
  return new OperatorError(
    'aws',
    `The KMS key ${alias} is in ${keyRegion}, but the log bucket ${bucket} is in ${bucketRegion}; CloudTrail needs the key in the bucket's region.`,
    `Answer a log bucket in ${keyRegion}, or run aws-harden with --region ${bucketRegion} so the kms-key step makes a key there.`,
    ExitCode.StepFailed,
  );
}
