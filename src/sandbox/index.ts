/**
 * The sandbox account: moto on loopback, behind an overlay that adds the root user. It is what the
 * tests, the recordings and `--sandbox` runs talk to instead of AWS. It starts as one of the account
 * shapes of shapes.ts (default `fresh`).
 */
import { startMoto, SandboxError } from './moto.js';
import { MOTO_DEFAULT_ACCOUNT_ID, startOverlay, type FaultOptions, type RootCredentials, type StrictOptions } from './overlay/index.js';
import { OrganizationRule, OrganizationTrailRule } from './overlay/rules/organization.js';
import { OptInRegionsRule } from './overlay/rules/regions.js';
import type { Rule, RuleContext } from './overlay/types.js';
import { SANDBOX_MEMBER_ACCOUNT_ID, seedShape, shapeLocation, type SandboxShape, type ShapeFacts, type TemporaryCredentials } from './shapes.js';

export { SandboxError, findMotoServer, projectRoot, startMoto } from './moto.js';
export type { MotoServer, StartMotoOptions } from './moto.js';
export { MOTO_DEFAULT_ACCOUNT_ID, startOverlay } from './overlay/index.js';
export type { FaultOptions, FaultReport, Overlay, OverlayState, RootCredentials, StartOverlayOptions, StrictOptions } from './overlay/index.js';

export { SANDBOX_SHAPES, isSandboxShape } from './shapes.js';
export type { SandboxShape, ShapeFacts, TemporaryCredentials } from './shapes.js';

export interface Sandbox {
  /** The overlay: point every SDK client here (`endpoint`, or AWS_ENDPOINT_URL), with forcePathStyle for S3. */
  endpoint: string;
  /** moto itself, for its control API (`/moto-api/...`); calls made here bypass the root overlay. */
  motoEndpoint: string;
  shape: SandboxShape;
  /** `aws`, or `aws-cn` for that shape. */
  partition: string;
  /** us-east-1, or cn-north-1 in `aws-cn`. */
  region: string;
  accountId: string;
  /**
   * The root user's access key, as a brand-new account's owner would hold it. In `org-member` the root
   * user has no credentials, and in `console-login` no access key: this key is refused
   * (InvalidClientTokenId), as a deleted one is.
   */
  rootCredentials: RootCredentials;
  /**
   * What the operator starts with: the root key, or in `org-member` a session of the
   * OrganizationAccountAccessRole (with a session token). After `/moto-api/reset` the same object
   * holds the new session.
   */
  operatorCredentials: TemporaryCredentials;
  /** What the shape made (organization, trails). */
  facts: ShapeFacts;
  /** Enrols the root user's MFA, as the operator would in the console (AWS has no API for it). */
  markRootMfaEnrolled(): Promise<void>;
  /** The current code of an MFA device made in this sandbox, as its app would show it. */
  mfaCode(serial: string): Promise<string>;
  /** The AWS requests the sandbox has received, by `service:Action` (overlay/index.ts). */
  received(): Record<string, number>;
  stop(): Promise<void>;
}

export interface StartSandboxOptions {
  /** Extra environment for moto, e.g. the recorder's `MOTO_ENABLE_RECORDING`. */
  motoEnv?: Record<string, string>;
  /** Network faults from the start (overlay/faults.ts), e.g. for a demo of throttling. */
  faults?: FaultOptions;
  /**
   * The account's 12-digit id (default moto's 123456789012; 210987654321 in `org-member`). Runs that
   * write the real keychain use their own, so their entries (keyed by account) never meet another sandbox's.
   */
  accountId?: string;
  /** AWS's documented validations on top of moto (default on); `false` is moto's own leniency. */
  strict?: boolean | StrictOptions;
  /**
   * Opt-in regions the account has enabled (default none, as in a new account): listed by
   * ec2:DescribeRegions as `opted-in` and answering calls (overlay/rules/regions.ts).
   */
  optInRegions?: readonly string[];
  /** The account's shape (shapes.ts); default `fresh`. */
  shape?: SandboxShape;
  /** `org-member` only: false makes the account a plain member, not the IAM delegated administrator. */
  iamDelegatedAdmin?: boolean;
  /**
   * How far the emulated AWS's clock runs ahead of this machine's (negative: behind): what an operator
   * whose computer clock is off by the opposite amount sees. Answers' `Date` and the MFA code check follow it.
   */
  clockOffsetMs?: number;
}

