/**
 * What the regional steps share (EBS encryption by default, Access Analyzer, default security groups,
 * GuardDuty, …): read one state in every enabled region the run can reach, at most REGION_CONCURRENCY
 * at a time, and turn the reads into one finding. A region that did not answer the run's region scan
 * (src/aws/regions.ts) is never read again: the step says it was left out, and cannot be `done` for
 * the audit while one is (its finding is `blocked` once every reachable region is done).
 */
import { plannedCalls, runActions, type AwsAction } from '../aws/actions/index.js';
import type { Aws } from '../aws/context.js';
import { boundedMap, REGION_CONCURRENCY, regionScan, type RegionScan } from '../aws/regions.js';
import type { Finding, Step, StepContext } from './types.js';

export interface RegionalState<T> {
  /** Every reachable region's state, in region order. */
  regions: Array<{ region: string; state: T }>;
  /** Enabled regions the run could not reach (said once per step, in its summary). */
  unreachable: RegionScan['unreachable'];
}

/** `read` in every reachable enabled region, with that region's layer. */
export async function readAcrossRegions<T>(ctx: StepContext, read: (aws: Aws, region: string) => Promise<T>): Promise<RegionalState<T>> {
  const scan = await regionScan(ctx.aws);
  const regions = await boundedMap(scan.reachable, REGION_CONCURRENCY, async (region) => ({ region, state: await read(await ctx.aws.inRegion(region), region) }));
  return { regions, unreachable: scan.unreachable };
}

/** `fn` for each region, at most REGION_CONCURRENCY at a time (apply's changes, one region's in order). */
export async function eachRegion<T>(regions: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  await boundedMap(regions, REGION_CONCURRENCY, fn);
}

/** A list of regions for a sentence: all of them by count when there are many. */
export function regionList(regions: readonly string[]): string {
  return regions.length <= 4 ? regions.join(', ') : `${regions.slice(0, 3).join(', ')} and ${regions.length - 3} more`;
}

/**
 * The finding of a regional step: `todo` when some reachable region needs the change, `done` when none
 * does and every enabled region answered, `blocked` when every reachable region is done but some did
 * not answer (the audit cannot call that a pass). `done(n)` and `todo(regions)` word the summary.
 */
export function regionalFinding<T>(state: RegionalState<T>, isDone: (t: T) => boolean, words: { done: (count: number) => string; todo: (regions: string[]) => string }): Finding<RegionalState<T>> {
  const todo = state.regions.filter((r) => !isDone(r.state)).map((r) => r.region);
  // Why each region did not answer is said once, at the end of the run (regionsLeftOut).
  const missing = state.unreachable.length > 0 ? ` Not checked in ${regionList(state.unreachable.map((u) => u.region))} (did not answer).` : '';
  if (todo.length > 0) return { status: 'todo', summary: `${words.todo(todo)}${missing}`, data: state };
  if (missing) return { status: 'blocked', summary: `${words.done(state.regions.length)}${missing}`, data: state };
  return { status: 'done', summary: words.done(state.regions.length), data: state };
}

/**
 * Verify for a regional step: the regions it could reach are what it changed, so those decide; a
 * region left out by the scan stays in the summary and keeps the audit from passing, but does not fail
 * the apply that could not touch it.
 */
export function verifiedAcrossRegions<T>(finding: Finding<RegionalState<T>>): Finding<RegionalState<T>> {
  return finding.status === 'blocked' && finding.data?.regions.length ? { ...finding, status: 'done' } : finding;
}

/** What a regional step is made of: one region's state, when it is what CIS asks, and what to do about it. */
export interface RegionalSpec<T> {
  /** One region's state, read with that region's layer. */
  read(aws: Aws, region: string): Promise<T>;
  isDone(state: T): boolean;
  /** One region's changes, in order: plan and apply both come from here. */
  actionsFor(region: string, state: T): AwsAction[];
  words: { done: (count: number) => string; todo: (regions: string[], total: number) => string };
  /** The step's own say on top of the regional finding (e.g. what no call of the step can fix). */
  refine?(finding: Finding<RegionalState<T>>): Finding<RegionalState<T>>;
}

/**
 * check, plan, apply and verify of a step whose work is the same in every region: apply reads again
 * (the plan may be minutes old) and makes each region's calls in order, regions side by side.
 */
export function acrossRegions<T>(spec: RegionalSpec<T>): Pick<Step<RegionalState<T>>, 'check' | 'plan' | 'apply' | 'verify'> {
  const survey = async (ctx: StepContext): Promise<Finding<RegionalState<T>>> => {
    const state = await readAcrossRegions(ctx, (aws, region) => spec.read(aws, region));
    const finding = regionalFinding(state, (t) => spec.isDone(t), { done: spec.words.done, todo: (regions) => spec.words.todo(regions, state.regions.length) });
    return spec.refine ? spec.refine(finding) : finding;
  };
  const work = (state: RegionalState<T> | undefined) => (state?.regions ?? []).map((r) => spec.actionsFor(r.region, r.state)).filter((a) => a.length > 0);
  return {
    check: survey,
    plan: (_ctx, finding) => plannedCalls(work(finding.data).flat()),
    async apply(ctx) {
      await eachRegion(work((await survey(ctx)).data), (actions) => runActions(ctx.aws, actions));
    },
    async verify(ctx) {
      return verifiedAcrossRegions(await survey(ctx));
    },
  };
}
