/**
 * mfa-guard: the administrators group denies every call made without MFA (policy.ts), so that a
 * leaked admin access key alone can do nothing. It must never lock the admins out, so it waits for
 * three things, in this order: the admin user has an MFA device (admin-mfa), a key in the keychain and
 * a profile that makes MFA sessions with it (access-key), and a session made with a code that AWS
 * accepts now (session.ts: the operator runs the profile once, in another terminal). The policy is
 * then put with that very session and read back with it, which shows the admins still get in. Last of
 * all the steps: nothing after it signs with a long-term admin key.
 */
import type { Aws } from '../../aws/context.js';
import { getGroup, groupsForUser, type IamGroup } from '../../aws/iam-identity.js';
import { isAwsError } from '../../aws/error-map.js';
import { listUserMfaDevices } from '../../aws/iam-mfa.js';
import { plannedCalls, runAction, type IamAction, type StsAction } from '../../aws/actions/index.js';
import { getGroupPolicy } from '../../aws/iam-group-policy.js';
import { ExitCode, OperatorError, isOperatorError } from '../../errors.js';
import { accessKeyEntry, parseAccessKey } from '../../keychain/index.js';
import { mfaSession } from '../../keychain/mfa-session.js';
import { adminGroupName, adminProfileName, adminUserName, keychainOf } from '../identity.js';
import { defineStep, type Finding, type StepContext, type WaitRequest } from '../types.js';
import { GUARD_POLICY, GUARD_POLICY_NAME, isGuard, undoCommand } from './policy.js';
import { provenSession, withSession } from './session.js';

interface Data {
  groupName: string;
  userName: string;
  profile: string;
  serial: string;
  /** The group has an inline policy of the guard's name that is something else: it is replaced. */
  differs: boolean;
  /** Other members of the group without an MFA device: they can only set one up once the guard is on. */
  withoutMfa: string[];
}

const WHY = 'A leaked admin access key alone can then do nothing: every call without MFA is denied, except setting up one’s own MFA.';

/**
 * The group, or `member` when `user` is in it (so it exists: admin-user's read-back of the user's
 * groups says so, and the run's read cache answers it); its members are then read only when needed.
 */
async function findGroup(aws: Aws, groupName: string, user: string): Promise<IamGroup | 'member' | undefined> {
  try {
    if ((await groupsForUser(aws, user)).includes(groupName)) return 'member';
  } catch (e) {
    if (!isAwsError(e, 'NoSuchEntity')) throw e;
  }
  return getGroup(aws, groupName);
}

async function inspect(ctx: StepContext, aws: Aws): Promise<Finding<Data>> {
  const groupName = adminGroupName(ctx);
  const userName = adminUserName(ctx);
  const profile = adminProfileName(ctx);
  const found = await findGroup(aws, groupName, userName);
  if (!found) {
    return {
      status: 'blocked',
      summary: `No group "${groupName}" yet: the guard goes on the administrators group (admin-group step).`,
      waitsFor: {
        step: 'admin-group',
        then: `Would deny every call without MFA to the members of "${groupName}", once an MFA session of "${userName}" is proven`,
        preview: 'in this preview the group, the user and its MFA device are not made',
      },
    };
  }
  const current = await getGroupPolicy(aws, groupName, GUARD_POLICY_NAME);
  if (isGuard(current)) {
    return { status: 'done', summary: `Group "${groupName}" denies every call made without MFA (inline policy ${GUARD_POLICY_NAME}). Undo: ${undoCommand(groupName, profile)}` };
  }
  const serial = (await listUserMfaDevices(aws, userName))?.[0];
  if (serial === undefined) {
    return {
      status: 'blocked',
      summary: `"${userName}" has no MFA device yet, so the guard waits: with it on, "${userName}" could then do nothing but set one up.`,
      waitsFor: {
        step: 'admin-mfa',
        then: `Would deny every call without MFA to the members of "${groupName}", once an MFA session of "${userName}" is proven`,
        preview: 'in this preview no MFA device is enrolled, so no session can be proven',
      },
    };
  }
  if (!parseAccessKey(await keychainOf(ctx).get(accessKeyEntry(ctx.identity.account, userName)))) {
    return { status: 'blocked', summary: `"${userName}" has no access key in the keychain yet (access-key step): an MFA session is made with it.` };
  }
  const group = found === 'member' ? await getGroup(aws, groupName) : found;
  const withoutMfa: string[] = [];
  for (const member of group?.members ?? []) {
    if (member !== userName && (await listUserMfaDevices(aws, member))?.length === 0) withoutMfa.push(member);
  }
  const others = withoutMfa.length ? ` ${withoutMfa.join(', ')} (in the group, without MFA) could then only set up MFA.` : '';
  const replaces = current === undefined ? '' : ` The group's policy ${GUARD_POLICY_NAME} is something else now; it is replaced.`;
  return {
    status: 'todo',
    summary: `Members of "${groupName}" can use their access keys without MFA.${replaces}${others} The guard goes on only after you show that an MFA session of "${userName}" works. Undo later: ${undoCommand(groupName, profile)} (asks for a code).`,
    data: { groupName, userName, profile, serial, differs: current !== undefined, withoutMfa },
  };
}

