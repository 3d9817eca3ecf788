/** The steps, in the order the wizard walks them. Order matters: see DESIGN.md "The steps". */
import { budgetStep } from './budget.js';
import { cloudtrailStep } from './cloudtrail.js';
import { kmsKeyStep } from './kms-key.js';
import { passwordPolicyStep } from './password-policy.js';
import type { Step } from './types.js';

export const STEPS: readonly Step[] = [passwordPolicyStep, kmsKeyStep, cloudtrailStep, budgetStep];

export type { Step, StepId, StepContext, Finding, Question, Answers, PlannedCall } from './types.js';
