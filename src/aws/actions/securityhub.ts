/** Security Hub actions: a region's hub turned on, and the CIS standard enabled in it. */
import { enableSecurityHub, enableStandards } from '../securityhub.js';
import type { ActionShape, Operation } from './types.js';

export type SecurityHubAction =
  | ActionShape<'securityhub', 'EnableSecurityHub', { EnableDefaultStandards: false }>
  | ActionShape<'securityhub', 'BatchEnableStandards', { StandardsSubscriptionRequests: Array<{ StandardsArn: string }> }>;

type Op<O extends SecurityHubAction['op']> = Operation<Extract<SecurityHubAction, { op: O }>, void>;

export const SECURITYHUB_OPERATIONS: { [O in SecurityHubAction['op'] as `securityhub:${O}`]: Op<O> } = {
  'securityhub:EnableSecurityHub': { run: (aws) => enableSecurityHub(aws) },
  'securityhub:BatchEnableStandards': {
    run: (aws, i) =>
      enableStandards(
        aws,
        i.StandardsSubscriptionRequests.map((r) => r.StandardsArn),
      ),
  },
};
