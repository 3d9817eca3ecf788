/** STS actions: the one read some plans show, because verify makes it with another credential. */
import { getCallerIdentity, type CallerIdentity } from '../sts.js';
import type { ActionShape, Operation } from './types.js';

export type StsAction = ActionShape<'sts', 'GetCallerIdentity', Record<string, never>>;

export const STS_OPERATIONS: { 'sts:GetCallerIdentity': Operation<StsAction, CallerIdentity> } = {
  'sts:GetCallerIdentity': { run: (aws) => getCallerIdentity(aws) },
};
