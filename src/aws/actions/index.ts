/**
 * The one action vocabulary of aws-harden. A step plans a list of typed actions (one union per
 * service, in this folder); this table turns each into the `PlannedCall` the screen, the dry run and
 * `aws-harden plan` show, and executes that very action in apply, through the src/aws helper that owns
 * its idempotency (send-once), propagation and error rules. Plan and apply cannot drift apart: there
 * is nothing else to dispatch on.
 *
 * Adding an operation: its action to the service's union, its entry to the service's table, and its
 * classification to ../operations.ts (a test keeps the two in step).
 */
import type { Aws } from '../context.js';
import { ACCESS_ANALYZER_OPERATIONS, type AccessAnalyzerAction } from './accessanalyzer.js';
import { ACCOUNT_OPERATIONS, type AccountAction } from './account.js';
import { BUDGETS_OPERATIONS, type BudgetsAction } from './budgets.js';
import { CLOUDTRAIL_OPERATIONS, type CloudTrailAction } from './cloudtrail.js';
import { EC2_OPERATIONS, type Ec2Action } from './ec2.js';
import { CLOUDWATCH_OPERATIONS, type CloudWatchAction } from './cloudwatch.js';
import { IAM_OPERATIONS, type IamAction, type IamResults } from './iam.js';
import { KMS_OPERATIONS, type KmsAction, type KmsResults } from './kms.js';
import { LOGS_OPERATIONS, type LogsAction } from './logs.js';
import { S3_OPERATIONS, type S3Action, type S3Results } from './s3.js';
import { S3CONTROL_OPERATIONS, type S3ControlAction } from './s3control.js';
import { SNS_OPERATIONS, type SnsAction } from './sns.js';
import { STS_OPERATIONS, type StsAction } from './sts.js';
import { GUARDDUTY_OPERATIONS, type GuardDutyAction } from './guardduty.js';
import { SECURITYHUB_OPERATIONS, type SecurityHubAction } from './securityhub.js';
import { CONFIG_OPERATIONS, type ConfigAction } from './config.js';
import type { Operation, PlannedCall } from './types.js';
import type { CallerIdentity } from '../sts.js';

export type { PlannedCall } from './types.js';
export { REDACTED } from './types.js';
export type { IamAction, LoginProfileInput, Tag } from './iam.js';
export type { KmsAction } from './kms.js';
export type { S3Action, CreateBucketInput } from './s3.js';
export type { CloudTrailAction, TrailChanges } from './cloudtrail.js';
export type { BudgetsAction } from './budgets.js';
export type { StsAction } from './sts.js';
export type { GuardDutyAction } from './guardduty.js';
export type { SecurityHubAction } from './securityhub.js';
export type { ConfigAction } from './config.js';

export type { Ec2Action } from './ec2.js';
export type { AccessAnalyzerAction } from './accessanalyzer.js';

/** Every action a step may plan. */
export type AwsAction =
  | IamAction
  | S3Action
  | KmsAction
  | CloudTrailAction
  | BudgetsAction
  | StsAction
  | GuardDutyAction
  | SecurityHubAction
  | ConfigAction
  | Ec2Action
  | AccessAnalyzerAction
  | AccountAction
  | S3ControlAction
  | LogsAction
  | CloudWatchAction
  | SnsAction;
export type { AccountAction } from './account.js';
export type { S3ControlAction } from './s3control.js';
export type { LogsAction } from './logs.js';
export type { CloudWatchAction } from './cloudwatch.js';
export type { SnsAction } from './sns.js';

/** What running an action gives back: the few that return something (a new key's id, a secret, a read). */
export type ResultOf<A extends AwsAction> = A extends { service: 'iam'; op: infer O extends keyof IamResults }
  ? IamResults[O]
  : A extends { service: 'kms'; op: infer O extends keyof KmsResults }
    ? KmsResults[O]
    : A extends { service: 's3'; op: infer O extends keyof S3Results }
      ? S3Results[O]
      : A extends StsAction
        ? CallerIdentity
        : void;

type Key<A extends AwsAction> = `${A['service']}:${A['op']}`;

/** The table: `service:Operation` → how it is shown and made. Exhaustive: a missing entry does not compile. */
const OPERATIONS: { [A in AwsAction as Key<A>]: Operation<A, ResultOf<A>> } = {
  ...IAM_OPERATIONS,
  ...S3_OPERATIONS,
  ...KMS_OPERATIONS,
  ...CLOUDTRAIL_OPERATIONS,
  ...BUDGETS_OPERATIONS,
  ...STS_OPERATIONS,
  ...GUARDDUTY_OPERATIONS,
  ...SECURITYHUB_OPERATIONS,
  ...CONFIG_OPERATIONS,
  ...EC2_OPERATIONS,
  ...ACCESS_ANALYZER_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
  ...S3CONTROL_OPERATIONS,
  ...LOGS_OPERATIONS,
  ...CLOUDWATCH_OPERATIONS,
  ...SNS_OPERATIONS,
};

function operationOf<A extends AwsAction>(a: A): Operation<A, ResultOf<A>> {
  return (OPERATIONS as unknown as Record<string, Operation<A, ResultOf<A>>>)[`${a.service}:${a.op}`] as Operation<A, ResultOf<A>>;
}

/** What the screen shows for `a`: the call, its parameters as sent (secrets redacted), and why. */
export function plannedCall(a: AwsAction): PlannedCall {
  const params = operationOf(a).params?.(a.input) ?? { ...(a.input as Record<string, unknown>) };
  return { service: a.service, operation: a.op, params, ...(a.region !== undefined ? { region: a.region } : {}), ...(a.note !== undefined ? { note: a.note } : {}) };
}

export function plannedCalls(actions: readonly AwsAction[]): PlannedCall[] {
  return actions.map(plannedCall);
}

/** Makes the call `a` describes, with `aws` (the run's layer, or one signed with another credential), in `a.region` when it names one. */
export async function runAction<A extends AwsAction>(aws: Aws, a: A): Promise<ResultOf<A>> {
  return operationOf(a).run(a.region ? await aws.inRegion(a.region) : aws, a.input);
}

/** Makes the calls in order; the first failure stops the rest. */
export async function runActions(aws: Aws, actions: readonly AwsAction[]): Promise<void> {
  for (const a of actions) await runAction(aws, a);
}

/** Every `service:Operation` the table knows (for the test that keeps operations.ts in step). */
export const ACTION_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);
