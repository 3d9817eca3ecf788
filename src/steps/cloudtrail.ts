/**
 * cloudtrail: a multi-region trail with log-file validation, encrypted with the kms-key step's key,
 * delivering into a private S3 bucket (Block Public Access, ACLs disabled, versioning, SSE-KMS, a
 * bucket policy scoped to the trail that also denies plain-HTTP access), logging started.
 *
 * The key is found through its alias (no journal needed). When it does not exist yet — a dry run, or
 * kms-key skipped — the check still says `todo` and the plan names it `<KeyArn of alias/…>`, so a dry
 * run shows every call and policy; apply reads the alias again and stops with a clear error if the key
 * is still missing, before it changes anything.
 */
import { randomBytes } from 'node:crypto';
import type {
  AdvancedEventSelector,
  CreateTrailCommandInput,
  EventSelector,
  PutEventSelectorsCommandInput,
  StartLoggingCommandInput,
  UpdateTrailCommandInput,
} from '@aws-sdk/client-cloudtrail';
import type { PutKeyPolicyCommandInput } from '@aws-sdk/client-kms';
import type {
  BucketLocationConstraint,
  CreateBucketCommandInput,
  PutBucketAclCommandInput,
  PutBucketEncryptionCommandInput,
  PutBucketOwnershipControlsCommandInput,
  PutBucketPolicyCommandInput,
  PutBucketVersioningCommandInput,
  PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3';
import {
  createTrail,
  findTrail,
  getEventSelectors,
  isLogging,
  putEventSelectors,
  startLogging,
  updateTrail,
  type EventSelectors,
  type TrailInfo,
} from '../aws/cloudtrail.js';
import { isAwsError } from '../aws/errors.js';
import { describeKey, listAliases, putKeyPolicy } from '../aws/kms.js';
import {
  aclGrantsOthers,
  bucketOwner,
  createBucket,
  getBucketPolicy,
  getEncryption,
  getObjectOwnership,
  getPublicAccessBlock,
  getVersioning,
  putBucketAcl,
  putBucketPolicy,
  putEncryption,
  putOwnershipControls,
  putPublicAccessBlock,
  putVersioning,
  type BucketEncryption,
  type PublicAccessBlock,
} from '../aws/s3.js';
import { ExitCode, OperatorError } from '../errors.js';
import { DEFAULT_KEY_ALIAS, answered, keyBehindAlias, scopeOf, validateAlias, wantedKeyPolicy, type KeyFacts } from './kms-key.js';
import {
  DEFAULT_TRAIL_NAME,
  bucketPolicyGaps,
  parsePolicy,
  policyText,
  proposeBucketPolicy,
  proposeKeyPolicy,
  samePolicy,
  trailArn,
  type PolicyDocument,
} from './policies.js';
import { defineStep, type Answers, type ComparisonTable, type Finding, type PlannedCall, type Question, type StepContext } from './types.js';

export { DEFAULT_TRAIL_NAME };
export const TRAIL_TAG = { Key: 'created-by', Value: 'aws-harden' } as const;

export function defaultBucketName(account: string, region: string): string {
  return `aws-harden-trail-${account}-${region}`;
}

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** S3's general-purpose bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function validateBucketName(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 3 || v.length > 63) return `A bucket name is 3 to 63 characters long (this one has ${v.length}).`;
  if (!/^[a-z0-9.-]+$/.test(v)) return 'Only lowercase letters, digits, hyphens (-) and dots (.) are allowed.';
  if (!/^[a-z0-9]/.test(v) || !/[a-z0-9]$/.test(v)) return 'A bucket name starts and ends with a lowercase letter or a digit.';
  if (v.includes('..')) return 'Two dots in a row are not allowed.';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return 'A bucket name must not look like an IP address.';
  const prefix = RESERVED_PREFIXES.find((p) => v.startsWith(p));
  if (prefix) return `Names starting with "${prefix}" are reserved by S3.`;
  const suffix = RESERVED_SUFFIXES.find((s) => v.endsWith(s));
  if (suffix) return `Names ending in "${suffix}" are reserved by S3.`;
  return undefined;
}

