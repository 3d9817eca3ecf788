/** EC2, seen through the calls aws-harden makes: the account's EBS default encryption, per region. */
import type { Aws } from './context.js';

/** Whether new EBS volumes in the layer's region are encrypted by default. */
export async function ebsEncryptionByDefault(aws: Aws): Promise<boolean> {
  const { GetEbsEncryptionByDefaultCommand } = await import('@aws-sdk/client-ec2');
  const out = await (await aws.client('ec2')).send(new GetEbsEncryptionByDefaultCommand({}));
  return out.EbsEncryptionByDefault === true;
}

/** Sets a state: sending it twice is sending it once (listed in retry.ts RESENDABLE). */
export async function enableEbsEncryptionByDefault(aws: Aws): Promise<void> {
  const { EnableEbsEncryptionByDefaultCommand } = await import('@aws-sdk/client-ec2');
  await (await aws.client('ec2')).send(new EnableEbsEncryptionByDefaultCommand({}));
}
