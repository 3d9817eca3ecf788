/**
 * --debug: one line per attempt (action, status, time, request id), from the SDK's metadata only, never
 * a request or response body.
 */
import { awsErrorNames } from './error-map.js';
import { purposeSuffix } from './purpose.js';

/** What came back for one attempt, and which step's work made it. */
export function attemptLine(action: string, attempt: number, started: number, result: unknown): string {
  type Meta = { httpStatusCode?: number; requestId?: string };
  // An error carries $metadata; an answer at this middleware step is { output: { $metadata } }.
  const r = result as { $metadata?: Meta; output?: { $metadata?: Meta } } | undefined;
  const meta = r?.$metadata ?? r?.output?.$metadata;
  const error = result instanceof Error ? ` ${awsErrorNames(result)[0] ?? result.name}` : '';
  const ms = Math.round(performance.now() - started);
  return `${action} ${meta?.httpStatusCode ?? '-'}${error} ${ms} ms request-id ${meta?.requestId ?? '-'}${attempt > 0 ? ` (attempt ${attempt + 1})` : ''}${purposeSuffix()}`;
}

/** A call answered from the run's read cache instead of AWS. */
export function cachedLine(action: string): string {
  return `${action} answered from this run's read cache${purposeSuffix()}`;
}