/** CloudTrail's trail naming rules (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html). */
export function validateTrailName(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 3 || v.length > 128) return `A trail name is 3 to 128 characters long (this one has ${v.length}).`;
  if (!/^[A-Za-z0-9._-]+$/.test(v)) return 'Only letters, digits, periods (.), underscores (_) and hyphens (-) are allowed.';
  if (!/^[A-Za-z0-9]/.test(v) || !/[A-Za-z0-9]$/.test(v)) return 'A trail name starts and ends with a letter or a digit.';
  if (/[._-]{2}/.test(v)) return 'Periods, underscores and hyphens may not be next to each other (e.g. "my-_trail").';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return 'A trail name must not look like an IP address.';
  return undefined;
}

export interface TrailNames {
  trail: string;
  bucket: string;
  keyAlias: string;
}

export type BucketFacts =
  | { owner: 'missing' }
  | { owner: 'foreign' }
  | {
      owner: 'ours';
      publicAccessBlock: PublicAccessBlock | undefined;
      /** undefined: no ownership controls (ACLs enabled, the pre-2023 default). */
      ownership: string | undefined;
      aclGrantsOthers: boolean;
      versioning: string | undefined;
      encryption: BucketEncryption | undefined;
      policy: PolicyDocument | undefined;
    };

export interface TrailFacts extends TrailInfo {
  logging: boolean;
  selectors: EventSelectors;
}

export interface TrailInspection {
  names: TrailNames;
  key: KeyFacts | undefined;
  bucket: BucketFacts;
  trail: TrailFacts | undefined;
  /** A free-looking alternative when the bucket name belongs to another account. */
  suggestion?: string;
}

/** Stands for the key's ARN in plans made before the kms-key step has made the key. */
export function keyPlaceholder(alias: string): string {
  return `<KeyArn of ${alias}>`;
}

function suggestBucketName(name: string): string {
  const suffix = randomBytes(4).toString('hex').slice(0, 6);
  return `${name.slice(0, 63 - suffix.length - 1).replace(/[.-]+$/, '')}-${suffix}`;
}

async function inspectBucket(ctx: StepContext, bucket: string): Promise<BucketFacts> {
  const owner = await bucketOwner(ctx.aws, bucket);
  if (owner !== 'ours') return { owner };
  const aws = ctx.aws;
  const [publicAccessBlock, ownership, versioning, encryption, policy] = await Promise.all([
    getPublicAccessBlock(aws, bucket),
    getObjectOwnership(aws, bucket),
    getVersioning(aws, bucket),
    getEncryption(aws, bucket),
    getBucketPolicy(aws, bucket),
  ]);
  // With ACLs disabled (BucketOwnerEnforced) the ACL grants nothing; only read it otherwise.
  const others = ownership === 'BucketOwnerEnforced' ? false : await aclGrantsOthers(aws, bucket);
  return { owner, publicAccessBlock, ownership, aclGrantsOthers: others, versioning, encryption, policy: parsePolicy(policy) };
}

async function inspectTrailOnly(ctx: StepContext, name: string, found?: TrailInfo | null): Promise<TrailFacts | undefined> {
  const info = found === undefined ? await findTrail(ctx.aws, name, ctx.region) : (found ?? undefined);
  if (!info) return undefined;
  // A trail whose home is another region is only managed (and fully read) from there; the finding says so.
  if (info.homeRegion !== ctx.region) return { ...info, logging: false, selectors: { basic: [], advanced: [] } };
  const [logging, selectors] = await Promise.all([isLogging(ctx.aws, info.name), getEventSelectors(ctx.aws, info.name)]);
  return { ...info, logging, selectors };
}

export async function inspectTrail(ctx: StepContext, names: TrailNames, found?: TrailInfo | null): Promise<TrailInspection> {
  const [key, bucket, trail] = await Promise.all([
    keyBehindAlias(ctx, names.keyAlias),
    inspectBucket(ctx, names.bucket),
    inspectTrailOnly(ctx, names.trail, found),
  ]);
  return { names, key, bucket, trail, ...(bucket.owner === 'foreign' ? { suggestion: suggestBucketName(names.bucket) } : {}) };
}

/**
 * The names `check` looks at: the operator's earlier answers (--config, then the journal, through
 * `ctx.answersOf`; the key alias may also come from the kms-key step's answer). Without them, AWS is
 * asked: the default trail, and its bucket and key when it already has ones of ours (so a re-run finds
 * them even without a journal); else the defaults.
 */