/**
 * Starts moto and the overlay in front of it. Neither keeps the process alive on its own, and moto
 * never outlives this process; still, call `stop()` when done.
 */
export async function startSandbox(opts: StartSandboxOptions = {}): Promise<Sandbox> {
  const shape = opts.shape ?? 'fresh';
  const { partition, region } = shapeLocation(shape);
  const member = shape === 'org-member';
  // moto's MOTO_ACCOUNT_ID wins over its x-moto-account-id header, so an organization (two accounts)
  // names each account per request instead.
  const accountId = opts.accountId ?? (member ? SANDBOX_MEMBER_ACCOUNT_ID : undefined);
  const motoEnv = { ...(accountId === undefined || member ? {} : { MOTO_ACCOUNT_ID: accountId }), ...opts.motoEnv };
  const moto = await startMoto(Object.keys(motoEnv).length === 0 ? {} : { env: motoEnv });
  const account = accountId ?? MOTO_DEFAULT_ACCOUNT_ID;
  let overlay;
  let facts: ShapeFacts;
  try {
    const seed = () => seedShape({ shape, motoEndpoint: moto.endpoint, accountId: account, ...(opts.iamDelegatedAdmin === undefined ? {} : { iamDelegatedAdmin: opts.iamDelegatedAdmin }) });
    facts = await seed();
    const ctx: Pick<RuleContext, 'motoEndpoint'> = { motoEndpoint: moto.endpoint };
    const rules: Rule[] = [new OrganizationRule(ctx, facts.organization)];
    if (facts.organization) rules.push(new OrganizationTrailRule(ctx, facts.organization));
    overlay = await startOverlay({
      target: moto.endpoint,
      ...(accountId === undefined ? {} : { accountId }),
      ...(opts.strict === undefined ? {} : { strict: opts.strict }),
      ...(opts.faults === undefined ? {} : { faults: opts.faults }),
      ...(opts.clockOffsetMs === undefined ? {} : { clockOffsetMs: opts.clockOffsetMs }),
      partition,
      rootCredentials: !member,
      rootAccessKey: shape !== 'console-login',
      rules,
      ...(opts.optInRegions === undefined ? {} : { optInRegions: opts.optInRegions }),
      gates: [new OptInRegionsRule(new Set(opts.optInRegions ?? []))],
      afterReset: async () => {
        const again = await seed();
        if (again.operatorCredentials) Object.assign(operatorCredentials, again.operatorCredentials);
      },
    });
  } catch (e) {
    await moto.stop();
    throw e;
  }
  const endpoint = overlay.endpoint;
  // What the shape hands the operator: an organization role's session, the root's console session, or its key.
  const operatorCredentials: TemporaryCredentials = facts.operatorCredentials ?? (shape === 'console-login' ? { ...overlay.rootSession } : { ...overlay.rootCredentials });
  return {
    endpoint,
    motoEndpoint: moto.endpoint,
    shape,
    partition,
    region,
    accountId: overlay.accountId,
    rootCredentials: overlay.rootCredentials,
    operatorCredentials,
    facts,
    markRootMfaEnrolled: async () => {
      const res = await fetch(`${endpoint}/sandbox/root-mfa`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new SandboxError(`The sandbox overlay refused to enrol root MFA (HTTP ${res.status}).`, 'Restart the sandbox.');
    },
    mfaCode: async (serial) => {
      const res = await fetch(`${endpoint}/sandbox/mfa-code`, { method: 'POST', body: JSON.stringify({ serial }) });
      const answer = (await res.json()) as { code?: string; error?: string };
      if (!res.ok || answer.code === undefined) throw new SandboxError(`The sandbox has no code for ${serial}: ${answer.error ?? `HTTP ${res.status}`}.`, 'Enroll the device in this sandbox first.');
      return answer.code;
    },
    received: () => overlay.received(),
    stop: async () => {
      await overlay.stop();
      await moto.stop();
    },
  };
}
