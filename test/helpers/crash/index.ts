/** The crash and lost-answer matrices' harness: what the scripts and the CI subsets use. */
export { startCrashHarness, type CrashHarness } from './harness.js';
export { MATRIX_ACCOUNT_ID, MATRIX_CONFIG } from './matrix.js';
export { VARIANTS, type Variant } from './proxy.js';
export { LOST_VARIANTS, onlyPoints, summarize, summarizeLost, type Baseline, type FaultTrialResult, type LostAnswerResult, type LostAs, type TrialResult } from './results.js';
