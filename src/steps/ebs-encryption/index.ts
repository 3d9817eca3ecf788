/**
 * ebs-encryption: new EBS volumes (and snapshot copies) are encrypted by default, with the AWS managed
 * key aws/ebs, in every enabled region the run can reach (the CIS control "EBS volume encryption is
 * enabled by default in all regions"). Free; existing volumes are unchanged; the setting is per region.
 * https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
 */
import { plannedCalls, runActions, type Ec2Action } from '../../aws/actions/index.js';
import { ebsEncryptionByDefault } from '../../aws/ec2.js';
import { eachRegion, readAcrossRegions, regionalFinding, regionList, verifiedAcrossRegions, type RegionalState } from '../regional.js';
import { defineStep, type Finding, type StepContext } from '../types.js';

type Data = RegionalState<{ enabled: boolean }>;

/** Plan and apply both come from here: one call per region that needs it. */
function actionsFor(d: Data | undefined): Ec2Action[] {
  return (d?.regions ?? [])
    .filter((r) => !r.state.enabled)
    .map((r) => ({ service: 'ec2', op: 'EnableEbsEncryptionByDefault', input: {}, region: r.region, note: `new volumes and snapshot copies in ${r.region} are encrypted (key aws/ebs)` }));
}

async function read(ctx: StepContext): Promise<Finding<Data>> {
  const state = await readAcrossRegions(ctx, async (aws) => ({ enabled: await ebsEncryptionByDefault(aws) }));
  const total = state.regions.length;
  return regionalFinding(state, (s) => s.enabled, {
    done: (n) => `New EBS volumes are encrypted by default in ${n === 1 ? 'the one enabled region' : `all ${n} enabled regions`}.`,
    todo: (regions) => `New EBS volumes are not encrypted by default in ${regions.length} of ${total} regions (${regionList(regions)}).`,
  });
}

export const ebsEncryptionStep = defineStep<Data>({
  id: 'ebs-encryption',
  title: 'EBS encryption',
  why: 'A volume encrypted by default cannot leak its data through a snapshot shared by mistake or a disk taken out of service.',

  check: read,

  plan(_ctx, finding) {
    return plannedCalls(actionsFor(finding.data));
  },

  async apply(ctx) {
    // Read again: the plan may be minutes old. Each region's one call is independent of the others'.
    const fresh = (await read(ctx)).data;
    await eachRegion(actionsFor(fresh), (a) => runActions(ctx.aws, [a]));
  },

  async verify(ctx) {
    return verifiedAcrossRegions(await read(ctx));
  },
});