async function checkNames(ctx: StepContext): Promise<{ names: TrailNames; found: TrailInfo | null }> {
  const trail = answered(ctx, 'cloudtrail', 'trail', validateTrailName) ?? DEFAULT_TRAIL_NAME;
  const found = (await findTrail(ctx.aws, trail, ctx.region)) ?? null;
  let bucket = answered(ctx, 'cloudtrail', 'bucket', validateBucketName);
  if (bucket === undefined) {
    bucket = defaultBucketName(ctx.identity.account, ctx.region);
    if (found?.bucket && found.bucket !== bucket && (await bucketOwner(ctx.aws, found.bucket)) === 'ours') bucket = found.bucket;
  }
  let keyAlias = answered(ctx, 'cloudtrail', 'keyAlias', validateAlias) ?? answered(ctx, 'kms-key', 'alias', validateAlias);
  if (keyAlias === undefined) {
    keyAlias = DEFAULT_KEY_ALIAS;
    const keyId = found?.kmsKeyId?.split(':key/').pop();
    if (keyId && found?.kmsKeyId?.includes(':key/')) {
      const alias = (await listAliases(ctx.aws)).find((a) => a.targetKeyId === keyId && !a.name.startsWith('alias/aws/'));
      if (alias && alias.name !== keyAlias && !(await describeKey(ctx.aws, keyAlias))) keyAlias = alias.name;
    }
  }
  return { names: { trail, bucket, keyAlias }, found };
}

function sameKey(value: string | undefined, key: KeyFacts | undefined, alias: string): boolean {
  if (!value || !key) return false;
  return value === key.arn || value === key.keyId || value === alias || value.endsWith(`:${alias}`);
}

function allPublicAccessBlocked(p: PublicAccessBlock | undefined): boolean {
  return !!p && p.blockPublicAcls && p.ignorePublicAcls && p.blockPublicPolicy && p.restrictPublicBuckets;
}

const MANAGEMENT_SELECTOR_NAME = 'Management events (aws-harden)';

