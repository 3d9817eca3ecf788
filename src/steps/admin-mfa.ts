/**
 * admin-mfa: the admin user has a virtual MFA device, enrolled in the terminal: the QR code is drawn
 * on screen, the operator scans it and types two consecutive codes, which are checked locally before
 * EnableMFADevice. The seed lives only in memory; a device aws-harden made for this user and an
 * abandoned run left unassigned cannot be used (its seed is gone), so it is deleted and made again.
 *
 * Virtual MFA device names are unique per account (the serial is `arn:…:mfa/<name>`): when the name
 * aws-harden would use is taken by someone else's device (assigned to another user, or unassigned and
 * not made by aws-harden for this user), the new device gets a free name (`admin-2`, …) and the step
 * says so. Someone else's device is never deleted.
 */
import { accountAlias } from '../aws/iam-identity.js';
import { isAwsError } from '../aws/error-map.js';
import { plannedCalls, runAction, runActions, type IamAction, type Tag } from '../aws/actions/index.js';
import { listUserMfaDevices, listVirtualMfaDevices, mfaDeviceName, mfaDeviceTags, type VirtualMfaDevice } from '../aws/iam-mfa.js';
import { ExitCode, OperatorError } from '../errors.js';
import type { Aws } from '../aws/context.js';
import { CREATED_BY_TAG, adminUserName } from './identity.js';
import { checkMfaCodes, clockNotice, otpauthUri } from './mfa-codes.js';
import { defineStep } from './types.js';

/** On devices aws-harden makes: the user it is for (the device name may not say, see above). */
const FOR_USER_TAG = 'aws-harden-user';
/** How many suffixed names (`admin-2` … ) are tried before giving up. */
const MAX_SUFFIX = 50;

interface Data {
  userName: string;
  /** Unassigned devices aws-harden made for this user: leftovers of an abandoned enrolment. */
  leftovers: string[];
  /** The name the new device gets. */
  deviceName: string;
  /** Set when the preferred name (the user's) is taken by someone else's device: by what. */
  takenBy?: string;
}

function deviceTags(userName: string): Tag[] {
  return [
    { Key: CREATED_BY_TAG.key, Value: CREATED_BY_TAG.value },
    { Key: FOR_USER_TAG, Value: userName },
  ];
}

function removals(leftovers: readonly string[]): IamAction[] {
  return leftovers.map((serial) => ({ service: 'iam', op: 'DeleteVirtualMFADevice', input: { SerialNumber: serial }, note: 'an unfinished device from an earlier run' }));
}

/** The device under `deviceName`, tagged with whom it is for. */
function creation(userName: string, deviceName: string): Extract<IamAction, { op: 'CreateVirtualMFADevice' }> {
  return {
    service: 'iam',
    op: 'CreateVirtualMFADevice',
    input: { VirtualMFADeviceName: deviceName, Tags: deviceTags(userName) },
    ...(deviceName !== userName ? { note: `"${userName}" is taken by another device` } : {}),
  };
}

/** The device assigned with two codes; the plan shows placeholders for the serial and the codes. */
function enabling(userName: string, serial: string, code1: string, code2: string): Extract<IamAction, { op: 'EnableMFADevice' }> {
  return {
    service: 'iam',
    op: 'EnableMFADevice',
    input: { UserName: userName, SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 },
    note: 'after you scan the QR code and type two codes',
  };
}

/** Ours to delete: unassigned, made by aws-harden for this user (older runs: no user tag, named after the user). */
function isLeftover(tags: Record<string, string> | undefined, name: string, userName: string): boolean {
  if (tags?.[CREATED_BY_TAG.key] !== CREATED_BY_TAG.value) return false;
  const forUser = tags[FOR_USER_TAG];
  return forUser === undefined ? name === userName : forUser === userName;
}

/** Leftovers to replace, and the first free device name once they are gone. */
async function chooseName(aws: Aws, userName: string): Promise<Pick<Data, 'leftovers' | 'deviceName' | 'takenBy'>> {
  const devices = await listVirtualMfaDevices(aws);
  const leftovers: string[] = [];
  const taken = new Map<string, string>();
  for (const d of devices) {
    const name = mfaDeviceName(d.serialNumber);
    if (d.user === undefined && isLeftover(await mfaDeviceTags(aws, d.serialNumber), name, userName)) leftovers.push(d.serialNumber);
    else taken.set(name, d.user ? `the MFA device of user "${d.user}"` : d.user === '' ? 'an assigned MFA device' : 'an unassigned MFA device aws-harden did not make for this user (left alone)');
  }
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = n === 1 ? userName : `${userName}-${n}`;
    if (!taken.has(name)) return { leftovers, deviceName: name, ...(n > 1 ? { takenBy: taken.get(userName) } : {}) };
  }
  throw new OperatorError(
    'aws',
    `The MFA device names "${userName}" to "${userName}-${MAX_SUFFIX}" are all taken in this account.`,
    'Delete unused virtual MFA devices in the IAM console (IAM → Users → Security credentials, or the MFA device list), then run again.',
    ExitCode.StepFailed,
  );
}

/** AWS's clock minus this computer's, in seconds, as the AWS layer last saw it (undefined before any answer). */
function awsSkewSeconds(aws: Aws): number | undefined {
  return aws.clockSkewMs === undefined ? undefined : aws.clockSkewMs / 1000;
}

