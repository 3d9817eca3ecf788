/** EC2 actions: EBS encryption by default, and the rules of a VPC's default security group. */
import { enableEbsEncryptionByDefault } from '../ec2.js';
import { revokeRules, type RevokeInput } from '../ec2-security-groups.js';
import type { ActionShape, Operation } from './types.js';

export type Ec2Action =
  | ActionShape<'ec2', 'EnableEbsEncryptionByDefault', Record<string, never>>
  | ActionShape<'ec2', 'RevokeSecurityGroupIngress', RevokeInput>
  | ActionShape<'ec2', 'RevokeSecurityGroupEgress', RevokeInput>;

type Op<O extends Ec2Action['op']> = Operation<Extract<Ec2Action, { op: O }>, void>;

export const EC2_OPERATIONS: { [O in Ec2Action['op'] as `ec2:${O}`]: Op<O> } = {
  'ec2:EnableEbsEncryptionByDefault': { run: (aws) => enableEbsEncryptionByDefault(aws) },
  'ec2:RevokeSecurityGroupIngress': { run: (aws, i) => revokeRules(aws, 'ingress', i) },
  'ec2:RevokeSecurityGroupEgress': { run: (aws, i) => revokeRules(aws, 'egress', i) },
};
