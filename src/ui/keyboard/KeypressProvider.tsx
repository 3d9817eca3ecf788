/**
 * The one owner of stdin. A single `useInput` subscription lives as long as the App, so there is no
 * moment between two screens when nobody listens: Ink subscribes `useInput` handlers in an effect, after
 * the frame is written, and a screen that subscribed for itself missed the keys pressed in between.
 * Each key goes to the `KeyRouter`, which reads the store at that moment to decide who gets it; screens
 * and inputs register with `useKeymap`.
 */
import { createContext, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useInput } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { KeyRouter } from './router.js';
import type { Handlers } from './keymap.js';
import { promptOnScreen } from '../screens/props.js';
import type { WizardStore } from '../../hosts/ink-store.js';

export interface Keypress {
  router: KeyRouter;
  /** The prompt the frame being rendered shows: what the registrations made in it answer. */
  shown: Prompt | undefined;
}

export const KeypressContext = createContext<Keypress | undefined>(undefined);

export interface KeypressProviderProps {
  store: Pick<WizardStore, 'getState'>;
  /** The prompt this render shows (`promptOnScreen` of the state being drawn). */
  shown: Prompt | undefined;
  /** The 'global' bindings (Ctrl-C): they work on every screen, also with no screen registered. */
  global: Handlers;
  children?: ReactNode;
}

export function KeypressProvider({ store, shown, global, children }: KeypressProviderProps) {
  const globals = useRef(global);
  globals.current = global;
  // Bumped after each handled key; its commit tells the router that frame is drawn.
  const [frame, setFrame] = useState(0);
  const [router] = useState(
    () =>
      new KeyRouter({
        target: () => promptOnScreen(store.getState()),
        global: () => globals.current,
        requestFrame: setFrame,
      }),
  );
  useLayoutEffect(() => router.drawn(frame), [router, frame]);
  // Always active: raw mode stays on and the handler never changes, so Ink never re-subscribes it.
  useInput(router.press, { isActive: true });
  const value = useMemo(() => ({ router, shown }), [router, shown]);
  return <KeypressContext.Provider value={value}>{children}</KeypressContext.Provider>;
}
