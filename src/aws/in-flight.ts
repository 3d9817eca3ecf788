/**
 * The calls on their way to AWS, so that an interrupted run stops cleanly: once halted, no call starts
 * (and none is sent again), while the ones already sent get their answer. Waiting for that answer is
 * what keeps the journal true after Ctrl-C: a create AWS applied is recorded as made, and the sandbox
 * is not stopped under a call it is still answering.
 */

/** Thrown at a call that would start after the run was interrupted: the run is winding down. */
export class RunHalted extends Error {
  override readonly name = 'RunHalted';
  constructor(readonly action: string) {
    super(`not calling ${action}: the run was interrupted`);
  }
}

export function isRunHalted(e: unknown): e is RunHalted {
  return e instanceof RunHalted;
}

export class InFlight {
  private readonly open = new Map<number, string>();
  private nextId = 0;
  private halted = false;
  private readonly waiters = new Set<() => void>();

  /** Marks the start of a call; throws RunHalted once the run was interrupted. Returns the end marker. */
  enter(action: string): () => void {
    this.assertRunning(action);
    const id = this.nextId++;
    this.open.set(id, action);
    return () => {
      this.open.delete(id);
      if (this.open.size === 0) for (const wake of this.waiters) wake();
    };
  }

  /** Before sending a call again (a retry, or after a propagation wait). */
  assertRunning(action: string): void {
    if (this.halted) throw new RunHalted(action);
  }

  /** No call starts from now on. */
  halt(): void {
    this.halted = true;
  }

  /** The actions still waiting for AWS's answer (e.g. `iam:CreateUser`). */
  get pending(): string[] {
    return [...this.open.values()];
  }

  /** Resolves with true when no call is in flight, or false when `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(ok);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
    });
  }
}
