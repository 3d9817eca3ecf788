/**
 * admin-mfa: the admin user has a virtual MFA device, enrolled in the terminal: the QR code is drawn
 * on screen, the operator scans it and types two consecutive codes, which are checked locally before
 * EnableMFADevice. The seed lives only in memory; a device left unassigned by an abandoned run cannot be
 * used (its seed is gone), so it is deleted and made again.
 */
import { accountAlias } from '../aws/iam-identity.js';
import { createVirtualMfaDevice, deleteVirtualMfaDevice, enableMfaDevice, listUnassignedVirtualMfaDevices, listUserMfaDevices } from '../aws/iam-mfa.js';
import { ExitCode, OperatorError } from '../errors.js';
import { adminUserName } from './identity.js';
import { checkMfaCodes, otpauthUri } from './mfa-codes.js';
import { defineStep, type PlannedCall } from './types.js';

interface Data {
  userName: string;
  /** Unassigned virtual devices named for this user: leftovers of an abandoned enrolment. */
  leftovers: string[];
}

/** Our devices are named after the user: `arn:…:mfa/<user>` (any path). */
function isNamedFor(serial: string, userName: string): boolean {
  return serial.endsWith(`/${userName}`);
}

export const adminMfaStep = defineStep<Data>({
  id: 'admin-mfa',
  title: 'Admin MFA',
  why: 'The admin can do almost anything; with MFA a leaked password alone does not get in.',
  needsHuman: 'enrolling MFA means scanning a QR code and typing two codes from an authenticator app',

  async check(ctx) {
    const userName = adminUserName(ctx);
    const devices = await listUserMfaDevices(ctx.aws, userName);
    if (devices && devices.length > 0) return { status: 'done', summary: `The admin user ${userName} has MFA.`, data: { userName, leftovers: [] } };
    const leftovers = (await listUnassignedVirtualMfaDevices(ctx.aws)).filter((s) => isNamedFor(s, userName));
    const summary = devices === undefined
      ? `The admin user ${userName} does not exist yet (the Admin user step makes it); then it gets an MFA device here.`
      : `The admin user ${userName} has no MFA device: you will scan a QR code with an authenticator app and type two codes.`;
    return {
      status: 'todo',
      summary: leftovers.length ? `${summary} A device left unfinished by an earlier run is replaced.` : summary,
      data: { userName, leftovers },
    };
  },

  plan(_ctx, finding) {
    const { userName, leftovers } = finding.data ?? { userName: 'admin', leftovers: [] };
    return [
      ...leftovers.map((serial): PlannedCall => ({ service: 'iam', operation: 'DeleteVirtualMFADevice', params: { SerialNumber: serial }, note: 'an unfinished device from an earlier run' })),
      { service: 'iam', operation: 'CreateVirtualMFADevice', params: { VirtualMFADeviceName: userName, Tags: [{ Key: 'created-by', Value: 'aws-harden' }] } },
      {
        service: 'iam',
        operation: 'EnableMFADevice',
        params: { UserName: userName, SerialNumber: '<from CreateVirtualMFADevice>', AuthenticationCode1: '<your first code>', AuthenticationCode2: '<the next code>' },
        note: 'after you scan the QR code and type two codes',
      },
    ];
  },

  async apply(ctx, finding, _answers, operator) {
    if (!operator) throw new OperatorError('usage', 'Admin MFA needs a person with an authenticator.', undefined, ExitCode.Bug);
    const userName = finding.data?.userName ?? adminUserName(ctx);
    for (const serial of finding.data?.leftovers ?? []) await deleteVirtualMfaDevice(ctx.aws, serial);
    const label = `${userName}@${(await accountAlias(ctx.aws)) ?? ctx.identity.account}`;
    const device = await createVirtualMfaDevice(ctx.aws, userName);
    try {
      const codes = await operator.enrollMfa({
        uri: otpauthUri(device.seed, label),
        secret: device.seed,
        label,
        check: (code1, code2) => checkMfaCodes(device.seed, code1, code2),
      });
      if (codes === 'skipped') {
        await deleteVirtualMfaDevice(ctx.aws, device.serialNumber);
        return { skipped: 'admin MFA not enrolled (skipped); audit stays red until it is' };
      }
      await enableMfaDevice(ctx.aws, userName, device.serialNumber, codes.code1, codes.code2);
    } catch (e) {
      // The seed dies with this run: an unassigned device could never be enabled, so do not leave it.
      await deleteVirtualMfaDevice(ctx.aws, device.serialNumber).catch(() => undefined);
      throw e;
    }
    return undefined;
  },
});
