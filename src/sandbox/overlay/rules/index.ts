/**
 * The strict rules: AWS's documented behaviour where moto is lenient. Each rule's file cites the AWS
 * page it follows. Order matters only where two rules see the same request; the first reply wins.
 */
import type { Rule, RuleContext } from '../types.js';
import { LoginProfileRule } from './login-profile.js';
import { MfaCodesRule } from './mfa-codes.js';
import { CloudTrailDestinationRule } from './cloudtrail.js';
import { BudgetSubscribers } from './budgets.js';

/** Knobs of the strict sandbox (all optional; the defaults are what `--sandbox` and the tests use). */
export interface StrictOptions {
  /**
   * Seed of the eventual-consistency delays, so a run is reproducible. Default: fixed per overlay.
   */
  seed?: number;
}

export function strictRules(ctx: RuleContext, _opts: StrictOptions): Rule[] {
  return [
    new MfaCodesRule(ctx),
    new LoginProfileRule(ctx),
    new CloudTrailDestinationRule(ctx),
    new BudgetSubscribers(),
  ];
}
