/** IAM Access Analyzer actions: an account analyzer in a region. */
import { createAnalyzer, type CreateAnalyzerInput } from '../access-analyzer.js';
import type { ActionShape, Operation } from './types.js';

export type AccessAnalyzerAction = ActionShape<'accessanalyzer', 'CreateAnalyzer', CreateAnalyzerInput>;

type Op<O extends AccessAnalyzerAction['op']> = Operation<Extract<AccessAnalyzerAction, { op: O }>, void>;

export const ACCESS_ANALYZER_OPERATIONS: { [O in AccessAnalyzerAction['op'] as `accessanalyzer:${O}`]: Op<O> } = {
  // The client token is made per call (access-analyzer.ts), not planned: it is no choice of the operator's.
  'accessanalyzer:CreateAnalyzer': { run: (aws, i) => createAnalyzer(aws, i) },
};
