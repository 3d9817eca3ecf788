/** What the AWS layer keeps of every call it makes (context.ts): never the request or response body. */
import type { OperationKind } from './operations.js';

/** One AWS call as the recorder keeps it. */
export interface CallRecord {
  /** A `Service`, or the SDK's own client name for one the table does not know. */
  service: string;
  operation: string;
  kind: OperationKind;
  ms: number;
  outcome: 'ok' | 'error' | 'refused';
  error?: string;
}

export class CallRecorder {
  readonly calls: CallRecord[] = [];
  record(call: CallRecord): void {
    this.calls.push(call);
  }
  count(kind?: OperationKind): number {
    return kind ? this.calls.filter((c) => c.kind === kind).length : this.calls.length;
  }
}
