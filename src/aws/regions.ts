/**
 * The account's enabled regions, read from the account once per run, and which of them answer.
 *
 * `ec2:DescribeRegions` without `AllRegions` lists the regions enabled for the account: the default
 * ones and any opt-in region the account has enabled (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html,
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html). Each is then probed
 * once, all at once with a bound and a deadline: a region that does not answer in time (a firewall,
 * an endpoint down, a region disabled since the list was read) is left out of every regional step of
 * the run and reported once, never waited on again. Prowler's most reported problem is a scan that hangs
 * on such a region (https://github.com/prowler-cloud/prowler/issues?q=hang+region).
 */
import type { Aws } from './context.js';
import { isOperatorError } from '../errors.js';

/** Regions probed or worked on at once. */
export const REGION_CONCURRENCY = 6;
/**
 * Probes at once: one small read each, so every enabled region of the aws partition (17 default, 32
 * with every opt-in one) is probed in one wave and the scan takes at most one deadline, however many
 * regions do not answer (with 6 at a time, 16 silent regions took 30 s).
 */
export const PROBE_CONCURRENCY = 32;
/** How long a region's first answer may take before the run leaves it out. */
export const REGION_DEADLINE_MS = 10_000;

export interface RegionScan {
  /** Enabled for the account and answering, sorted. */
  reachable: string[];
  /** Enabled but not answering in time, with what happened, e.g. "no answer in 10 s". */
  unreachable: Array<{ region: string; reason: string }>;
}

const scans = new WeakMap<object, Promise<RegionScan>>();
/** The scans that finished, for the run's closing line. */
const settled = new WeakMap<object, RegionScan>();

/**
 * The run's region scan, made on first use and shared by every regional step of the run (keyed by the
 * run's read cache, which every layer derived from it shares).
 */
export function regionScan(aws: Aws): Promise<RegionScan> {
  let scan = scans.get(aws.reads);
  if (!scan) {
    scan = scanRegions(aws);
    scans.set(aws.reads, scan);
    scan.then((done) => settled.set(aws.reads, done)).catch(() => undefined);
    // A scan that failed outright (no permission to list regions) is not kept: the next step reads again.
    scan.catch(() => scans.delete(aws.reads));
  }
  return scan;
}

/**
 * The regions this run left out, said once at its end (each regional step's summary names them
 * shortly): "eu-west-3 (no answer in 10 s)". Undefined when no regional step ran or all answered.
 */
export function regionsLeftOut(aws: Aws): string | undefined {
  const scan = settled.get(aws.reads);
  return scan && scan.unreachable.length > 0 ? scan.unreachable.map((u) => `${u.region} (${u.reason})`).join(', ') : undefined;
}

/** The regions enabled for the account, sorted. */
export async function enabledRegions(aws: Aws): Promise<string[]> {
  const { DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
  const out = await (await aws.client('ec2')).send(new DescribeRegionsCommand({}));
  return (out.Regions ?? [])
    .filter((r) => r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName ?? '')
    .filter(Boolean)
    .sort();
}

async function scanRegions(aws: Aws): Promise<RegionScan> {
  const regions = await enabledRegions(aws);
  const results = await boundedMap(regions, PROBE_CONCURRENCY, async (region) => ({ region, problem: await probe(aws, region) }));
  return {
    reachable: results.filter((r) => r.problem === undefined).map((r) => r.region),
    unreachable: results.flatMap((r) => (r.problem === undefined ? [] : [{ region: r.region, reason: r.problem }])),
  };
}

/** Undefined when the region answers in time; otherwise what happened. The run's own region is not probed. */
async function probe(aws: Aws, region: string): Promise<string | undefined> {
  if (region === aws.region) return undefined;
  const { DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
  const client = await (await aws.inRegion(region)).client('ec2');
  try {
    await client.send(new DescribeRegionsCommand({ RegionNames: [region] }), { abortSignal: AbortSignal.timeout(REGION_DEADLINE_MS) });
    return undefined;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'AbortError' || name === 'TimeoutError') return `no answer in ${REGION_DEADLINE_MS / 1000} s`;
    return isOperatorError(e) ? e.message : String((e as Error).message ?? e);
  }
}

/** `fn` over `items`, at most `bound` at a time, results in the items' order. */
export async function boundedMap<T, R>(items: readonly T[], bound: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(bound, items.length) }, worker));
  return results;
}
