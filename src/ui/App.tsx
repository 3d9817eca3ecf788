/**
 * The wizard's root: reads the store, measures the terminal, owns the keyboard (one `KeypressProvider`,
 * with Ctrl-C), and shows the screen for the moment (or the "too small" message). Everything else lives
 * in screens/ and components/.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { Box } from 'ink';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { KeypressProvider } from './keyboard/index.js';
import { computeLayout } from './layout.js';
import { promptOnScreen } from './screens/props.js';
import { Screen } from './screens/Screen.js';
import { TooSmall } from './screens/TooSmall.js';
import type { WizardStore } from '../hosts/ink-store.js';

export interface AppProps {
  store: WizardStore;
  /** Spinners only when stdout is a TTY. */
  animate: boolean;
  /** Ctrl-C, on any screen. */
  onInterrupt: () => void;
  /** Ctrl-L, on any screen: draw the screen again from scratch. */
  onRedraw?: () => void;
}

export function App({ store, animate, onInterrupt, onRedraw }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const size = useTerminalSize();
  const layout = computeLayout(
    size,
    state.steps.map((s) => s.title),
  );
  // Lets run.tsx wait for the final frame before it unmounts.
  useEffect(() => store.rendered(state), [store, state]);
  return (
    <KeypressProvider store={store} shown={promptOnScreen(state)} global={{ interrupt: onInterrupt, ...(onRedraw ? { redraw: onRedraw } : {}) }}>
      {layout.tooSmall ? <TooSmall columns={size.columns} rows={size.rows} state={state} store={store} /> : null}
      {/* Hidden rather than unmounted, so answers typed so far survive a too-small moment. */}
      <Box display={layout.tooSmall ? 'none' : 'flex'}>
        <Screen state={state} layout={layout} isActive={!layout.tooSmall} animate={animate} store={store} />
      </Box>
    </KeypressProvider>
  );
}
