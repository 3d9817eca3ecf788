/** Mounting the App on a store for screen tests, and the store moves the runner would make. */
import { vi } from 'vitest';
import type { ReplyTo } from '../../src/engine/runner.js';
import type { Prompt, StepView, WizardState } from '../../src/engine/state.js';
import type { StepId } from '../../src/steps/types.js';
import { App } from '../../src/ui/App.js';
import { createWizardStore, type WizardStore } from '../../src/hosts/ink-store.js';
import { state } from './fixtures.js';
import { renderTui, type Rendered } from './render.js';

export interface Mounted {
  store: WizardStore;
  ui: Rendered;
  onInterrupt: ReturnType<typeof vi.fn>;
  /** Opens a prompt as the runner does; `answer` settles when the UI replies. */
  ask<P extends Prompt>(prompt: P): Promise<Answer<ReplyTo<P>>>;
  /** Enters step `index` and applies status patches, as the runner does. */
  enter(index: number, patches?: Partial<Record<StepId, Partial<Omit<StepView, 'id' | 'title' | 'why'>>>>): Promise<void>;
}

export interface Answer<T> {
  promise: Promise<T>;
  /** Whether the UI has replied (for asserting that it has not). */
  replied(): boolean;
}

export function mountApp(initial: WizardState = state(), size?: { columns?: number; rows?: number }, animate = false): Mounted {
  const store = createWizardStore(initial);
  const onInterrupt = vi.fn();
  const ui = renderTui(<App store={store} animate={animate} onInterrupt={onInterrupt} />, size);
  return {
    store,
    ui,
    onInterrupt,
    async ask(prompt) {
      let promise!: Promise<ReplyTo<typeof prompt>>;
      await ui.act(() => {
        promise = store.host.prompt(prompt);
      });
      let done = false;
      void promise.then(() => {
        done = true;
      });
      return { promise, replied: () => done };
    },
    async enter(index, patches = {}) {
      await ui.act(() => {
        store.dispatch({ type: 'step-entered', index });
        for (const [id, patch] of Object.entries(patches)) store.dispatch({ type: 'step-updated', id: id as StepId, patch });
      });
    },
  };
}

/** The lines of a frame. */
export function lines(frame: string): string[] {
  return frame.split('\n');
}