function logsAllManagement(s: EventSelectors): boolean {
  const basic = s.basic.some(
    (e) => (e.IncludeManagementEvents ?? true) && (e.ReadWriteType ?? 'All') === 'All' && (e.ExcludeManagementEventSources ?? []).length === 0,
  );
  const advanced = s.advanced.some(
    (a) =>
      (a.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management')) &&
      (a.FieldSelectors ?? []).every((f) => f.Field === 'eventCategory'),
  );
  return basic || advanced;
}

function describeManagement(s: EventSelectors): string {
  if (logsAllManagement(s)) return 'all (read + write)';
  if (s.basic.length === 0 && s.advanced.length === 0) return 'none set';
  const mgmt = s.basic.find((e) => e.IncludeManagementEvents ?? true);
  if (mgmt?.ReadWriteType && mgmt.ReadWriteType !== 'All') return mgmt.ReadWriteType === 'ReadOnly' ? 'read-only' : 'write-only';
  if (mgmt) return 'some sources excluded';
  return 'not logged';
}

/**
 * The selectors to put when management events are not all logged. Data-event selectors already
 * there are kept (without management events); one selector for all management events is added.
 */
function wantedSelectors(s: EventSelectors): Pick<PutEventSelectorsCommandInput, 'EventSelectors' | 'AdvancedEventSelectors'> {
  if (s.advanced.length > 0 && s.basic.length === 0) {
    const isManagement = (a: AdvancedEventSelector) => (a.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management'));
    return {
      AdvancedEventSelectors: [...s.advanced.filter((a) => !isManagement(a)), { Name: MANAGEMENT_SELECTOR_NAME, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    };
  }
  const dataOnly: EventSelector[] = s.basic
    .filter((e) => (e.DataResources ?? []).length > 0)
    .map((e) => ({ ReadWriteType: e.ReadWriteType ?? 'All', IncludeManagementEvents: false, DataResources: e.DataResources ?? [] }));
  return { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }, ...dataOnly] };
}

type TrailAction =
  | { service: 'kms'; op: 'PutKeyPolicy'; input: PutKeyPolicyCommandInput; note: string }
  | { service: 's3'; op: 'CreateBucket'; input: CreateBucketCommandInput; note: string }
  | { service: 's3'; op: 'PutBucketAcl'; input: PutBucketAclCommandInput; note: string }
  | { service: 's3'; op: 'PutBucketOwnershipControls'; input: PutBucketOwnershipControlsCommandInput; note: string }
  | { service: 's3'; op: 'PutPublicAccessBlock'; input: PutPublicAccessBlockCommandInput; note: string }
  | { service: 's3'; op: 'PutBucketVersioning'; input: PutBucketVersioningCommandInput; note: string }
  | { service: 's3'; op: 'PutBucketEncryption'; input: PutBucketEncryptionCommandInput; note: string }
  | { service: 's3'; op: 'PutBucketPolicy'; input: PutBucketPolicyCommandInput; note: string }
  | { service: 'cloudtrail'; op: 'CreateTrail'; input: CreateTrailCommandInput; note: string }
  | { service: 'cloudtrail'; op: 'UpdateTrail'; input: UpdateTrailCommandInput; note: string }
  | { service: 'cloudtrail'; op: 'PutEventSelectors'; input: PutEventSelectorsCommandInput; note: string }
  | { service: 'cloudtrail'; op: 'StartLogging'; input: StartLoggingCommandInput; note: string };

const NEW_BUCKET: Extract<BucketFacts, { owner: 'ours' }> = {
  owner: 'ours',
  publicAccessBlock: undefined,
  ownership: 'BucketOwnerEnforced',
  aclGrantsOthers: false,
  versioning: undefined,
  encryption: undefined,
  policy: undefined,
};

/** The trail's ARN: the one AWS reports, or the one CreateTrail will give it. */
function arnOf(ctx: StepContext, ins: TrailInspection): string {
  return ins.trail?.arn ?? trailArn(scopeOf(ctx), ctx.region, ins.names.trail);
}

/** The key policy wanted for this trail, and the policy it would change (predicted when the key is not made yet). */
function keyPolicies(ctx: StepContext, ins: TrailInspection): { current: PolicyDocument | undefined; wanted: PolicyDocument } {
  // Without the key, predict the policy the kms-key step will give it.
  const current = ins.key ? ins.key.policy : wantedKeyPolicy(ctx, undefined);
  return { current, wanted: proposeKeyPolicy(current, scopeOf(ctx), [arnOf(ctx, ins)]) };
}

function bucketPolicies(ctx: StepContext, ins: TrailInspection, bucket: Extract<BucketFacts, { owner: 'ours' }>) {
  const scope = { ...scopeOf(ctx), bucket: ins.names.bucket, keyPrefix: ins.trail?.keyPrefix ?? '' };
  return { current: bucket.policy, wanted: proposeBucketPolicy(bucket.policy, scope, [arnOf(ctx, ins)]) };
}

/** The calls that take the inspected state to done, in the order they must run. Plan and apply both come from here. */
function actionsFor(ctx: StepContext, ins: TrailInspection): TrailAction[] {
  const { names } = ins;
  const Bucket = names.bucket;
  const keyArn = ins.key?.arn ?? keyPlaceholder(names.keyAlias);
  const actions: TrailAction[] = [];

  // 1. The key policy lets this trail use the key (before the trail exists: CreateTrail checks it).
  const kp = keyPolicies(ctx, ins);
  if (!samePolicy(kp.current, kp.wanted)) {
    actions.push({ service: 'kms', op: 'PutKeyPolicy', input: { KeyId: ins.key?.keyId ?? keyArn, PolicyName: 'default', Policy: policyText(kp.wanted) }, note: `lets trail ${names.trail} encrypt with the key; every other statement kept` });
  }

  // 2. The bucket, private and encrypted, with its policy (before the trail: CreateTrail checks it too).
  if (ins.bucket.owner === 'foreign') return actions;
  let bucket = ins.bucket;
  if (bucket.owner === 'missing') {
    actions.push({
      service: 's3',
      op: 'CreateBucket',
      input: {
        Bucket,
        ObjectOwnership: 'BucketOwnerEnforced',
        // us-east-1 takes no LocationConstraint; every other region needs it.
        ...(ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region as BucketLocationConstraint } }),
      },
      note: 'ACLs disabled from the start: the bucket owner owns every object',
    });
    bucket = NEW_BUCKET;
  }
  if (bucket.aclGrantsOthers && bucket.ownership !== 'BucketOwnerEnforced') {
    actions.push({ service: 's3', op: 'PutBucketAcl', input: { Bucket, ACL: 'private' }, note: 'the bucket ACL grants access to others; S3 refuses to disable ACLs until it is private' });
  }
  if (bucket.ownership !== 'BucketOwnerEnforced') {
    actions.push({ service: 's3', op: 'PutBucketOwnershipControls', input: { Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }, note: 'disables ACLs' });
  }
  if (!allPublicAccessBlocked(bucket.publicAccessBlock)) {
    actions.push({
      service: 's3',
      op: 'PutPublicAccessBlock',
      input: { Bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } },
      note: 'all four Block Public Access settings',
    });
  }
  if (bucket.versioning !== 'Enabled') {
    actions.push({ service: 's3', op: 'PutBucketVersioning', input: { Bucket, VersioningConfiguration: { Status: 'Enabled' } }, note: 'an overwritten or deleted log stays recoverable' });
  }
  const enc = bucket.encryption;
  if (!(enc && enc.algorithm === 'aws:kms' && enc.bucketKey && sameKey(enc.kmsKeyId, ins.key, names.keyAlias))) {
    actions.push({
      service: 's3',
      op: 'PutBucketEncryption',
      input: { Bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] } },
      note: `default encryption with ${names.keyAlias}; a bucket key keeps KMS requests (and cost) low`,
    });
  }
  const bp = bucketPolicies(ctx, ins, bucket);
  if (!samePolicy(bp.current, bp.wanted)) {
    actions.push({ service: 's3', op: 'PutBucketPolicy', input: { Bucket, Policy: policyText(bp.wanted) }, note: `only trail ${names.trail} may write; plain-HTTP access denied` });
  }

  // 3. The trail.
  const trail = ins.trail;
  if (trail && trail.homeRegion !== ctx.region) return actions;
  if (!trail) {
    actions.push({
      service: 'cloudtrail',
      op: 'CreateTrail',
      input: {
        Name: names.trail,
        S3BucketName: Bucket,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        KmsKeyId: keyArn,
        TagsList: [{ ...TRAIL_TAG }],
      },
      note: 'every region, global services (IAM, STS) included, digest files to prove logs untouched',
    });
    // AWS starts a new trail with exactly this selector; stated anyway, so the result does not depend on
    // a default (the emulator starts with none: moto/cloudtrail/models.py Trail.event_selectors).
    actions.push({ service: 'cloudtrail', op: 'PutEventSelectors', input: { TrailName: names.trail, ...wantedSelectors({ basic: [], advanced: [] }) }, note: 'all management events, read and write' });
    actions.push({ service: 'cloudtrail', op: 'StartLogging', input: { Name: names.trail }, note: 'a new trail does not log until started' });
    return actions;
  }
  const changes: Omit<UpdateTrailCommandInput, 'Name'> = {
    ...(trail.bucket !== Bucket ? { S3BucketName: Bucket } : {}),
    ...(!trail.multiRegion ? { IsMultiRegionTrail: true } : {}),
    ...(!trail.globalEvents ? { IncludeGlobalServiceEvents: true } : {}),
    ...(!trail.logFileValidation ? { EnableLogFileValidation: true } : {}),
    ...(!sameKey(trail.kmsKeyId, ins.key, names.keyAlias) ? { KmsKeyId: keyArn } : {}),
  };
  if (Object.keys(changes).length > 0) {
    actions.push({ service: 'cloudtrail', op: 'UpdateTrail', input: { Name: names.trail, ...changes }, note: 'only the settings that fall short' });
  }
  if (!logsAllManagement(trail.selectors)) {
    actions.push({ service: 'cloudtrail', op: 'PutEventSelectors', input: { TrailName: names.trail, ...wantedSelectors(trail.selectors) }, note: 'all management events, read and write; data-event selectors kept' });
  }
  if (!trail.logging) actions.push({ service: 'cloudtrail', op: 'StartLogging', input: { Name: names.trail }, note: 'the trail exists but is not logging' });
  return actions;
}

