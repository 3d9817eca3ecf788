/**
 * The sandbox account: moto on loopback, behind an overlay that adds the root user. It is what the
 * tests, the recordings and `--sandbox` runs talk to instead of AWS.
 */
import { startMoto, SandboxError } from './moto.js';
import { startOverlay, type RootCredentials, type StrictOptions } from './overlay/index.js';

export { SandboxError, findMotoServer, projectRoot, startMoto } from './moto.js';
export type { MotoServer, StartMotoOptions } from './moto.js';
export { MOTO_DEFAULT_ACCOUNT_ID, startOverlay } from './overlay/index.js';
export type { FaultOptions, FaultReport, Overlay, OverlayState, RootCredentials, StartOverlayOptions, StrictOptions } from './overlay/index.js';

export interface Sandbox {
  /** The overlay: point every SDK client here (`endpoint`, or AWS_ENDPOINT_URL), with forcePathStyle for S3. */
  endpoint: string;
  /** moto itself, for its control API (`/moto-api/...`); calls made here bypass the root overlay. */
  motoEndpoint: string;
  region: 'us-east-1';
  accountId: string;
  /** The root user's access key, as a brand-new account's owner would hold it. */
  rootCredentials: RootCredentials;
  /** Enrols the root user's MFA, as the operator would in the console (AWS has no API for it). */
  markRootMfaEnrolled(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartSandboxOptions {
  /** Extra environment for moto, e.g. the recorder's `MOTO_ENABLE_RECORDING`. */
  motoEnv?: Record<string, string>;
  /**
   * The account's 12-digit id (default moto's 123456789012). Runs that write the real keychain use
   * their own, so their entries (keyed by account) never meet another sandbox's.
   */
  accountId?: string;
  /** AWS's documented validations on top of moto (default on); `false` is moto's own leniency. */
  strict?: boolean | StrictOptions;
}

/**
 * Starts moto and the overlay in front of it. Neither keeps the process alive on its own, and moto
 * never outlives this process; still, call `stop()` when done.
 */
export async function startSandbox(opts: StartSandboxOptions = {}): Promise<Sandbox> {
  const motoEnv = { ...(opts.accountId === undefined ? {} : { MOTO_ACCOUNT_ID: opts.accountId }), ...opts.motoEnv };
  const moto = await startMoto(Object.keys(motoEnv).length === 0 ? {} : { env: motoEnv });
  let overlay;
  try {
    overlay = await startOverlay({
      target: moto.endpoint,
      ...(opts.accountId === undefined ? {} : { accountId: opts.accountId }),
      ...(opts.strict === undefined ? {} : { strict: opts.strict }),
    });
  } catch (e) {
    await moto.stop();
    throw e;
  }
  const endpoint = overlay.endpoint;
  return {
    endpoint,
    motoEndpoint: moto.endpoint,
    region: 'us-east-1',
    accountId: overlay.accountId,
    rootCredentials: overlay.rootCredentials,
    markRootMfaEnrolled: async () => {
      const res = await fetch(`${endpoint}/sandbox/root-mfa`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new SandboxError(`The sandbox overlay refused to enrol root MFA (HTTP ${res.status}).`, 'Restart the sandbox.');
    },
    stop: async () => {
      await overlay.stop();
      await moto.stop();
    },
  };
}
