/**
 * The calls that take the inspected state to done, in the order they must run, and running them.
 * Plan and apply both come from `actionsFor` (or, for a trail that already covers the account,
 * `adoptActions` in coverage.ts), so the screen and the calls cannot disagree.
 */
import { runAction, type CloudTrailAction, type KmsAction, type S3Action, type TrailChanges } from '../../aws/actions/index.js';
import type { PublicAccessBlock } from '../../aws/s3.js';
import { ExitCode, OperatorError } from '../../errors.js';
import { scopeOf, wantedKeyPolicy, type KeyFacts } from '../kms-key/index.js';
import { policyText, proposeBucketPolicy, proposeKeyPolicy, samePolicy, trailArn, type PolicyDocument } from '../policies/index.js';
import type { StepContext } from '../types.js';
import type { BucketFacts, TrailInspection } from './inspect.js';
import { TRAIL_TAG, keyPlaceholder } from './names.js';
import { logsAllManagement, wantedSelectors } from './selectors.js';
import { configHint } from '../../config.js';

/** What the cloudtrail step may do: the key policy, the bucket, the trail. */
export type TrailAction = KmsAction | S3Action | CloudTrailAction;

type OurBucket = Extract<BucketFacts, { owner: 'ours' }>;

export function sameKey(value: string | undefined, key: KeyFacts | undefined, alias: string): boolean {
  if (!value || !key) return false;
  return value === key.arn || value === key.keyId || value === alias || value.endsWith(`:${alias}`);
}

export function allPublicAccessBlocked(p: PublicAccessBlock | undefined): boolean {
  return !!p && p.blockPublicAcls && p.ignorePublicAcls && p.blockPublicPolicy && p.restrictPublicBuckets;
}

/** The trail's ARN: the one AWS reports, or the one CreateTrail will give it. */
function arnOf(ctx: StepContext, ins: TrailInspection): string {
  return ins.trail?.arn ?? trailArn(scopeOf(ctx), ctx.region, ins.names.trail);
}

/** The key policy wanted for `arn`, and the policy it would change (predicted when the key is not made yet). */
export function keyPolicies(ctx: StepContext, ins: TrailInspection, arn = arnOf(ctx, ins)): { current: PolicyDocument | undefined; wanted: PolicyDocument } {
  // Without the key, predict the policy the kms-key step will give it.
  const current = ins.key ? ins.key.policy : wantedKeyPolicy(ctx, undefined);
  return { current, wanted: proposeKeyPolicy(current, scopeOf(ctx), [arn]) };
}

export function bucketPolicies(ctx: StepContext, ins: TrailInspection, bucket: OurBucket) {
  const scope = { ...scopeOf(ctx), bucket: ins.names.bucket, keyPrefix: ins.trail?.keyPrefix ?? '' };
  return { current: bucket.policy, wanted: proposeBucketPolicy(bucket.policy, scope, [arnOf(ctx, ins)]) };
}

/** PutKeyPolicy when the key policy does not yet let trail `arn` use the key (CreateTrail/UpdateTrail check it). */
export function keyPolicyAction(ctx: StepContext, ins: TrailInspection, trailName: string, arn?: string): TrailAction | undefined {
  const kp = keyPolicies(ctx, ins, arn);
  if (samePolicy(kp.current, kp.wanted)) return undefined;
  const keyArn = ins.key?.arn ?? keyPlaceholder(ins.names.keyAlias);
  return {
    service: 'kms',
    op: 'PutKeyPolicy',
    input: { KeyId: ins.key?.keyId ?? keyArn, PolicyName: 'default', Policy: policyText(kp.wanted) },
    note: `lets trail ${trailName} encrypt with the key; every other statement kept`,
  };
}

function newBucket(region: string): OurBucket {
  return { owner: 'ours', region, publicAccessBlock: undefined, ownership: 'BucketOwnerEnforced', aclGrantsOthers: false, versioning: undefined, encryption: undefined, policy: undefined };
}

