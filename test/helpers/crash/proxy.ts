/**
 * The kill point of the crash matrix: a loopback proxy in front of the sandbox (AWS_ENDPOINT_URL points
 * at it) that classifies every request the way moto's recorder helper does (test/helpers/emulator.ts),
 * counts the mutating ones the sandbox accepted (not those the strict sandbox refused while a new thing
 * propagated: their number depends on timing) and, at the k-th, kills the CLI either after the sandbox
 * answered but before the answer is relayed ('before-response': the change is made, the CLI never
 * learns it), or right after relaying it ('after-response': the CLI got the answer and died before
 * acting on it). The relaying itself is the sandbox's own (src/sandbox/relay.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, Relay, type Buffered } from '../../../src/sandbox/relay.js';
import { isMutating } from '../../../src/sandbox/overlay/faults.js';
import { signerOf } from '../../../src/sandbox/overlay/http.js';
import { parseRequest } from '../../../src/sandbox/overlay/parse.js';
import { describeRecorded, isMutatingRecorded, type RecordedRequest } from '../emulator.js';

export type Variant = 'before-response' | 'after-response';
export const VARIANTS: readonly Variant[] = ['before-response', 'after-response'];

export interface Change {
  name: string;
  lostAs: string;
}

export interface Arming {
  k: number;
  variant: Variant;
  kill: () => Promise<void>;
}

/** A loopback proxy in front of the sandbox that counts mutating requests and kills at the k-th. */
export interface CrashProxy {
  endpoint: string;
  /** Starts counting from zero; with `arming`, kills at its k-th mutating request. */
  reset(arming?: Arming): void;
  /** Mutating requests seen since the last reset, as `service:Operation`. */
  mutating(): string[];
  /**
   * The changes as the sandbox's fault mode counts them (its `loseAnswer.nth`), which also counts a REST
   * POST that only reads (Security Hub's GetEnabledStandards): each as this proxy names it and as the
   * sandbox reports it lost (`service:Action`).
   */
  changes(): Change[];
  /** The `service:Operation` of the request the proxy killed at, if it did. */
  killedAt(): string | undefined;
  stop(): Promise<void>;
}

export async function startCrashProxy(targetEndpoint: string): Promise<CrashProxy> {
  const relay = new Relay(new URL(targetEndpoint), 'the crash harness proxy', 'the sandbox');
  let arming: Arming | undefined;
  let seen: string[] = [];
  let changes: Change[] = [];
  let killed: string | undefined;
  let epoch = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const myEpoch = epoch;
      const body = await readBody(req);
      // After the kill, anything still on the wire from the dead process never reaches the emulator.
      if (killed !== undefined && myEpoch === epoch) return void req.socket.destroy();
      if (body === undefined) return relay.fail(res, new Error('request body too large to count'));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const rec: RecordedRequest = { headers, method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8'), source: 'moto' };
      let answer: Buffered;
      try {
        answer = await relay.buffered(req, body, {});
      } catch (e) {
        return relay.fail(res, e);
      }
      // Only changes the account accepted count: a call the strict sandbox refused while something was
      // still propagating changed nothing, and how many such retries a run makes depends on timing.
      let hit: Arming | undefined;
      const url = new URL(rec.url, 'http://proxy.invalid');
      const signer = signerOf(req.headers, url);
      const parsed = signer === undefined ? undefined : parseRequest(req, url, body, signer, false);
      if (parsed && isMutating(parsed) && answer.status < 300) changes.push({ name: describeRecorded(rec), lostAs: `${parsed.service}:${parsed.action}` });
      if (isMutatingRecorded(rec) && answer.status >= 200 && answer.status < 300) {
        seen.push(describeRecorded(rec));
        if (arming && seen.length === arming.k) {
          hit = arming;
          killed = describeRecorded(rec);
        }
      }
      if (hit?.variant === 'before-response') {
        // The emulator made the change; the CLI dies without hearing of it.
        await hit.kill();
        req.socket.destroy();
        return;
      }
      relay.send(res, answer);
      if (hit?.variant === 'after-response') {
        await new Promise<void>((r) => (res.writableFinished ? r() : res.once('finish', () => r())));
        await hit.kill();
      }
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reset: (a) => {
      epoch += 1;
      arming = a;
      seen = [];
      changes = [];
      killed = undefined;
    },
    mutating: () => [...seen],
    changes: () => [...changes],
    killedAt: () => killed,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