/**
 * Reads as the run signs. Once the root key this run signed with is gone (root-access-keys just deleted
 * it), reads as the admin: with their MFA session if one is cached, else with their long-term key, which
 * still reads while the guard is not on (with it on, that read is denied, and the operator is told to
 * run again with the admin profile, which makes an MFA session).
 */
async function inspectAsAvailable(ctx: StepContext): Promise<Finding<Data>> {
  try {
    return await inspect(ctx, ctx.aws);
  } catch (e) {
    if (!(isOperatorError(e) && e.code === 'invalid-credentials') || !ctx.keychain) throw e;
    const userName = adminUserName(ctx);
    const profile = adminProfileName(ctx);
    const aws = await adminLayer(ctx, userName);
    const gone: Finding<Data> = {
      status: 'blocked',
      summary: `This run's credentials no longer work (the root access keys were just deleted). Run aws-harden --profile ${profile}: it asks for an MFA code, and this step can then finish.`,
    };
    if (!aws) return gone;
    try {
      return await inspect(ctx, aws);
    } catch (again) {
      if (isOperatorError(again) && (again.code === 'access-denied' || again.code === 'invalid-credentials')) return gone;
      throw again;
    } finally {
      aws.destroy();
    }
  }
}

/** The admin's MFA session if one works now, else their long-term key; undefined when the keychain has neither. */
async function adminLayer(ctx: StepContext, userName: string): Promise<Aws | undefined> {
  const session = await provenSession(ctx, userName);
  if (session) return withSession(ctx.aws, session);
  const key = parseAccessKey(await keychainOf(ctx).get(accessKeyEntry(ctx.identity.account, userName)));
  return key ? ctx.aws.withCredentials({ accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }) : undefined;
}

/** What the operator does: use the admin profile once, in another terminal, typing one MFA code. */
function proofRequest(ctx: StepContext, d: Data): WaitRequest {
  const env = ctx.env ?? process.env;
  // A sandbox's profile lives in its temp config, and its STS on loopback: the command says so.
  const prefix = ctx.sandbox && ctx.aws.endpoint ? `AWS_CONFIG_FILE=${env.AWS_CONFIG_FILE ?? ''} AWS_ENDPOINT_URL=${ctx.aws.endpoint} ` : '';
  const sandbox = ctx.sandbox;
  return {
    title: `Show that an MFA session of "${d.userName}" works`,
    instructions: [
      `In another terminal, run: ${prefix}aws sts get-caller-identity --profile ${d.profile}`,
      `Type the code your authenticator app shows for "${d.userName}" when it asks (once: the session is kept in the keychain for an hour${sandbox ? '; the sandbox and its profile go when the wizard ends' : ''}).`,
      'Come back here: this screen moves on by itself once AWS accepts that session, and only then puts the guard on.',
    ],
    watching: `Watching for an MFA session of "${d.userName}" that AWS accepts`,
    poll: async () => (await provenSession(ctx, d.userName, d.serial)) !== undefined,
    ...(sandbox
      ? {
          simulates: 'Sandbox: m makes that session for you, with the code the device shows now.',
          simulate: async () => {
            const code = await sandbox.mfaCode(d.serial);
            await mfaSession(
              { account: ctx.identity.account, user: d.userName, serial: d.serial, durationSeconds: 3600, region: ctx.region },
              { keychain: keychainOf(ctx), ask: () => Promise.resolve(code), tell: () => undefined, env: { ...env, ...(ctx.aws.endpoint ? { AWS_ENDPOINT_URL: ctx.aws.endpoint } : {}) } },
            );
          },
        }
      : {}),
  };
}

