/**
 * access-analyzer: an IAM Access Analyzer analyzer of the account's external access is active in every
 * enabled region the run can reach (the CIS control "IAM Access Analyzer is enabled for all regions").
 * An active analyzer of the organization (type ORGANIZATION) covers the account as well. Free for
 * external-access analyzers. The account may have one analyzer of each account type per region
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html), so a region whose
 * account analyzer exists but is not active cannot get a second one: it is reported, not planned.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html
 */
import type { AccessAnalyzerAction } from '../../aws/actions/index.js';
import { listAnalyzers, type Analyzer } from '../../aws/access-analyzer.js';
import { acrossRegions, regionList, type RegionalState } from '../regional.js';
import { defineStep, type Finding } from '../types.js';

export const ANALYZER_NAME = 'aws-harden-account';

const EXTERNAL = new Set(['ACCOUNT', 'ORGANIZATION']);

interface State {
  analyzers: Analyzer[];
}

function active(s: State): boolean {
  return s.analyzers.some((a) => EXTERNAL.has(a.type) && a.status === 'ACTIVE');
}

/** An account analyzer that is there but not active: AWS allows one per region, so no second is made. */
function stuck(s: State): Analyzer | undefined {
  return active(s) ? undefined : s.analyzers.find((a) => a.type === 'ACCOUNT');
}

function actionsFor(region: string, s: State): AccessAnalyzerAction[] {
  if (active(s) || stuck(s)) return [];
  return [
    { service: 'accessanalyzer', op: 'CreateAnalyzer', input: { analyzerName: ANALYZER_NAME, type: 'ACCOUNT' }, region, note: `analyzes who outside the account can reach its resources in ${region}` },
  ];
}

/** Regions whose analyzer no call of this step can fix: said, and the step is blocked when nothing else is left. */
function withStuck(finding: Finding<RegionalState<State>>): Finding<RegionalState<State>> {
  const regions = finding.data?.regions ?? [];
  const blocked = regions.flatMap((r) => {
    const a = stuck(r.state);
    return a ? [`${r.region} (${a.name} is ${a.status})`] : [];
  });
  if (blocked.length === 0 || finding.status !== 'todo') return finding;
  const left = ` Not fixable by a new analyzer (one account analyzer per region): ${blocked.join(', ')}; delete or repair it in the console.`;
  const makes = regions.some((r) => actionsFor(r.region, r.state).length > 0);
  return { ...finding, status: makes ? 'todo' : 'blocked', summary: `${finding.summary}${left}` };
}

export const accessAnalyzerStep = defineStep<RegionalState<State>>({
  id: 'access-analyzer',
  title: 'Access Analyzer',
  why: 'An analyzer in every region reports any bucket, key, role or queue that someone outside the account can reach, as soon as a policy allows it.',

  ...acrossRegions<State>({
    read: async (aws) => ({ analyzers: await listAnalyzers(aws) }),
    isDone: active,
    actionsFor,
    words: {
      done: (n) => `IAM Access Analyzer analyzes the account in ${n === 1 ? 'the one enabled region' : `all ${n} enabled regions`}.`,
      todo: (regions, total) => `No active IAM Access Analyzer analyzer in ${regions.length} of ${total} regions (${regionList(regions)}).`,
    },
    refine: withStuck,
  }),
});
