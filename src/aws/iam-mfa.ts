/** IAM's MFA device calls, seen narrowly. "Not found" comes back as undefined or an empty list. */
import type { Aws } from './context.js';
import { isAwsError } from './errors.js';

export interface VirtualMfaDevice {
  serialNumber: string;
  /** Base32 seed as text. A secret: keep it in memory only. */
  seed: string;
}

/** Serial numbers of the MFA devices assigned to a user; undefined when the user does not exist. */
export async function listUserMfaDevices(aws: Aws, userName: string): Promise<string[] | undefined> {
  const { ListMFADevicesCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new ListMFADevicesCommand({ UserName: userName }));
    return (out.MFADevices ?? []).map((d) => d.SerialNumber ?? '').filter((s) => s !== '');
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

/** Virtual MFA devices created but never enabled (their seed is gone: they can only be deleted). */
export async function listUnassignedVirtualMfaDevices(aws: Aws): Promise<string[]> {
  const { ListVirtualMFADevicesCommand } = await import('@aws-sdk/client-iam');
  const iam = await aws.client('iam');
  const serials: string[] = [];
  let marker: string | undefined;
  do {
    const out = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned', ...(marker ? { Marker: marker } : {}) }));
    for (const d of out.VirtualMFADevices ?? []) if (d.SerialNumber) serials.push(d.SerialNumber);
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return serials;
}

export async function createVirtualMfaDevice(aws: Aws, name: string): Promise<VirtualMfaDevice> {
  const { CreateVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
  const out = await (await aws.client('iam')).send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Tags: [{ Key: 'created-by', Value: 'aws-harden' }] }));
  const device = out.VirtualMFADevice;
  const seed = device?.Base32StringSeed ? new TextDecoder().decode(device.Base32StringSeed) : '';
  if (!device?.SerialNumber || !/^[A-Z2-7]+=*$/.test(seed)) throw new Error('CreateVirtualMFADevice returned no usable serial number or seed');
  return { serialNumber: device.SerialNumber, seed };
}

export async function enableMfaDevice(aws: Aws, userName: string, serialNumber: string, code1: string, code2: string): Promise<void> {
  const { EnableMFADeviceCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
}

export async function deleteVirtualMfaDevice(aws: Aws, serialNumber: string): Promise<void> {
  const { DeleteVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
  try {
    await (await aws.client('iam')).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }));
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return;
    throw e;
  }
}

