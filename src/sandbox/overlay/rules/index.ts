/**
 * The strict rules: AWS's documented behaviour where moto is lenient. Each rule's file cites the AWS
 * page it follows. Order matters only where two rules see the same request; the first reply wins.
 */
import type { Rule, RuleContext } from '../types.js';
import { LoginProfileRule } from './login-profile.js';
import { MfaCodesRule } from './mfa-codes.js';
import { CloudTrailDestinationRule } from './cloudtrail.js';
import { CloudTrailLogsDeliveryRule } from './cloudtrail-logs.js';
import { BudgetSubscribers } from './budgets.js';
import { BucketLoggingRule } from './bucket-logging.js';
import { MetricFilterLogGroup } from './metric-filters.js';
import { SnsEmailConfirmation } from './sns-confirmation.js';
import { EventualConsistency } from './consistency.js';
import { SessionTokenRule } from './session-token.js';

/** Knobs of the strict sandbox (all optional; the defaults are what `--sandbox` and the tests use). */
export interface StrictOptions {
  /**
   * Seed of the eventual-consistency delays, so a run is reproducible. Default: fixed per overlay.
   */
  seed?: number;
  /**
   * Multiplies the eventual-consistency delays (rules/consistency.ts; default 1). Positive only: the
   * strict sandbox never turns them off.
   */
  consistencyScale?: number;
}

export function strictRules(ctx: RuleContext, opts: StrictOptions): Rule[] {
  const mfa = new MfaCodesRule(ctx);
  return [
    // First: AWS authenticates the key and finds the entity before it validates the request.
    new EventualConsistency(ctx, { ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.consistencyScale === undefined ? {} : { scale: opts.consistencyScale }) }),
    mfa,
    new SessionTokenRule(ctx, mfa),
    new LoginProfileRule(ctx),
    new CloudTrailDestinationRule(ctx),
    new CloudTrailLogsDeliveryRule(ctx),
    new BudgetSubscribers(),
    new BucketLoggingRule(ctx),
    new MetricFilterLogGroup(ctx),
    new SnsEmailConfirmation(),
  ];
}
