/**
 * trail-bucket-logging: S3 server access logging of the CloudTrail bucket (the CIS control "S3 bucket
 * access logging is enabled on the CloudTrail S3 bucket"), into a second bucket locked down like the
 * trail's: Block Public Access, ACLs disabled, versioning, SSE-S3 (the only default encryption log
 * delivery writes with), and a bucket policy that lets only the S3 logging service put objects, for
 * this trail bucket of this account (aws:SourceArn, aws:SourceAccount), and denies plain HTTP.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 *
 * The log bucket is in the trail bucket's region (S3 refuses a target elsewhere). A trail bucket that
 * already logs into another bucket is left as it is: that is the operator's log bucket. Free apart from
 * the S3 storage of the logs.
 */
import { plannedCalls } from '../../aws/actions/index.js';
import { ExitCode, OperatorError } from '../../errors.js';
import { answerOf } from '../answers.js';
import { takenMessage } from '../cloudtrail/actions.js';
import { validateBucketName } from '../cloudtrail/names.js';
import { defineStep, type Answers, type Question } from '../types.js';
import { runAction } from '../../aws/actions/index.js';
import { actionsFor } from './actions.js';
import { defaultLogBucketName, inspectLogging, trailBucket, type LoggingInspection } from './inspect.js';
import { findingFor, stopReason } from './report.js';

export { defaultLogBucketName, logPrefix, type LoggingInspection } from './inspect.js';

function targetOf(answers: Answers, source: string): string {
  return (answers.bucket ?? defaultLogBucketName(source)).trim();
}

export const trailBucketLoggingStep = defineStep<LoggingInspection>({
  id: 'trail-bucket-logging',
  // The trail's bucket is the cloudtrail step's.
  dependsOn: ['cloudtrail'],
  title: 'Trail S3 logging',
  why: "A log of every request to the trail's bucket shows who read or tried to remove the audit trail itself.",

  configKeys: { bucket: validateBucketName },

  async check(ctx) {
    const source = await trailBucket(ctx);
    return findingFor(ctx, await inspectLogging(ctx, source, answerOf(ctx, 'trail-bucket-logging', 'bucket', validateBucketName) ?? defaultLogBucketName(source)));
  },

  questions(_ctx, finding): Question[] {
    const ins = finding.data;
    if (!ins) return [];
    return [
      {
        kind: 'text',
        id: 'bucket',
        prompt: 'S3 bucket for the access logs',
        default: ins.suggestion ?? ins.target,
        help: ins.suggestion
          ? `"${ins.target}" belongs to another AWS account (bucket names are global); this free-looking name is proposed instead.`
          : `Made in the trail bucket's region; an existing bucket of yours there is locked down (private, versioned), never emptied.`,
        validate: validateBucketName,
      },
    ];
  },

  /** Another log bucket than the one checked: read it, so the sentence, table and calls are about it. */
  async recheck(ctx, finding, answers) {
    const ins = finding.data;
    if (!ins) return finding;
    const target = targetOf(answers, ins.source);
    return target === ins.target ? finding : findingFor(ctx, await inspectLogging(ctx, ins.source, target));
  },

  plan(ctx, finding, answers) {
    const ins = finding.data;
    if (!ins) return [];
    const target = targetOf(answers, ins.source);
    if (target === ins.target) return plannedCalls(actionsFor(ctx, ins));
    return plannedCalls(actionsFor(ctx, { ...ins, target, targetBucket: { owner: 'missing' } })).map((c) => ({ ...c, note: `${c.note ?? ''} (if still needed: apply reads the current state first)` }));
  },

  async apply(ctx, finding, answers) {
    // Read again: the cloudtrail step may have made the trail bucket since the check.
    const source = finding.data?.source ?? (await trailBucket(ctx));
    const ins = await inspectLogging(ctx, source, targetOf(answers, source));
    const stop = stopReason(ctx, ins);
    if (stop) throw stop;
    for (const a of actionsFor(ctx, ins)) {
      if (a.op === 'CreateBucket') {
        if (!(await runAction(ctx.aws, a))) throw new OperatorError('aws', takenMessage(ins.target), 'Run again and answer another log bucket name.', ExitCode.StepFailed);
      } else await runAction(ctx.aws, a);
    }
  },

  /** Done only for the log bucket the operator chose, both buckets read back. */
  async verify(ctx, answers) {
    const source = await trailBucket(ctx);
    return findingFor(ctx, await inspectLogging(ctx, source, targetOf(answers, source)));
  },
});
