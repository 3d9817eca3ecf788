/**
 * How a screen or an input says which keys it handles now: the actions of one keymap context, and
 * whether it listens (`isActive`). It does not touch stdin: the `KeypressProvider` owns it, and routes
 * each key to the registration of the prompt the store has open. Registration happens in a layout
 * effect, in the same commit that draws the frame, so a key pressed on a frame just drawn finds it —
 * and one pressed before that waits for it.
 */
import { useContext, useLayoutEffect, useRef } from 'react';
import type { Registration } from './router.js';
import type { Handlers, KeyContext } from './keymap.js';
import { KeypressContext } from './KeypressProvider.js';

export function useKeymap(context: KeyContext, handlers: Handlers, { isActive }: { isActive: boolean }): void {
  const keys = useContext(KeypressContext);
  if (!keys) throw new Error('useKeymap needs a KeypressProvider above it');
  const { router, shown } = keys;
  const registration = useRef<Registration>({ context, prompt: shown, handlers, isActive });
  useLayoutEffect(() => {
    const r = registration.current;
    router.add(r);
    return () => router.remove(r);
  }, [router]);
  // After every commit: the handlers of the frame just drawn (they close over what it shows).
  useLayoutEffect(() => {
    Object.assign(registration.current, { context, prompt: shown, handlers, isActive });
    router.changed();
  });
}
