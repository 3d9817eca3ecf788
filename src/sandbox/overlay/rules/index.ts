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
import { AlternateContactRule } from './account.js';
import { S3ControlErrorShape } from './s3control-errors.js';
import { BucketLoggingRule } from './bucket-logging.js';
import { MetricFilterLogGroup } from './metric-filters.js';
import { SnsEmailConfirmation } from './sns-confirmation.js';
import { EventualConsistency } from './consistency.js';
import { SessionTokenRule } from './session-token.js';
import { DescribeRegionsRule } from './describe-regions.js';
import { GuardDutyOneDetector } from './guardduty.js';
import { SecurityHubStandards } from './security-hub.js';
import { ServiceLinkedRoleNames } from './service-linked-role.js';
import { ConfigDeliveryRule } from './config-delivery.js';
import { AccessAnalyzerRule } from './access-analyzer.js';
import { DefaultSecurityGroupRule } from './default-security-group.js';

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
    new DescribeRegionsRule(ctx),
    new GuardDutyOneDetector(ctx),
    new SecurityHubStandards(ctx),
    new ServiceLinkedRoleNames(ctx),
    new ConfigDeliveryRule(ctx),
    new AccessAnalyzerRule(ctx),
    new DefaultSecurityGroupRule(ctx),
    new AlternateContactRule(),
    new S3ControlErrorShape(),
    new BucketLoggingRule(ctx),
    new MetricFilterLogGroup(ctx),
    new SnsEmailConfirmation(),
  ];
}