function toPlannedCall(a: TrailAction): PlannedCall {
  return { service: a.service, operation: a.op, params: { ...a.input }, note: a.note };
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

function tableFor(ctx: StepContext, ins: TrailInspection): ComparisonTable {
  const { names, key, trail } = ins;
  const b = ins.bucket.owner === 'ours' ? ins.bucket : undefined;
  const t = trail && trail.homeRegion === ctx.region ? trail : undefined;
  const row = (label: string, current: string, proposed: string) => ({ label, current, proposed, changes: current !== proposed });
  const bpa = (p: PublicAccessBlock | undefined) => {
    if (!p) return 'not set';
    const on = [p.blockPublicAcls, p.ignorePublicAcls, p.blockPublicPolicy, p.restrictPublicBuckets].filter(Boolean).length;
    return on === 4 ? 'all 4 on' : `${on} of 4 on`;
  };
  const encryption = (e: BucketEncryption | undefined) => {
    if (!e) return 'none / SSE-S3';
    if (e.algorithm !== 'aws:kms') return e.algorithm === 'AES256' ? 'SSE-S3' : e.algorithm;
    return `SSE-KMS ${sameKey(e.kmsKeyId, key, names.keyAlias) ? names.keyAlias : (e.kmsKeyId ?? 'aws/s3')}${e.bucketKey ? '' : ', no bucket key'}`;
  };
  const bucketPolicy = () => {
    if (!b) return '—';
    const gaps = bucketPolicyGaps(b.policy, bucketPolicies(ctx, ins, b).wanted);
    return gaps.length === 0 ? 'CloudTrail only, TLS only' : gaps.join('; ');
  };
  const keyPolicyOk = () => {
    const kp = keyPolicies(ctx, ins);
    return key ? yesNo(samePolicy(kp.current, kp.wanted)) : '—';
  };
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      row('KMS key', key ? `${names.keyAlias} (${key.state.toLowerCase()})` : `${names.keyAlias} (not made yet)`, `${names.keyAlias} (enabled)`),
      row('key policy allows trail', keyPolicyOk(), 'yes'),
      row(
        'log bucket',
        ins.bucket.owner === 'ours' ? names.bucket : ins.bucket.owner === 'missing' ? '—' : `${names.bucket} (another account's)`,
        ins.bucket.owner === 'foreign' ? (ins.suggestion ?? 'another name') : names.bucket,
      ),
      row('block public access', b ? bpa(b.publicAccessBlock) : '—', 'all 4 on'),
      row('ACLs', b ? (b.ownership === 'BucketOwnerEnforced' ? 'disabled' : `enabled (${b.ownership ?? 'ObjectWriter'})`) : '—', 'disabled'),
      row('versioning', b ? (b.versioning ?? 'off').toLowerCase() : '—', 'enabled'),
      row('default encryption', b ? encryption(b.encryption) : '—', `SSE-KMS ${names.keyAlias}`),
      row('bucket policy', bucketPolicy(), 'CloudTrail only, TLS only'),
      row('trail', trail ? (t ? names.trail : `${names.trail} (home ${trail.homeRegion})`) : '—', names.trail),
      row('all regions', t ? yesNo(t.multiRegion) : '—', 'yes'),
      row('global service events', t ? yesNo(t.globalEvents) : '—', 'yes'),
      row('log file validation', t ? yesNo(t.logFileValidation) : '—', 'yes'),
      row('trail encryption', t ? (sameKey(t.kmsKeyId, key, names.keyAlias) ? names.keyAlias : (t.kmsKeyId ?? 'SSE-S3')) : '—', names.keyAlias),
      row('trail bucket', t ? t.bucket : '—', names.bucket),
      row('management events', t ? describeManagement(t.selectors) : '—', 'all (read + write)'),
      row('logging', t ? yesNo(t.logging) : '—', 'yes'),
    ],
  };
}

