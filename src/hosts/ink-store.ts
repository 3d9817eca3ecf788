/**
 * The bridge between the runner and React: a tiny external store holding `WizardState` (changed only by
 * the engine's pure `reduce`) and a `RunnerHost` whose prompts are answered by the UI. React reads it
 * with `useSyncExternalStore`; tests drive it without Ink.
 */
import type { Replies, ReplyTo, RunnerHost } from '../engine/runner.js';
import { reduce, type Prompt, type WizardEvent, type WizardState } from '../engine/state.js';

export type PromptKind = Prompt['kind'];

export interface WizardStore {
  // Properties, not methods: React calls them detached (useSyncExternalStore).
  getState: () => WizardState;
  subscribe: (listener: () => void) => () => void;
  dispatch(event: WizardEvent): void;
  /**
   * Answers the open prompt if it is of `kind`. Returns false (and changes nothing) when no such prompt
   * is open, so a late or repeated key press can never answer a prompt it was not meant for.
   */
  reply<K extends PromptKind>(kind: K, value: Replies[K]): boolean;
  /** What the runner talks to. */
  readonly host: RunnerHost;
  /** The App calls this after React committed `state`, i.e. after Ink drew it. */
  rendered(state: WizardState): void;
  /** Resolves once the current state has been drawn. */
  whenRendered(): Promise<void>;
  /**
   * The run was interrupted and the screen is gone: the open prompt, if any, is answered 'quit' (with
   * nothing dispatched, so the last frame stays as drawn), and the runner winds down.
   */
  abandon(): void;
}

interface Pending {
  kind: PromptKind;
  resolve: (value: Replies[PromptKind]) => void;
}

export function createWizardStore(initial: WizardState): WizardStore {
  let state = initial;
  let pending: Pending | undefined;
  let drawn: WizardState | undefined;
  const listeners = new Set<() => void>();
  let waiters: Array<() => void> = [];

  const dispatch = (event: WizardEvent): void => {
    // The runner may withdraw a prompt itself (AWS showed what the wait screen was waiting for): no
    // reply will come, and the next prompt must be free to open.
    if (event.type === 'prompt-closed') pending = undefined;
    state = reduce(state, event);
    for (const listener of [...listeners]) listener();
  };

  const host: RunnerHost = {
    dispatch,
    prompt<P extends Prompt>(prompt: P): Promise<ReplyTo<P>> {
      if (pending) {
        // The runner asks one thing at a time; two open prompts would be a bug in the runner.
        return Promise.reject(new Error(`prompt '${prompt.kind}' opened while '${pending.kind}' is still open`));
      }
      return new Promise<ReplyTo<P>>((resolve) => {
        pending = { kind: prompt.kind, resolve: resolve as (value: Replies[PromptKind]) => void };
        dispatch({ type: 'prompt-opened', prompt });
      });
    },
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispatch,
    host,
    reply(kind, value) {
      if (!pending || pending.kind !== kind) return false;
      const { resolve } = pending;
      pending = undefined;
      dispatch({ type: 'prompt-closed' });
      resolve(value);
      return true;
    },
    rendered(s) {
      drawn = s;
      if (drawn !== state) return;
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    },
    whenRendered() {
      if (drawn === state) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    abandon() {
      const open = pending;
      pending = undefined;
      open?.resolve('quit');
    },
  };
}
