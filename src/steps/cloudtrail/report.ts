/** What the operator sees: the comparison table, the one-line finding, and why apply cannot go ahead. */
import type { BucketEncryption, PublicAccessBlock } from '../../aws/s3.js';
import { ExitCode, OperatorError } from '../../errors.js';
import { bucketPolicyGaps, samePolicy } from '../policies/index.js';
import type { ComparisonTable, Finding, StepContext } from '../types.js';
import { actionsFor, bucketPolicies, keyPolicies, sameKey, takenMessage, takenRemedy } from './actions.js';
import { coverageFinding, regionMismatch } from './coverage.js';
import type { TrailInspection } from './inspect.js';
import { suggestBucketName } from './names.js';
import { describeManagement } from './selectors.js';

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

/** The key's region against the bucket's: the bucket's own, or (a bucket still to make) this region. */
function ownRegionMismatch(ctx: StepContext, ins: TrailInspection): OperatorError | undefined {
  if (!ins.key || ins.bucket.owner === 'foreign') return undefined;
  return regionMismatch(ins.names.keyAlias, ins.key.arn, ins.names.bucket, ins.bucket.owner === 'ours' ? ins.bucket.region : ctx.region);
}

/** Why apply cannot go ahead with aws-harden's own trail, or undefined. Checked before any change. */
export function stopReason(ctx: StepContext, ins: TrailInspection): OperatorError | undefined {
  const { names } = ins;
  if (ins.trail && ins.trail.homeRegion !== ctx.region) {
    return new OperatorError(
      'aws',
      `The trail "${names.trail}" belongs to region ${ins.trail.homeRegion}, and is only changed from there.`,
      `Run aws-harden with --region ${ins.trail.homeRegion}, or answer another trail name.`,
      ExitCode.StepFailed,
    );
  }
  if (ins.bucket.owner === 'foreign') return new OperatorError('aws', takenMessage(names.bucket), takenRemedy(ins.suggestion ?? suggestBucketName(names.bucket)), ExitCode.StepFailed);
  if (!ins.key) {
    return new OperatorError(
      'aws',
      `The KMS key ${names.keyAlias} does not exist, so the trail's logs cannot be encrypted with it.`,
      'Run the kms-key step first (it comes before this one), or answer the alias of an existing key.',
      ExitCode.StepFailed,
    );
  }
  if (ins.key.state !== 'Enabled') {
    return new OperatorError(
      'aws',
      `The KMS key ${names.keyAlias} is ${ins.key.state}; CloudTrail cannot encrypt with it.`,
      'Run the kms-key step first: it enables the key (and cancels a scheduled deletion).',
      ExitCode.StepFailed,
    );
  }
  return ownRegionMismatch(ctx, ins);
}

/** The finding: another trail's coverage when aws-harden's own trail does not exist, else the own trail's state. */
export function findingFor(ctx: StepContext, ins: TrailInspection): Finding<TrailInspection> {
  if (ins.coverage) return coverageFinding(ctx, ins, ins.coverage);
  const { names, key, trail } = ins;
  const table = tableFor(ctx, ins);
  if (trail && trail.homeRegion !== ctx.region) {
    return { status: 'blocked', summary: `Trail ${names.trail} belongs to region ${trail.homeRegion}; run aws-harden with --region ${trail.homeRegion} to manage it.`, table, data: ins };
  }
  const mismatch = ownRegionMismatch(ctx, ins);
  const actions = actionsFor(ctx, ins);
  if (actions.length === 0 && key?.state === 'Enabled' && ins.bucket.owner === 'ours' && !mismatch) {
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
  if (mismatch) problems.push(mismatch.message.replace(/\.$/, ''));
  if (ins.bucket.owner === 'foreign') problems.push(`bucket name ${names.bucket} belongs to another account: pick another, e.g. ${ins.suggestion ?? ''}`);
  else if (ins.bucket.owner === 'missing') problems.push(`bucket ${names.bucket} does not exist`);
  else {
    const changing = table.rows.filter((r) => r.changes && ['block public access', 'ACLs', 'versioning', 'default encryption', 'bucket policy'].includes(r.label));
    if (changing.length) problems.push(`bucket ${names.bucket}: ${changing.map((r) => `${r.label} ${r.current}`).join(', ')}`);
  }
  if (!trail) problems.push(`trail ${names.trail} does not exist`);
  else {
    const weak = table.rows.filter(
      (r) => r.changes && ['all regions', 'global service events', 'log file validation', 'trail encryption', 'trail bucket', 'management events', 'logging'].includes(r.label),
    );
    if (weak.length) problems.push(`trail ${names.trail}: ${weak.map((r) => `${r.label} ${r.current}`).join(', ')}`);
  }
  if (key && actions.some((a) => a.op === 'PutKeyPolicy')) problems.push(`the key policy does not name trail ${names.trail} yet`);
  // A sentence: its first problem starts it with a capital ("The KMS key …").
  const sentence = problems.join('; ');
  return { status: 'todo', summary: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`, table, data: ins };
}
