/** The key policy the step wants: the account keeps control, and CloudTrail may use the key. */
import { answerOf } from '../answers.js';
import { DEFAULT_TRAIL_NAME, keyPolicyTrailArns, partitionOf, proposeKeyPolicy, trailArn, type PolicyDocument, type PolicyScope } from '../policies/index.js';
import type { StepContext } from '../types.js';

export function scopeOf(ctx: StepContext): PolicyScope {
  return { partition: partitionOf(ctx.identity.arn), account: ctx.identity.account };
}

/** The key policy this step wants on `current`. */
export function wantedKeyPolicy(ctx: StepContext, current: PolicyDocument | undefined): PolicyDocument {
  const scope = scopeOf(ctx);
  // Scoped to the trails already named there; a fresh policy names the trail the cloudtrail step will
  // make (its answer when one was given, e.g. in --config; else its default).
  const trail = answerOf(ctx, 'cloudtrail', 'trail') ?? DEFAULT_TRAIL_NAME;
  const arns = keyPolicyTrailArns(current).length > 0 ? [] : [trailArn(scope, ctx.region, trail)];
  return proposeKeyPolicy(current, scope, arns);
}
