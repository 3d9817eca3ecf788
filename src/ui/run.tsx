/**
 * The Ink wizard as one promise: render the App, let the runner talk to it through a host, and resolve
 * with the runner's result once its last frame is on screen — or with 'interrupted' the moment the
 * operator presses Ctrl-C (with the signal, when SIGINT, SIGTERM or SIGHUP stops it). Either way Ink is
 * unmounted first, so the terminal is restored and the last frame stays visible above whatever the
 * caller prints next. The store (hosts/ink-store.ts) is the runner's host and the screens' state.
 */
// First: decides colour before Ink's chalk loads (see color.ts).
import './color.js';
import type { ReactElement } from 'react';
import { render } from 'ink';
import type { RunnerHost, RunResult } from '../engine/runner.js';
import type { WizardState } from '../engine/state.js';
import type { WizardStore } from '../hosts/ink-store.js';
import { onStopSignals, type StopSignal } from '../signals.js';
import { App } from './App.js';
import { RepaintStream } from './repaint.js';
import { summaryLines } from './screens/SummaryScreen.js';

export type WizardResult = RunResult | 'interrupted';

/** The summary as plain lines of `columns`, for the terminal's scrollback once the wizard has gone. */
export function summaryText(state: WizardState, columns: number): string {
  return summaryLines(state, Math.max(40, columns) - 2)
    .map((line) => ` ${line.map((s) => s.text).join('')}`.trimEnd())
    .join('\n');
}

/** How the wizard gets onto a terminal; tests mount it with ink-testing-library. */
export interface Mounted {
  unmount(): void;
  /** Resolves when Ink has finished tearing down. */
  waitUntilExit?(): Promise<unknown>;
}

export interface WizardIO {
  mount(node: ReactElement): Mounted;
  animate: boolean;
  /** Draws the screen again from scratch (ctrl-l). */
  redraw?: () => void;
}

/** How the interactive run ended: the wizard's result, or the signal that stopped it. */
export type InteractiveResult = WizardResult | { signal: StopSignal };

export async function runInteractive(store: WizardStore, start: (host: RunnerHost) => Promise<RunResult>): Promise<InteractiveResult> {
  const animate = Boolean(process.stdout.isTTY);
  // Raw mode turns Ctrl-C into a key press; signals still come from elsewhere (kill, a closed terminal).
  // While these listeners are on, Ink's own signal-exit hook leaves the signals to them. A second
  // signal ends the process at once (onStopSignals); process.exit still runs Ink's exit hook.
  let received: StopSignal | undefined;
  let off: (() => void) | undefined;
  // Not Ink's `incrementalRendering` (it draws each frame a line too low, see repaint.ts): Ink's
  // standard renderer, whose full rewrites this stream cuts down to the lines that changed.
  const stdout = process.stdout.isTTY ? new RepaintStream(process.stdout) : undefined;
  const io: WizardIO = {
    animate,
    mount: (node) => render(node, { exitOnCtrlC: false, ...(stdout ? { stdout: stdout.asStdout() } : {}) }),
    ...(stdout ? { redraw: () => stdout.redraw() } : {}),
  };
  try {
    const result = await runWizard(store, start, io, (interrupt) => {
      off = onStopSignals((signal) => {
        received = signal;
        interrupt();
      });
    });
    return result === 'interrupted' && received ? { signal: received } : result;
  } finally {
    off?.();
  }
}

/**
 * The testable core of `runInteractive`. `onReady` receives the interrupt function, for callers that
 * also want signals to interrupt.
 */
export function runWizard(store: WizardStore, start: (host: RunnerHost) => Promise<RunResult>, io: WizardIO, onReady?: (interrupt: () => void) => void): Promise<WizardResult> {
  return new Promise<WizardResult>((resolve, reject) => {
    let settled = false;
    let mounted: Mounted | undefined;

    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      mounted?.unmount();
      const exited = mounted?.waitUntilExit?.() ?? Promise.resolve();
      // Unmounting with an error would reject waitUntilExit; the result is what matters here.
      exited.then(finish, finish);
    };

    const interrupt = () => {
      if (settled) return;
      // Leave a frame that says what happened, not the screen that was waiting for an answer.
      store.dispatch({ type: 'stopped', reason: 'interrupted' });
      void store.whenRendered().then(() =>
        settle(() => {
          // Every prompt can be answered 'quit': the runner stops at the next prompt or AWS call.
          store.abandon();
          resolve('interrupted');
        }),
      );
    };

    mounted = io.mount(<App store={store} animate={io.animate} onInterrupt={interrupt} {...(io.redraw ? { onRedraw: io.redraw } : {})} />);
    // Ink exits on its own only when rendering threw: that is a bug, and the runner would wait forever.
    mounted.waitUntilExit?.().then(
      () => settle(() => reject(new Error('the wizard screen closed unexpectedly'))),
      (error: unknown) => settle(() => reject(error)),
    );
    onReady?.(interrupt);

    let running: Promise<RunResult>;
    try {
      running = start(store.host);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (result) => {
        void store.whenRendered().then(() => settle(() => resolve(result)));
      },
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
