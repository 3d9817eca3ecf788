/**
 * cloudtrail: a multi-region trail with log-file validation, encrypted with the kms-key step's key,
 * delivering into a private S3 bucket (Block Public Access, ACLs disabled, versioning, SSE-KMS with an
 * S3 Bucket Key, a bucket policy scoped to the trail that also denies plain-HTTP access), logging
 * started. When another trail already covers the account (an organization trail, or a multi-region
 * trail logging every management event), that trail counts, and the step offers to bring it up to the
 * baseline instead of making a second, paid one (coverage.ts).
 *
 * The key is found through its alias (no journal needed). When it does not exist yet — a dry run, or
 * kms-key skipped — the check still says `todo` and the plan names it `<KeyArn of alias/…>`, so a dry
 * run shows every call and policy; apply reads the alias again and stops with a clear error if the key
 * is still missing, before it changes anything.
 */
import { describeTrails } from '../../aws/cloudtrail.js';
import { validateAlias } from '../kms-key/index.js';
import { defineStep, type Answers, type Question } from '../types.js';
import { plannedCalls } from '../../aws/actions/index.js';
import { actionsFor, runActions } from './actions.js';
import { adoptActions, coverageStopReason } from './coverage.js';
import { checkNames, inspectTrail, type TrailInspection } from './inspect.js';
import { defaultNames, namesOf, sameNames, suggestBucketName, validateBucketName, validateTrailName } from './names.js';
import { findingFor, stopReason } from './report.js';

export { defaultBucketName, keyPlaceholder, validateBucketName, validateTrailName, DEFAULT_TRAIL_NAME, TRAIL_TAG, type TrailNames } from './names.js';
export { findingFor } from './report.js';
export { inspectTrail, type BucketFacts, type TrailFacts, type TrailInspection } from './inspect.js';
export type { Coverage } from './coverage.js';

/** The answer that keeps a covering trail (the default) or makes aws-harden's own as well. */
const COVERAGE = { existing: 'existing', own: 'new' } as const;

function adopting(ins: TrailInspection | undefined, answers: Answers): boolean {
  return ins?.coverage !== undefined && answers.coverage !== COVERAGE.own;
}

export const cloudtrailStep = defineStep<TrailInspection>({
  id: 'cloudtrail',
  // The logs are encrypted with the kms-key step's key.
  dependsOn: ['kms-key'],
  title: 'CloudTrail',
  why: 'A multi-region trail records every API call in the account, tamper-evident and encrypted, in a bucket nobody outside can read.',

  configKeys: {
    trail: validateTrailName,
    bucket: validateBucketName,
    keyAlias: validateAlias,
    coverage: (v) =>
      v === COVERAGE.existing || v === COVERAGE.own
        ? undefined
        : `"${COVERAGE.existing}" (bring the trail that covers the account up to the baseline) or "${COVERAGE.own}" (make aws-harden's own trail as well).`,
  },

  async check(ctx) {
    const all = await describeTrails(ctx.aws, ctx.region);
    return findingFor(ctx, await inspectTrail(ctx, await checkNames(ctx, all), all));
  },

  questions(ctx, finding): Question[] {
    const names = finding.data?.names ?? defaultNames(ctx);
    const keyAlias: Question = { kind: 'text', id: 'keyAlias', prompt: 'KMS key alias (from the KMS key step)', default: names.keyAlias, validate: validateAlias };
    const covering = finding.data?.coverage?.trail;
    if (covering) {
      return [
        {
          kind: 'choice',
          id: 'coverage',
          prompt: `Trail ${covering.name} already logs this account`,
          default: COVERAGE.existing,
          help: 'A second trail delivering the same management events is charged (only the first copy is free).',
          options: [
            { value: COVERAGE.existing, label: `Bring ${covering.name} up to the baseline (no second trail)` },
            { value: COVERAGE.own, label: `Make trail ${names.trail} as well (paid second copy)` },
          ],
        },
        keyAlias,
      ];
    }
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
      keyAlias,
    ];
  },

  /**
   * Other names than the ones checked are read first; and where a trail already covers the account but
   * the operator chose a trail of their own, the finding is about that own trail.
   */
  async recheck(ctx, finding, answers) {
    const checked = finding.data;
    const names = namesOf(answers, checked?.names ?? defaultNames(ctx));
    const ins = checked && sameNames(checked.names, names) ? checked : await inspectTrail(ctx, names);
    if (ins === checked && (!ins.coverage || adopting(ins, answers))) return finding;
    return findingFor(ctx, ins.coverage && !adopting(ins, answers) ? { ...ins, coverage: undefined } : ins);
  },

  plan(ctx, finding, answers) {
    const checked = finding.data;
    const names = namesOf(answers, checked?.names ?? defaultNames(ctx));
    if (checked?.coverage && adopting(checked, answers)) {
      const ins = checked.names.keyAlias === names.keyAlias ? checked : { ...checked, names, key: undefined };
      return plannedCalls(adoptActions(ctx, ins, checked.coverage));
    }
    if (checked && sameNames(checked.names, names)) return plannedCalls(actionsFor(ctx, checked));
    // Names other than the ones checked: shown as for new resources; apply reads them first and makes only the calls still needed.
    const fresh: TrailInspection = { names, key: checked?.names.keyAlias === names.keyAlias ? checked.key : undefined, bucket: { owner: 'missing' }, trail: undefined };
    return plannedCalls(actionsFor(ctx, fresh)).map((c) => ({ ...c, note: `${c.note ?? ''} (if still needed: apply reads the current state first)` }));
  },

  async apply(ctx, finding, answers) {
    // Read again: the answers may name other resources than the check did, and the kms-key step may have run since.
    const ins = await inspectTrail(ctx, namesOf(answers, finding.data?.names ?? defaultNames(ctx)));
    const suggest = () => suggestBucketName(ins.names.bucket);
    if (ins.coverage && adopting(ins, answers)) {
      const stop = coverageStopReason(ins, ins.coverage);
      if (stop) throw stop;
      return runActions(ctx, ins, adoptActions(ctx, ins, ins.coverage), suggest);
    }
    const own = { ...ins, coverage: undefined };
    const stop = stopReason(ctx, own);
    if (stop) throw stop;
    return runActions(ctx, own, actionsFor(ctx, own), suggest);
  },

  /** Done only for the names (or the covering trail) the operator chose, everything read back. */
  async verify(ctx, answers) {
    const ins = await inspectTrail(ctx, namesOf(answers, defaultNames(ctx)));
    if (ins.coverage && !adopting(ins, answers)) return findingFor(ctx, { ...ins, coverage: undefined });
    return findingFor(ctx, ins);
  },
});