function takenMessage(bucket: string): string {
  return `The S3 bucket name "${bucket}" belongs to another AWS account (bucket names are global).`;
}

function takenRemedy(suggestion: string): string {
  return `Run again and answer another bucket name, e.g. "${suggestion}" (headless: --config '{"cloudtrail":{"bucket":"${suggestion}"}}').`;
}

/** Why apply cannot go ahead, or undefined. Checked before any change. */
function stopReason(ctx: StepContext, ins: TrailInspection): OperatorError | undefined {
  const { names } = ins;
  if (ins.trail && ins.trail.homeRegion !== ctx.region) {
    return new OperatorError('aws', `The trail "${names.trail}" belongs to region ${ins.trail.homeRegion}, and is only changed from there.`,
      `Run aws-harden with --region ${ins.trail.homeRegion}, or answer another trail name.`, ExitCode.StepFailed);
  }
  if (ins.bucket.owner === 'foreign') return new OperatorError('aws', takenMessage(names.bucket), takenRemedy(ins.suggestion ?? suggestBucketName(names.bucket)), ExitCode.StepFailed);
  if (!ins.key) {
    return new OperatorError('aws', `The KMS key ${names.keyAlias} does not exist, so the trail's logs cannot be encrypted with it.`,
      'Run the kms-key step first (it comes before this one), or answer the alias of an existing key.', ExitCode.StepFailed);
  }
  if (ins.key.state !== 'Enabled') {
    return new OperatorError('aws', `The KMS key ${names.keyAlias} is ${ins.key.state}; CloudTrail cannot encrypt with it.`,
      'Run the kms-key step first: it enables the key (and cancels a scheduled deletion).', ExitCode.StepFailed);
  }
  return undefined;
}