/** The bucket, private and encrypted, with its policy (before the trail: CreateTrail checks it too). */
function bucketActions(ctx: StepContext, ins: TrailInspection): TrailAction[] {
  const { names } = ins;
  const Bucket = names.bucket;
  const keyArn = ins.key?.arn ?? keyPlaceholder(names.keyAlias);
  if (ins.bucket.owner === 'foreign') return [];
  const actions: TrailAction[] = [];
  let bucket = ins.bucket;
  if (bucket.owner === 'missing') {
    actions.push({
      service: 's3',
      op: 'CreateBucket',
      input: {
        Bucket,
        ObjectOwnership: 'BucketOwnerEnforced',
        // us-east-1 takes no LocationConstraint; every other region needs it.
        ...(ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region } }),
      },
      note: 'ACLs disabled from the start: the bucket owner owns every object',
    });
    bucket = newBucket(ctx.region);
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
  return actions;
}

/** aws-harden's own trail: key policy, bucket, then the trail. */
export function actionsFor(ctx: StepContext, ins: TrailInspection): TrailAction[] {
  const { names } = ins;
  const Bucket = names.bucket;
  const keyArn = ins.key?.arn ?? keyPlaceholder(names.keyAlias);
  const actions: TrailAction[] = [];
  // 1. The key policy lets this trail use the key (before the trail exists: CreateTrail checks it).
  const kp = keyPolicyAction(ctx, ins, names.trail);
  if (kp) actions.push(kp);
  // 2. The bucket.
  actions.push(...bucketActions(ctx, ins));
  if (ins.bucket.owner === 'foreign') return actions;

  // 3. The trail.
  const trail = ins.trail;
  if (trail && trail.homeRegion !== ctx.region) return actions;
  if (!trail) {
    actions.push({
      service: 'cloudtrail',
      op: 'CreateTrail',
      input: { Name: names.trail, S3BucketName: Bucket, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true, KmsKeyId: keyArn, TagsList: [{ ...TRAIL_TAG }] },
      note: 'every region, global services (IAM, STS) included, digest files to prove logs untouched',
    });
    // AWS starts a new trail with exactly this selector; stated anyway, so the result does not depend on
    // a default (the emulator starts with none: moto/cloudtrail/models.py Trail.event_selectors).
    actions.push({ service: 'cloudtrail', op: 'PutEventSelectors', input: { TrailName: names.trail, ...wantedSelectors({ basic: [], advanced: [] }) }, note: 'all management events, read and write' });
    actions.push({ service: 'cloudtrail', op: 'StartLogging', input: { Name: names.trail }, note: 'a new trail does not log until started' });
    return actions;
  }
  const changes: TrailChanges = {
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
    actions.push({
      service: 'cloudtrail',
      op: 'PutEventSelectors',
      input: { TrailName: names.trail, ...wantedSelectors(trail.selectors) },
      note: 'all management events, read and write; data-event selectors kept',
    });
  }
  if (!trail.logging) actions.push({ service: 'cloudtrail', op: 'StartLogging', input: { Name: names.trail }, note: 'the trail exists but is not logging' });
  return actions;
}

export function takenMessage(bucket: string): string {
  return `The S3 bucket name "${bucket}" belongs to another AWS account (bucket names are global).`;
}

export function takenRemedy(suggestion: string): string {
  return `Run again and answer another bucket name, e.g. "${suggestion}" (with --yes: ${configHint('cloudtrail', { bucket: suggestion })}).`;
}

/**
 * Makes the calls, in order. CreateBucket answers false when the name is another account's (bucket
 * names are global): said in the step's words, with a free name to try.
 */
export async function runActions(ctx: StepContext, ins: TrailInspection, actions: readonly TrailAction[], suggest: () => string): Promise<void> {
  for (const a of actions) {
    if (a.op === 'CreateBucket') {
      if (!(await runAction(ctx.aws, a))) throw new OperatorError('aws', takenMessage(ins.names.bucket), takenRemedy(suggest()), ExitCode.StepFailed);
    } else await runAction(ctx.aws, a);
  }
}