function nameNote(d: Pick<Data, 'userName' | 'deviceName' | 'takenBy'>): string {
  return d.takenBy === undefined ? '' : ` The device name "${d.userName}" is taken by ${d.takenBy} (device names are unique per account): the new device is named "${d.deviceName}".`;
}

export const adminMfaStep = defineStep<Data>({
  id: 'admin-mfa',
  // The user is the admin-user step's.
  dependsOn: ['admin-user'],
  title: 'Admin MFA',
  why: 'The admin can do almost anything; with MFA a leaked password alone does not get in.',
  needsHuman: 'enrolling MFA means scanning a QR code and typing two codes from an authenticator app',

  // Without a person (--yes) the device cannot be enrolled, but the unusable leftovers still go.
  tidy: {
    plan: (_ctx, finding) => plannedCalls(removals(finding.data?.leftovers ?? [])),
    async apply(ctx, finding) {
      await runActions(ctx.aws, removals(finding.data?.leftovers ?? []));
    },
  },

  async check(ctx) {
    const userName = adminUserName(ctx);
    const devices = await listUserMfaDevices(ctx.aws, userName);
    if (devices && devices.length > 0) return { status: 'done', summary: `The admin user ${userName} has MFA.`, data: { userName, leftovers: [], deviceName: userName } };
    const choice = await chooseName(ctx.aws, userName);
    const summary =
      devices === undefined
        ? `The admin user ${userName} does not exist yet (the Admin user step makes it); then it gets an MFA device here.`
        : `The admin user ${userName} has no MFA device: you will scan a QR code with an authenticator app and type two codes.`;
    const clock = clockNotice(awsSkewSeconds(ctx.aws));
    return {
      status: 'todo',
      summary: `${summary}${choice.leftovers.length ? ' A device left unfinished by an earlier run is replaced.' : ''}${nameNote({ userName, ...choice })}${clock ? ` ${clock} The codes are checked by AWS's clock.` : ''}`,
      data: { userName, ...choice },
    };
  },

  plan(_ctx, finding) {
    const { userName, leftovers, deviceName } = finding.data ?? { userName: 'admin', leftovers: [], deviceName: 'admin' };
    return plannedCalls([...removals(leftovers), creation(userName, deviceName), enabling(userName, '<from CreateVirtualMFADevice>', '<your first code>', '<the next code>')]);
  },

  /**
   * The plan's actions, but not as one list: the device's name is chosen afresh (makeDevice), and the
   * codes come from the operator scanning its QR code, so apply makes each call when it has its input.
   */
  async apply(ctx, finding, _answers, operator) {
    const userName = finding.data?.userName ?? adminUserName(ctx);
    const label = `${userName}@${(await accountAlias(ctx.aws)) ?? ctx.identity.account}`;
    const device = await makeDevice(ctx.aws, userName);
    try {
      const codes = await operator.enrollMfa({
        uri: otpauthUri(device.seed, label),
        secret: device.seed,
        label,
        // Read on every try: the latest answer's Date says what AWS's clock reads.
        check: (code1, code2) => checkMfaCodes(device.seed, code1, code2, Date.now() / 1000, awsSkewSeconds(ctx.aws)),
      });
      if (codes === 'skipped') {
        await runActions(ctx.aws, removals([device.serialNumber]));
        return { skipped: 'admin MFA not enrolled (skipped); audit stays red until it is' };
      }
      try {
        await runAction(ctx.aws, enabling(userName, device.serialNumber, codes.code1, codes.code2));
      } catch (e) {
        if (!isAwsError(e, 'InvalidAuthenticationCode')) throw e;
        const clock = clockNotice(awsSkewSeconds(ctx.aws));
        throw new OperatorError(
          'aws',
          `AWS did not accept the two codes (InvalidAuthenticationCode), although they matched this device here by AWS's clock: the codes were probably too old by the time they arrived${clock ? '. ' + clock : ', or the phone clock is off'}. The device was removed.`,
          `${clock ? 'Fix the clock' : 'Set the phone to take its time from the network'}, then retry: scan the new QR code and type two fresh consecutive codes right away.`,
          ExitCode.StepFailed,
          { cause: e },
        );
      }
    } catch (e) {
      // The seed dies with this run: an unassigned device could never be enabled, so do not leave it.
      await runActions(ctx.aws, removals([device.serialNumber])).catch(() => undefined);
      throw e;
    }
    return undefined;
  },
});

/**
 * Deletes this user's leftovers and makes the device under the first free name, read afresh (the
 * check may be minutes old); a name taken in between (EntityAlreadyExists) moves on to the next.
 */
async function makeDevice(aws: Aws, userName: string): Promise<VirtualMfaDevice> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const choice = await chooseName(aws, userName);
    await runActions(aws, removals(choice.leftovers));
    const device = await runAction(aws, creation(userName, choice.deviceName));
    if (device) return device;
  }
  throw new OperatorError(
    'aws',
    `Could not make a virtual MFA device for "${userName}": each free name was taken by the time it was used.`,
    'Something else is making MFA devices in this account right now; run again in a moment.',
    ExitCode.StepFailed,
  );
}