export function findingFor(ctx: StepContext, ins: TrailInspection): Finding<TrailInspection> {
  const { names, key, trail } = ins;
  const table = tableFor(ctx, ins);
  if (trail && trail.homeRegion !== ctx.region) {
    return { status: 'blocked', summary: `Trail ${names.trail} belongs to region ${trail.homeRegion}; run aws-harden with --region ${trail.homeRegion} to manage it.`, table, data: ins };
  }
  const actions = actionsFor(ctx, ins);
  if (actions.length === 0 && key?.state === 'Enabled' && ins.bucket.owner === 'ours') {
    return {
      status: 'done',
      summary: `Trail ${names.trail} logs all management events in every region, validated and encrypted with ${names.keyAlias}, into private bucket ${names.bucket}.`,
      table,
      data: ins,
    };
  }
  const problems: string[] = [];
  if (!key) problems.push(`the KMS key ${names.keyAlias} does not exist yet (the kms-key step makes it first)`);
  else if (key.state !== 'Enabled') problems.push(`the KMS key ${names.keyAlias} is ${key.state} (the kms-key step fixes it)`);
  if (ins.bucket.owner === 'foreign') problems.push(`bucket name ${names.bucket} belongs to another account: pick another, e.g. ${ins.suggestion ?? ''}`);
  else if (ins.bucket.owner === 'missing') problems.push(`bucket ${names.bucket} does not exist`);
  else {
    const changing = table.rows.filter((r) => r.changes && ['block public access', 'ACLs', 'versioning', 'default encryption', 'bucket policy'].includes(r.label));
    if (changing.length) problems.push(`bucket ${names.bucket}: ${changing.map((r) => `${r.label} ${r.current}`).join(', ')}`);
  }
  if (!trail) problems.push(`trail ${names.trail} does not exist`);
  else {
    const weak = table.rows.filter((r) => r.changes && ['all regions', 'global service events', 'log file validation', 'trail encryption', 'trail bucket', 'management events', 'logging'].includes(r.label));
    if (weak.length) problems.push(`trail ${names.trail}: ${weak.map((r) => `${r.label} ${r.current}`).join(', ')}`);
  }
  if (key && actions.some((a) => a.op === 'PutKeyPolicy')) problems.push(`the key policy does not name trail ${names.trail} yet`);
  return { status: 'todo', summary: `${problems.join('; ')}.`, table, data: ins };
}

function namesOf(answers: Answers, fallback: TrailNames): TrailNames {
  return {
    trail: (answers.trail ?? fallback.trail).trim(),
    bucket: (answers.bucket ?? fallback.bucket).trim(),
    keyAlias: (answers.keyAlias ?? fallback.keyAlias).trim(),
  };
}

function sameNames(a: TrailNames, b: TrailNames): boolean {
  return a.trail === b.trail && a.bucket === b.bucket && a.keyAlias === b.keyAlias;
}

/** CloudTrail checks the bucket and key policies on Create/UpdateTrail; a just-written policy may take a moment to be seen. */
const POLICY_NOT_SEEN = ['InsufficientS3BucketPolicyException', 'InsufficientEncryptionPolicyException'];
const POLICY_RETRY_DELAYS_MS = [2_000, 4_000, 8_000];

