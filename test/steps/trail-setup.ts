/** The trail, as the steps before trail-bucket-logging and trail-alarms leave it: the kms-key and cloudtrail steps applied. */
import { cloudtrailStep, defaultBucketName } from '../../src/steps/cloudtrail/index.js';
import { DEFAULT_KEY_ALIAS, kmsKeyStep } from '../../src/steps/kms-key/index.js';
import type { StepContext } from '../../src/steps/types.js';
import { noOperator } from '../helpers/operator.js';

export async function withTrail(ctx: StepContext): Promise<{ bucket: string }> {
  await kmsKeyStep.apply(ctx, await kmsKeyStep.check(ctx), { alias: DEFAULT_KEY_ALIAS }, noOperator());
  const bucket = defaultBucketName(ctx.identity.account, ctx.region);
  await cloudtrailStep.apply(ctx, await cloudtrailStep.check(ctx), { trail: 'aws-harden', bucket, keyAlias: DEFAULT_KEY_ALIAS }, noOperator());
  return { bucket };
}
