/**
 * ebs-encryption: new EBS volumes (and snapshot copies) are encrypted by default, with the AWS managed
 * key aws/ebs, in every enabled region the run can reach (the CIS control "EBS volume encryption is
 * enabled by default in all regions"). Free; existing volumes are unchanged; the setting is per region.
 * https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
 */
import type { Ec2Action } from '../../aws/actions/index.js';
import { ebsEncryptionByDefault } from '../../aws/ec2.js';
import { acrossRegions, regionList, type RegionalState } from '../regional.js';
import { defineStep } from '../types.js';

interface State {
  enabled: boolean;
}

/** One region's one call, when it needs it. */
function actionsFor(region: string, s: State): Ec2Action[] {
  return s.enabled ? [] : [{ service: 'ec2', op: 'EnableEbsEncryptionByDefault', input: {}, region, note: `new volumes and snapshot copies in ${region} are encrypted (key aws/ebs)` }];
}

export const ebsEncryptionStep = defineStep<RegionalState<State>>({
  id: 'ebs-encryption',
  title: 'EBS encryption',
  why: 'A volume encrypted by default cannot leak its data through a snapshot shared by mistake or a disk taken out of service.',

  ...acrossRegions<State>({
    read: async (aws) => ({ enabled: await ebsEncryptionByDefault(aws) }),
    isDone: (s) => s.enabled,
    actionsFor,
    words: {
      done: (n) => `New EBS volumes are encrypted by default in ${n === 1 ? 'the one enabled region' : `all ${n} enabled regions`}.`,
      todo: (regions, total) => `New EBS volumes are not encrypted by default in ${regions.length} of ${total} regions (${regionList(regions)}).`,
    },
  }),
});