async function retryingPolicyChecks(run: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const delay = POLICY_RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isAwsError(e, ...POLICY_NOT_SEEN)) throw e;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export const cloudtrailStep = defineStep<TrailInspection>({
  id: 'cloudtrail',
  title: 'CloudTrail',
  why: 'A multi-region trail records every API call in the account, tamper-evident and encrypted, in a bucket nobody outside can read.',

  configKeys: { trail: validateTrailName, bucket: validateBucketName, keyAlias: validateAlias },

  async check(ctx) {
    const { names, found } = await checkNames(ctx);
    return findingFor(ctx, await inspectTrail(ctx, names, found));
  },

  questions(ctx, finding): Question[] {
    const names = finding.data?.names ?? { trail: DEFAULT_TRAIL_NAME, bucket: defaultBucketName(ctx.identity.account, ctx.region), keyAlias: DEFAULT_KEY_ALIAS };
    return [
      { kind: 'text', id: 'trail', prompt: 'Trail name', default: names.trail, validate: validateTrailName },
      {
        kind: 'text',
        id: 'bucket',
        prompt: 'S3 bucket for the logs',
        default: finding.data?.suggestion ?? names.bucket,
        help: finding.data?.suggestion
          ? `"${names.bucket}" belongs to another AWS account (bucket names are global); this free-looking name is proposed instead.`
          : 'Bucket names are global across all AWS accounts. An existing bucket of yours is fixed up (private, versioned, encrypted), never emptied.',
        validate: validateBucketName,
      },
      { kind: 'text', id: 'keyAlias', prompt: 'KMS key alias (from the KMS key step)', default: names.keyAlias, validate: validateAlias },
    ];
  },

  plan(ctx, finding, answers) {
    const checked = finding.data;
    const names = namesOf(answers, checked?.names ?? { trail: DEFAULT_TRAIL_NAME, bucket: defaultBucketName(ctx.identity.account, ctx.region), keyAlias: DEFAULT_KEY_ALIAS });
    if (checked && sameNames(checked.names, names)) return actionsFor(ctx, checked).map(toPlannedCall);
    // Names other than the ones checked: shown as for new resources; apply reads them first and makes only the calls still needed.
    const fresh: TrailInspection = { names, key: checked?.names.keyAlias === names.keyAlias ? checked.key : undefined, bucket: { owner: 'missing' }, trail: undefined };
    return actionsFor(ctx, fresh).map((a) => ({ ...toPlannedCall(a), note: `${a.note} (if still needed: apply reads the current state first)` }));
  },

  async apply(ctx, finding, answers) {
    // Read again: the answers may name other resources than the check did, and the kms-key step may have run since.
    const fallback = finding.data?.names ?? { trail: DEFAULT_TRAIL_NAME, bucket: defaultBucketName(ctx.identity.account, ctx.region), keyAlias: DEFAULT_KEY_ALIAS };
    const ins = await inspectTrail(ctx, namesOf(answers, fallback));
    const stop = stopReason(ctx, ins);
    if (stop) throw stop;
    const aws = ctx.aws;
    for (const a of actionsFor(ctx, ins)) {
      switch (a.op) {
        case 'PutKeyPolicy':
          await putKeyPolicy(aws, a.input);
          break;
        case 'CreateBucket':
          if (!(await createBucket(aws, a.input))) {
            throw new OperatorError('aws', takenMessage(ins.names.bucket), takenRemedy(suggestBucketName(ins.names.bucket)), ExitCode.StepFailed);
          }
          break;
        case 'PutBucketAcl':
          await putBucketAcl(aws, a.input);
          break;
        case 'PutBucketOwnershipControls':
          await putOwnershipControls(aws, a.input);
          break;
        case 'PutPublicAccessBlock':
          await putPublicAccessBlock(aws, a.input);
          break;
        case 'PutBucketVersioning':
          await putVersioning(aws, a.input);
          break;
        case 'PutBucketEncryption':
          await putEncryption(aws, a.input);
          break;
        case 'PutBucketPolicy':
          await putBucketPolicy(aws, a.input);
          break;
        case 'CreateTrail': {
          const input = a.input;
          await retryingPolicyChecks(() => createTrail(aws, input));
          break;
        }
        case 'UpdateTrail': {
          const input = a.input;
          await retryingPolicyChecks(() => updateTrail(aws, input));
          break;
        }
        case 'PutEventSelectors':
          await putEventSelectors(aws, a.input);
          break;
        case 'StartLogging':
          await startLogging(aws, a.input);
          break;
        default: {
          const never: never = a;
          throw new Error(`unhandled action ${JSON.stringify(never)}`);
        }
      }
    }
  },

  /** Done only for the names the operator chose, everything read back. */
  async verify(ctx, answers) {
    const names = namesOf(answers, { trail: DEFAULT_TRAIL_NAME, bucket: defaultBucketName(ctx.identity.account, ctx.region), keyAlias: DEFAULT_KEY_ALIAS });
    return findingFor(ctx, await inspectTrail(ctx, names));
  },
});
