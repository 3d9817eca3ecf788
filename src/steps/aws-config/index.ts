/**
 * aws-config: AWS Config records every supported resource type in every enabled region the run can
 * reach (the CIS control "AWS Config is enabled in all regions"), delivering to one private bucket in
 * the run's region. Paid, optional.
 *
 * Global resource types (IAM users, groups, roles, policies) are recorded in one region only, the
 * run's: AWS recommends `includeGlobalResourceTypes` in a single region, or each IAM change is recorded
 * (and billed) once per region (https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html#select-resources-all).
 * The recorder uses AWS Config's service-linked role (made first when the account has none), as AWS
 * recommends (https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html).
 * A region that has a recorder or a delivery channel under another name keeps it: AWS allows one of
 * each per region, so the existing one is updated, not duplicated.
 */
import { plannedCalls, runAction, runActions, type AwsAction, type ConfigAction } from '../../aws/actions/index.js';
import { CONFIG_ROLE, CONFIG_SERVICE, configRoleArn, regionConfig, type RegionConfig } from '../../aws/config.js';
import { ExitCode, OperatorError } from '../../errors.js';
import { eachRegion, readAcrossRegions, regionalFinding, regionList, verifiedAcrossRegions, type RegionalState } from '../regional.js';
import { defineStep, type Finding, type StepContext } from '../types.js';
import { bucketActions, configBucketName, readBucket, type BucketState } from './bucket.js';

/** The name AWS's console gives a new recorder and delivery channel. */
const DEFAULT_NAME = 'default';

type RegionState = RegionConfig & { home: boolean };

interface Data {
  regions: RegionalState<RegionState>;
  bucket: BucketState;
  roleArn: string | undefined;
}

const recorderOk = (s: RegionState): boolean => s.recorder !== undefined && s.recorder.allSupported && (!s.home || s.recorder.includeGlobal);
const isDone = (s: RegionState): boolean => recorderOk(s) && s.channel !== undefined && s.recording;

function roleArnOf(ctx: StepContext, d: Data): string {
  const partition = ctx.identity.arn.split(':')[1] ?? 'aws';
  return d.roleArn ?? `arn:${partition}:iam::${ctx.identity.account}:role/aws-service-role/${CONFIG_SERVICE}/${CONFIG_ROLE}`;
}

/** One region's changes, in order: recorder, delivery channel, start. */
function regionActions(ctx: StepContext, d: Data, region: string, s: RegionState): ConfigAction[] {
  const actions: ConfigAction[] = [];
  const name = s.recorder?.name ?? DEFAULT_NAME;
  if (!recorderOk(s)) {
    actions.push({
      service: 'config',
      op: 'PutConfigurationRecorder',
      region,
      input: { ConfigurationRecorder: { name, roleARN: s.recorder?.roleArn || roleArnOf(ctx, d), recordingGroup: { allSupported: true, includeGlobalResourceTypes: s.home } } },
      note: s.home ? `every resource type in ${region}, global ones (IAM) included` : `every resource type in ${region}; global ones are recorded in ${ctx.region}`,
    });
  }
  if (!s.channel) {
    actions.push({ service: 'config', op: 'PutDeliveryChannel', region, input: { DeliveryChannel: { name: DEFAULT_NAME, s3BucketName: d.bucket.name } }, note: `delivers to ${d.bucket.name}` });
  }
  if (!s.recording) actions.push({ service: 'config', op: 'StartConfigurationRecorder', region, input: { ConfigurationRecorderName: name }, note: `recording starts in ${region}` });
  return actions;
}

/** What goes first, in the run's region: the role a new recorder uses, the bucket a new channel names. */
function sharedActions(ctx: StepContext, d: Data): AwsAction[] {
  const states = d.regions.regions.map((r) => r.state).filter((s) => !isDone(s));
  const role: ConfigAction[] =
    d.roleArn === undefined && states.some((s) => !s.recorder)
      ? [{ service: 'iam', op: 'CreateServiceLinkedRole', input: { AWSServiceName: CONFIG_SERVICE }, note: `${CONFIG_ROLE}, the role AWS Config records with` }]
      : [];
  return [...role, ...(states.some((s) => !s.channel) ? bucketActions(ctx, d.bucket) : [])];
}

function actionsFor(ctx: StepContext, d: Data): AwsAction[] {
  return [...sharedActions(ctx, d), ...d.regions.regions.flatMap((r) => regionActions(ctx, d, r.region, r.state))];
}

async function read(ctx: StepContext): Promise<Data> {
  const [regions, bucket, roleArn] = await Promise.all([
    readAcrossRegions(ctx, async (aws, region) => ({ ...(await regionConfig(aws)), home: region === ctx.region })),
    readBucket(ctx.aws, configBucketName(ctx)),
    configRoleArn(ctx.aws),
  ]);
  return { regions, bucket, roleArn };
}

function taken(bucket: string): string {
  return `The S3 bucket name "${bucket}" belongs to another AWS account (bucket names are global), so AWS Config has nowhere to deliver.`;
}

/** The step's finding; for `verify`, the regions left out by the scan do not fail the apply (regional.ts). */
function finding(ctx: StepContext, d: Data, verifying = false): Finding<Data> {
  const regional = regionalFinding(d.regions, isDone, {
    done: (n) => `AWS Config records every resource type in all ${n} enabled regions (global ones in ${ctx.region}).`,
    todo: (regions) => `AWS Config does not record every resource type in ${regions.length} region${regions.length === 1 ? '' : 's'}: ${regionList(regions)}.`,
  });
  const f = verifying ? verifiedAcrossRegions(regional) : regional;
  if (f.status === 'todo' && d.bucket.owner === 'foreign' && d.regions.regions.some((r) => !r.state.channel)) {
    return { status: 'blocked', summary: `${f.summary} ${taken(d.bucket.name)}`, data: d };
  }
  return { ...f, data: d };
}

export const awsConfigStep = defineStep<Data>({
  id: 'aws-config',
  title: 'AWS Config',
  why: 'AWS Config keeps the history of every resource setting, so a change can be traced to when and what it was, and the CIS checks of Security Hub have something to read.',
  cost: {
    summary: 'AWS Config bills $0.003 per configuration item recorded: for a quiet new account a few cents to about $1 a month per region, more as resources change; its S3 deliveries cost cents.',
    pricing: 'https://aws.amazon.com/config/pricing/',
  },

  async check(ctx) {
    return finding(ctx, await read(ctx));
  },

  plan(ctx, f) {
    return f.data ? plannedCalls(actionsFor(ctx, f.data)) : [];
  },

  async apply(ctx) {
    // Read again: the plan may be minutes old. The role and the bucket first (the recorders and the
    // channels name them), then each region's calls in order, regions side by side.
    const d = await read(ctx);
    for (const a of sharedActions(ctx, d)) {
      if (a.service === 's3' && a.op === 'CreateBucket') {
        if (!(await runAction(ctx.aws, a)))
          throw new OperatorError('aws', taken(d.bucket.name), 'Delete or rename that bucket in the other account, or record with AWS Config by hand.', ExitCode.StepFailed);
      } else await runAction(ctx.aws, a);
    }
    await eachRegion(d.regions.regions, (r) => runActions(ctx.aws, regionActions(ctx, d, r.region, r.state)));
  },

  async verify(ctx) {
    return finding(ctx, await read(ctx), true);
  },
});