/**
 * The proof and the change, both signed with the admin's MFA session. The proof is not made by
 * running this action: provenSession (session.ts) asks STS, before and right before the change.
 */
function actionsFor(groupName: string, userName: string, differs: boolean | undefined): [StsAction, Extract<IamAction, { op: 'PutGroupPolicy' }>] {
  return [
    { service: 'sts', op: 'GetCallerIdentity', input: {}, note: `signed with the MFA session of "${userName}" you make: it must answer as "${userName}"` },
    {
      service: 'iam',
      op: 'PutGroupPolicy',
      input: { GroupName: groupName, PolicyName: GUARD_POLICY_NAME, PolicyDocument: GUARD_POLICY },
      note: `signed with that session${differs ? '; replaces the policy of that name' : ''}`,
    },
  ];
}

export const mfaGuardStep = defineStep<Data>({
  id: 'mfa-guard',
  title: 'MFA guard',
  why: WHY,
  needsHuman: 'it waits for a code from the admin’s authenticator app, which proves the admins are not locked out',
  dependsOn: ['admin-group', 'admin-user', 'admin-mfa', 'access-key'],

  check: inspectAsAvailable,

  /** The same two calls whether or not the check could read the group yet (a preview of a new account). */
  plan(ctx, finding) {
    const groupName = finding.data?.groupName ?? adminGroupName(ctx);
    const userName = finding.data?.userName ?? adminUserName(ctx);
    return plannedCalls(actionsFor(groupName, userName, finding.data?.differs));
  },

  async apply(ctx, finding, _answers, operator) {
    const d = finding.data;
    if (!d) throw new OperatorError('usage', 'The MFA guard has nothing to apply: its check found nothing to do.', undefined, ExitCode.Bug);
    const result = await operator.waitFor(proofRequest(ctx, d));
    if (result === 'skipped') return { skipped: 'MFA guard not put on (no MFA session shown); admin keys still work without MFA' };
    // Proven again right before the change, and the change made with it.
    const session = await provenSession(ctx, d.userName, d.serial);
    if (!session) {
      throw new OperatorError(
        'usage',
        `The MFA session of "${d.userName}" stopped working before the guard went on; nothing was changed.`,
        `Run aws sts get-caller-identity --profile ${d.profile} again, then run aws-harden again.`,
        ExitCode.StepFailed,
      );
    }
    // Not the run's layer: the change is signed with the session just proven.
    const [, put] = actionsFor(d.groupName, d.userName, d.differs);
    const aws = await withSession(ctx.aws, session);
    try {
      await runAction(aws, put);
    } finally {
      aws.destroy();
    }
  },

  /** Read back with the MFA session: with the guard on, it is what still gets in, and that is the point. */
  async verify(ctx) {
    const session = await provenSession(ctx, adminUserName(ctx));
    if (!session) return inspectAsAvailable(ctx);
    const aws = await withSession(ctx.aws, session);
    try {
      return await inspect(ctx, aws);
    } finally {
      aws.destroy();
    }
  },
});
