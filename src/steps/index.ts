/** The steps, in the order the wizard walks them. Order matters: see DESIGN.md "The steps". */
import { passwordPolicyStep } from './password-policy.js';
import type { Step } from './types.js';

export const STEPS: readonly Step[] = [passwordPolicyStep];

export type { Step, StepId, StepContext, Finding, Question, Answers, PlannedCall } from './types.js';
