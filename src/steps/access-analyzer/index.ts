/**
 * access-analyzer: an IAM Access Analyzer analyzer of the account's external access is active in every
 * enabled region the run can reach (the CIS control "IAM Access Analyzer is enabled for all regions").
 * An active analyzer of the organization (type ORGANIZATION) covers the account as well. Free for
 * external-access analyzers. The account may have one analyzer of each account type per region
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html), so a region whose
 * account analyzer exists but is not active cannot get a second one: it is reported, not planned.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html
 */
import { plannedCalls, runActions, type AccessAnalyzerAction } from '../../aws/actions/index.js';
import { listAnalyzers, type Analyzer } from '../../aws/access-analyzer.js';
import { eachRegion, readAcrossRegions, regionalFinding, regionList, verifiedAcrossRegions, type RegionalState } from '../regional.js';
import { defineStep, type Finding, type StepContext } from '../types.js';

/** The name of the analyzer this step makes (one per region; the name is per region too). */
export const ANALYZER_NAME = 'aws-harden-account';

/** The analyzers of external access: the one CIS asks for. */
const EXTERNAL = new Set(['ACCOUNT', 'ORGANIZATION']);

type Data = RegionalState<{ analyzers: Analyzer[] }>;

function active(s: { analyzers: Analyzer[] }): boolean {
  return s.analyzers.some((a) => EXTERNAL.has(a.type) && a.status === 'ACTIVE');
}

/** A region without an active one where an account analyzer exists all the same (disabled, failed, being made). */
function stuck(s: { analyzers: Analyzer[] }): Analyzer | undefined {
  return active(s) ? undefined : s.analyzers.find((a) => a.type === 'ACCOUNT');
}

/** Plan and apply both come from here: one CreateAnalyzer per region without any account analyzer. */
function actionsFor(d: Data | undefined): AccessAnalyzerAction[] {
  return (d?.regions ?? [])
    .filter((r) => !active(r.state) && !stuck(r.state))
    .map((r) => ({
      service: 'accessanalyzer',
      op: 'CreateAnalyzer',
      input: { analyzerName: ANALYZER_NAME, type: 'ACCOUNT' },
      region: r.region,
      note: `analyzes who outside the account can reach its resources in ${r.region}`,
    }));
}

async function read(ctx: StepContext): Promise<Finding<Data>> {
  const state = await readAcrossRegions(ctx, async (aws) => ({ analyzers: await listAnalyzers(aws) }));
  const total = state.regions.length;
  const finding = regionalFinding(state, active, {
    done: (n) => `IAM Access Analyzer analyzes the account in ${n === 1 ? 'the one enabled region' : `all ${n} enabled regions`}.`,
    todo: (regions) => `No active IAM Access Analyzer analyzer in ${regions.length} of ${total} regions (${regionList(regions)}).`,
  });
  const blocked = state.regions.flatMap((r) => {
    const a = stuck(r.state);
    return a ? [`${r.region} (${a.name} is ${a.status})`] : [];
  });
  if (blocked.length === 0 || finding.status !== 'todo') return finding;
  const left = ` Not fixable by a new analyzer (one account analyzer per region): ${blocked.join(', ')}; delete or repair it in the console.`;
  // Nothing left to make: the operator has to act on the analyzers that are there.
  return { ...finding, status: actionsFor(state).length > 0 ? 'todo' : 'blocked', summary: `${finding.summary}${left}` };
}

export const accessAnalyzerStep = defineStep<Data>({
  id: 'access-analyzer',
  title: 'Access Analyzer',
  why: 'An analyzer in every region reports any bucket, key, role or queue that someone outside the account can reach, as soon as a policy allows it.',

  check: read,

  plan(_ctx, finding) {
    return plannedCalls(actionsFor(finding.data));
  },

  async apply(ctx) {
    // Read again: the plan may be minutes old (an analyzer made meanwhile is not made twice).
    const fresh = (await read(ctx)).data;
    await eachRegion(actionsFor(fresh), (a) => runActions(ctx.aws, [a]));
  },

  async verify(ctx) {
    return verifiedAcrossRegions(await read(ctx));
  },
});
