/** IAM's MFA device calls, seen narrowly. "Not found" comes back as undefined or an empty list. */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { bornWithout } from './implied.js';
import { sendOnce } from './once.js';

export interface VirtualMfaDevice {
  serialNumber: string;
  /** Base32 seed as text. A secret: keep it in memory only. */
  seed: string;
}

/** Serial numbers of the MFA devices assigned to a user; undefined when the user does not exist. */
export async function listUserMfaDevices(aws: Aws, userName: string): Promise<string[] | undefined> {
  if (bornWithout(aws, 'user', userName, 'mfa')) return [];
  const { ListMFADevicesCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new ListMFADevicesCommand({ UserName: userName }));
    return (out.MFADevices ?? []).map((d) => d.SerialNumber ?? '').filter((s) => s !== '');
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

/** A virtual MFA device of the account; `user` is set when it is assigned. */
export interface VirtualMfaDeviceInfo {
  serialNumber: string;
  user?: string;
}

/** Every virtual MFA device of the account, assigned or not (device names are unique per account). */
export async function listVirtualMfaDevices(aws: Aws): Promise<VirtualMfaDeviceInfo[]> {
  const { ListVirtualMFADevicesCommand } = await import('@aws-sdk/client-iam');
  const iam = await aws.client('iam');
  const devices: VirtualMfaDeviceInfo[] = [];
  let marker: string | undefined;
  do {
    const out = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', ...(marker ? { Marker: marker } : {}) }));
    for (const d of out.VirtualMFADevices ?? []) {
      // moto leaves out User but sets EnableDate on assigned devices.
      const user = d.User?.UserName ?? (d.EnableDate ? '' : undefined);
      if (d.SerialNumber) devices.push({ serialNumber: d.SerialNumber, ...(user !== undefined ? { user } : {}) });
    }
    marker = out.IsTruncated ? out.Marker : undefined;
  } while (marker);
  return devices;
}

/** The device's tags; undefined when it no longer exists. */
export async function mfaDeviceTags(aws: Aws, serialNumber: string): Promise<Record<string, string> | undefined> {
  const { ListMFADeviceTagsCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber }));
    return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

/** The device name in a serial number `arn:…:mfa/<path><name>`. */
export function mfaDeviceName(serialNumber: string): string {
  return serialNumber.slice(serialNumber.lastIndexOf('/') + 1);
}

/**
 * A new virtual device; undefined when the name is taken in the account (EntityAlreadyExists). When
 * the answer is lost, the device may exist with a seed nobody will ever see: an unassigned device of
 * that name is that one, and is deleted before one more try.
 */
export async function createVirtualMfaDevice(aws: Aws, name: string, tags: Record<string, string>): Promise<VirtualMfaDevice | undefined> {
  const { CreateVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
  let out;
  try {
    out = await sendOnce(
      async () => (await aws.client('iam')).send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })),
      async () => {
        const lost = (await listVirtualMfaDevices(aws)).find((d) => d.user === undefined && mfaDeviceName(d.serialNumber) === name);
        if (lost) await deleteVirtualMfaDevice(aws, lost.serialNumber);
        return undefined;
      },
    );
  } catch (e) {
    if (isAwsError(e, 'EntityAlreadyExists')) return undefined;
    throw e;
  }
  const device = out.VirtualMFADevice;
  const seed = device?.Base32StringSeed ? new TextDecoder().decode(device.Base32StringSeed) : '';
  if (!device?.SerialNumber || !/^[A-Z2-7]+=*$/.test(seed)) throw new Error('CreateVirtualMFADevice returned no usable serial number or seed');
  return { serialNumber: device.SerialNumber, seed };
}

/** Assigns the device to the user. A lost answer is settled by reading the user's devices. */
export async function enableMfaDevice(aws: Aws, userName: string, serialNumber: string, code1: string, code2: string): Promise<void> {
  const { EnableMFADeviceCommand } = await import('@aws-sdk/client-iam');
  await sendOnce(
    async () => (await (await aws.client('iam')).send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 })), true),
    async () => ((await listUserMfaDevices(aws, userName))?.includes(serialNumber) ? true : undefined),
  );
}

/** Deletes a device; one already gone is fine, so a lost answer is settled by sending it again. */
export async function deleteVirtualMfaDevice(aws: Aws, serialNumber: string): Promise<void> {
  const { DeleteVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
  try {
    await sendOnce(
      async () => (await (await aws.client('iam')).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })), true),
      async () => undefined,
    );
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return;
    throw e;
  }
}
