/**
 * The middleware around every call of every client: the dry-run refusal, the in-flight tracking that
 * lets an interrupt stop new calls, and the run's read cache (reads answered once while nothing changes,
 * forgotten by whatever may change them). The sending itself is send-loop.ts.
 */
import { ExitCode, OperatorError } from '../errors.js';
import { cachedLine } from './debug-line.js';
import { SERVICE_OF_CLIENT, classify } from './operations.js';
import { ownCopy, type ReadCache } from './read-cache.js';
import { send, type SendingLayer } from './send-loop.js';

/** What the guard uses of the layer (Aws) it guards. */
export interface GuardedLayer extends SendingLayer {
  readonly dryRun: boolean;
  readonly reads: ReadCache;
  /** Whose reads these are in the shared cache: another key's answers may differ. */
  readonly signer: string;
}

/** Guard + recorder + error mapping, around every call of every client. */
export function guardMiddleware(layer: GuardedLayer) {
  return (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
    async (args: unknown): Promise<unknown> => {
      const service = SERVICE_OF_CLIENT[context.clientName ?? ''] ?? context.clientName ?? 'unknown';
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const kind = classify(service, operation);
      const action = `${service}:${operation}`;
      if (layer.dryRun && kind === 'mutate') {
        layer.recorder.record({ service, operation, kind, ms: 0, outcome: 'refused' });
        throw new OperatorError(
          'dry-run-refused',
          `Dry run: refused to call ${action}, which would change the account.`,
          'This is a safety net and should not be reached; please report it.',
          ExitCode.Bug,
        );
      }
      const input = (args as { input?: Record<string, unknown> }).input ?? {};
      const sent = async (): Promise<unknown> => {
        const leave = layer.inFlight.enter(action);
        try {
          return await send(layer, next, args, { service, operation, kind, action, input });
        } finally {
          leave();
        }
      };
      if (kind === 'read') return ownCopy(await layer.reads.read(layer.signer, action, input, sent, () => layer.debug?.(cachedLine(action))));
      // Whatever it answers, the account may have changed: no read it may alter is used again.
      layer.reads.forget(action);
      try {
        return await sent();
      } finally {
        layer.reads.forget(action);
      }
    };
}
