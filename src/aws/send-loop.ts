/**
 * One call through the guard: sent, and sent again while AWS propagates something this run made, after
 * a clock-skew refusal, or when the failure allows it (retry.ts); otherwise its error, mapped for the
 * operator (error-map.ts) — except a call its caller aborted, which ends there, as the SDK threw it.
 * Every attempt is recorded and, with --debug, said in one line.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { OperatorError } from '../errors.js';
import { signingTimeCorrected } from './clock-skew.js';
import { attemptLine } from './debug-line.js';
import { awsErrorNames, mapAwsError } from './error-map.js';
import type { InFlight } from './in-flight.js';
import type { OperationKind } from './operations.js';
import { nextDelay, saysUnknownKey, type Fresh, type Propagation } from './propagation.js';
import type { CallRecorder } from './recorder.js';
import { AmbiguousResultError, decide, failureOf } from './retry.js';

/** The SDK's client-side rate limiter, in adaptive retry mode. */
export interface RateLimiter {
  getSendToken(): Promise<void>;
  updateClientSendingRate(response: unknown): void;
}

/**
 * What the loop uses of the layer (Aws) it sends for. The functions are read at each attempt, as the
 * layer's init() sets what they return.
 */
export interface SendingLayer {
  readonly recorder: CallRecorder;
  readonly propagation: Propagation;
  readonly inFlight: InFlight;
  /** --debug: one line per attempt (debug-line.ts). */
  readonly debug: ((line: string) => void) | undefined;
  limiter(): RateLimiter | undefined;
  maxAttempts(): number | undefined;
  credentials(): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** Where the calls go, for the operator's error message. */
  whereTo(): { endpoint: string | undefined; region: string | undefined; profile: string | undefined };
  /** Keeps AWS's time from an HTTP answer (clock-skew.ts). */
  noteClock(response: unknown): void;
}

/** One call, as the guard named it. */
export interface Call {
  service: string;
  operation: string;
  kind: OperationKind;
  action: string;
  input: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function send(layer: SendingLayer, next: (args: unknown) => Promise<unknown>, args: unknown, { service, operation, kind, action, input }: Call): Promise<unknown> {
  const { recorder, propagation } = layer;
  let waitedMs = 0;
  let waitingFor: Fresh | undefined;
  let sends = 0;
  let clockCorrected = false;
  for (let attempt = 0; ; attempt++) {
    // Interrupted while waiting to send again: the run is winding down, so this call stops here.
    if (attempt > 0) layer.inFlight.assertRunning(action);
    await layer.limiter()?.getSendToken();
    const started = performance.now();
    const recordError = (error: string) => recorder.record({ service, operation, kind, ms: performance.now() - started, outcome: 'error', error });
    try {
      const out = await next(args);
      layer.noteClock((out as { response?: unknown }).response);
      layer.limiter()?.updateClientSendingRate(out);
      layer.debug?.(attemptLine(action, attempt, started, out));
      recorder.record({ service, operation, kind, ms: performance.now() - started, outcome: 'ok' });
      propagation.succeeded(service, operation, input, (out as { output?: unknown }).output);
      if (waitingFor) propagation.emit({ type: 'settled', thing: waitingFor, action, waitedMs, ok: true });
      return out;
    } catch (e) {
      layer.noteClock((e as { $response?: unknown } | undefined)?.$response);
      layer.limiter()?.updateClientSendingRate(e);
      layer.debug?.(attemptLine(action, attempt, started, e));
      // The caller gave up (its abortSignal fired: the region scan's deadline, src/aws/regions.ts): no
      // answer came, and none is waited for again. Never sent again nor mapped; the caller reports it.
      if (callerGaveUp(e)) {
        recordError('aborted');
        throw e;
      }
      // AWS refused the signing time (this computer's clock is more than ~15 minutes off; nothing
      // was applied) and the SDK has taken AWS's time from the refusal: sign again, once, with it.
      // https://aws.amazon.com/blogs/developer/clock-skew-correction/ — maxAttempts: 1 turns off
      // the SDK's own retry that would do this.
      if (!clockCorrected && signingTimeCorrected(e)) {
        clockCorrected = true;
        recordError('retried:clock-skew');
        continue;
      }
      // A not-found about something this run just made: AWS has not propagated it yet. Wait, retry.
      const thing = propagation.propagating(service, operation, input, e, await signerOf(e, layer.credentials()));
      const delay = thing ? nextDelay(attempt, waitedMs) : undefined;
      if (thing && delay !== undefined) {
        recordError('propagating');
        waitingFor = thing;
        propagation.emit({ type: 'waiting', thing, action, code: awsErrorNames(e)[0] ?? 'error', waitedMs, nextDelayMs: delay });
        await sleep(delay);
        waitedMs += delay;
        continue;
      }
      // Throttled, never sent, or lost where sending again is harmless: again, after a jittered backoff.
      const failure = failureOf(e);
      const decision = decide(action, kind === 'mutate', failure, sends++, Math.random, layer.maxAttempts());
      if (decision.retry) {
        recordError(`retried:${failure}`);
        await sleep(decision.delayMs);
        continue;
      }
      if (decision.ambiguous) {
        recordError('ambiguous-result');
        throw new AmbiguousResultError(action, failure, { cause: e });
      }
      if (waitingFor) propagation.emit({ type: 'settled', thing: waitingFor, action, waitedMs, ok: false });
      propagation.failed(service, operation, input, e);
      const changed = recorder.calls.some((c) => c.kind === 'mutate' && c.outcome === 'ok');
      const mapped = mapAwsError(e, { action, ...layer.whereTo(), changed });
      recordError((mapped as Error).name === 'OperatorError' ? (mapped as OperatorError).code : 'bug');
      throw mapped;
    }
  }
}

/**
 * The SDK's error for a call whose `abortSignal` fired (@smithy/node-http-handler: name `AbortError`,
 * whatever the signal's reason): the caller's decision, not a failure of AWS or of the network.
 */
function callerGaveUp(e: unknown): boolean {
  return (e as { name?: unknown } | undefined)?.name === 'AbortError';
}

/** The access key id the calls are signed with, when an error says AWS does not know the key. */
async function signerOf(e: unknown, creds: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined): Promise<string | undefined> {
  if (!saysUnknownKey(e)) return undefined;
  try {
    return (typeof creds === 'function' ? await creds() : creds)?.accessKeyId;
  } catch {
    return undefined;
  }
}
