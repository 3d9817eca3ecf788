/** What the operator sees: the comparison table, the one-line finding, and why apply cannot go ahead. */
import { ExitCode, OperatorError } from '../../errors.js';
import { allPublicAccessBlocked, takenMessage } from '../cloudtrail/actions.js';
import { configHint } from '../../config.js';
import { accessLogPolicyGaps } from '../policies/index.js';
import type { ComparisonTable, Finding, StepContext } from '../types.js';
import { actionsFor, elsewhere, encryptedForLogs, regionOf, wantedPolicy } from './actions.js';
import { logPrefix, type LoggingInspection } from './inspect.js';
import { suggestBucketName } from '../cloudtrail/names.js';

const LOCKED = 'S3 log delivery only, TLS only';

function tableFor(ctx: StepContext, ins: LoggingInspection): ComparisonTable {
  const b = ins.targetBucket.owner === 'ours' ? ins.targetBucket : undefined;
  const row = (label: string, current: string, proposed: string) => ({ label, current, proposed, changes: current !== proposed });
  const logging = ins.sourceBucket.owner === 'ours' ? ins.sourceBucket.logging : undefined;
  const policy = () => {
    if (!b) return '—';
    const gaps = accessLogPolicyGaps(b.policy, wantedPolicy(ctx, ins, b.policy));
    return gaps.length === 0 ? LOCKED : gaps.join('; ');
  };
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      row(
        'log bucket',
        b ? `${ins.target} (${b.region})` : ins.targetBucket.owner === 'foreign' ? `${ins.target} (another account's)` : '—',
        `${ins.targetBucket.owner === 'foreign' ? (ins.suggestion ?? 'another name') : ins.target} (${regionOf(ctx, ins)})`,
      ),
      row('block public access', b ? (allPublicAccessBlocked(b.publicAccessBlock) ? 'all 4 on' : 'not all on') : '—', 'all 4 on'),
      row('ACLs', b ? (b.ownership === 'BucketOwnerEnforced' ? 'disabled' : 'enabled') : '—', 'disabled'),
      row('versioning', b ? (b.versioning ?? 'off').toLowerCase() : '—', 'enabled'),
      row('default encryption', b ? (encryptedForLogs(b) ? 'SSE-S3' : (b.encryption?.algorithm ?? 'none')) : '—', 'SSE-S3'),
      row('bucket policy', policy(), LOCKED),
      row(`access logging of ${ins.source}`, logging ? `into ${logging.targetBucket}/${logging.targetPrefix}` : 'off', `into ${ins.target}/${logPrefix(ins.source)}`),
    ],
  };
}

/** Why apply cannot go ahead, or undefined. Checked before any change. */
export function stopReason(ctx: StepContext, ins: LoggingInspection): OperatorError | undefined {
  if (ins.sourceBucket.owner !== 'ours') {
    return new OperatorError(
      'aws',
      ins.sourceBucket.owner === 'missing' ? `The trail bucket ${ins.source} does not exist.` : `The trail bucket ${ins.source} belongs to another AWS account.`,
      'Run the cloudtrail step first (it comes before this one).',
      ExitCode.StepFailed,
    );
  }
  if (ins.targetBucket.owner === 'foreign') {
    const suggestion = ins.suggestion ?? suggestBucketName(ins.target);
    return new OperatorError(
      'aws',
      takenMessage(ins.target),
      `Run again and answer another log bucket name, e.g. "${suggestion}" (with --yes: ${configHint('trail-bucket-logging', { bucket: suggestion })}).`,
      ExitCode.StepFailed,
    );
  }
  if (ins.targetBucket.owner === 'ours' && ins.targetBucket.region !== regionOf(ctx, ins)) {
    return new OperatorError(
      'aws',
      `The log bucket ${ins.target} is in ${ins.targetBucket.region}, the trail bucket in ${regionOf(ctx, ins)}; S3 delivers access logs only within one region.`,
      `Run again and answer another log bucket name (a new one is made in ${regionOf(ctx, ins)}).`,
      ExitCode.StepFailed,
    );
  }
  return undefined;
}

export function findingFor(ctx: StepContext, ins: LoggingInspection): Finding<LoggingInspection> {
  const { source, target } = ins;
  const data = ins;
  if (ins.sourceBucket.owner === 'missing') {
    return {
      status: 'blocked',
      summary: `The trail bucket ${source} does not exist yet (the cloudtrail step makes it).`,
      data,
      waitsFor: {
        step: 'cloudtrail',
        then: `Would make log bucket ${target} (private, versioned, SSE-S3, only S3 log delivery may write) and log every request to ${source} into it`,
        preview: `in this preview the trail bucket ${source} is not made`,
      },
    };
  }
  if (ins.sourceBucket.owner === 'foreign') return { status: 'blocked', summary: `The trail bucket ${source} belongs to another AWS account; its access logging is set up there.`, data };
  const other = elsewhere(ins);
  if (other) return { status: 'done', summary: `Every request to trail bucket ${source} is already logged, into ${other} (kept as it is).`, data };
  const table = tableFor(ctx, ins);
  const stop = stopReason(ctx, ins);
  if (!stop && actionsFor(ctx, ins).length === 0) {
    return { status: 'done', summary: `Every request to trail bucket ${source} is logged into private bucket ${target}.`, table, data };
  }
  const problems: string[] = [];
  if (stop) problems.push(stop.message.replace(/\.$/, ''));
  else if (ins.targetBucket.owner === 'missing') problems.push(`log bucket ${target} does not exist`);
  else {
    const changing = table.rows.filter((r) => r.changes && !r.label.startsWith('access logging') && r.label !== 'log bucket');
    if (changing.length) problems.push(`log bucket ${target}: ${changing.map((r) => `${r.label} ${r.current}`).join(', ')}`);
  }
  if (ins.sourceBucket.logging === undefined) problems.push(`access logging of trail bucket ${source} is off`);
  const sentence = problems.join('; ');
  return { status: 'todo', summary: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`, table, data };
}
