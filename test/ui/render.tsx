/**
 * The one way UI tests render: ink-testing-library with a chosen terminal size, plus `waitFor`, which
 * polls the last frame until a condition holds (never a fixed sleep).
 */
import { act, type ReactElement } from 'react';
import { cleanup, render } from 'ink-testing-library';

export const KEYS = {
  enter: '\r',
  escape: '\u001b',
  ctrlC: '\u0003',
  backspace: '\u007f',
  up: '\u001b[A',
  down: '\u001b[B',
} as const;

// Colours depend on the environment (FORCE_COLOR); tests read what the operator reads.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function plain(text: string): string {
  return text.replace(ANSI, '');
}

export interface Rendered {
  /** The last frame, without colour codes. */
  frame: () => string;
  /**
   * Sends keys one at a time, as a typist would: between keys the app gets a turn of the event loop,
   * as it does between two key presses on a real terminal.
   */
  press(...keys: string[]): Promise<void>;
  /** Types text as one chunk (what a terminal sends for a paste or a fast typist). */
  type(text: string): Promise<void>;
  /**
   * Writes to stdin right now: no turn of the event loop before, no act around. For keys that race a
   * frame — sent in the same tick as the store change that draws it.
   */
  write(keys: string): void;
  resize(columns: number, rows: number): Promise<void>;
  /** Runs a store change (dispatch, prompt) the way a key press runs: rendered, effects done. */
  act(change: () => void): Promise<void>;
  unmount(): void;
  waitUntilExit(): Promise<void>;
}

/**
 * Renders `tree` on a fake terminal of `columns`×`rows`. ink-testing-library's stdout reports 100
 * columns and no rows, and Ink reads the size at the first render; so the tree goes in after the size
 * is set on the stream.
 */
export function renderTui(tree: ReactElement, { columns = 80, rows = 24 }: { columns?: number; rows?: number } = {}): Rendered {
  const size = { columns, rows };
  const r = render(<></>);
  Object.defineProperty(r.stdout, 'columns', { get: () => size.columns, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { get: () => size.rows, configurable: true });
  r.rerender(tree);
  let exited = false;
  let onExit: () => void = () => {};
  const exit = new Promise<void>((resolve) => {
    onExit = resolve;
  });
  return {
    frame: () => plain(r.lastFrame() ?? ''),
    async press(...keys) {
      for (const key of keys) await settled(() => r.stdin.write(key));
    },
    type(text) {
      return settled(() => r.stdin.write(text));
    },
    write(keys) {
      r.stdin.write(keys);
    },
    resize(c, rw) {
      return settled(() => {
        size.columns = c;
        size.rows = rw;
        r.stdout.emit('resize');
      });
    },
    act: settled,
    unmount() {
      if (exited) return;
      exited = true;
      r.unmount();
      onExit();
    },
    waitUntilExit: () => exit,
  };
}

export { cleanup };

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

/**
 * Runs `send` and returns once React has rendered and run its effects, so the test reads the frame the
 * key (or store change) produced, as an operator would before the next key. `act` flushes exactly that
 * work. The flag is set only around it, so updates the runner makes on its own do not warn about act.
 * (Keys that do not wait for the frame are what `write` is for.)
 */
async function settled(send: () => void): Promise<void> {
  // Effects of a frame drawn outside act (the runner's own updates) run on React's scheduler first.
  await tick();
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => {
      send();
    });
  } finally {
    globalThis.IS_REACT_ACT_ENVIRONMENT = false;
  }
}

/**
 * Polls until `condition` returns true (or stops throwing), then returns. On timeout it fails with the
 * last frame, so a failing test shows what the operator would have seen.
 */
export async function waitFor(condition: () => boolean, { timeout = 3000, frame }: { timeout?: number; frame?: () => string } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  let lastError: string | undefined;
  for (;;) {
    await tick();
    try {
      if (condition()) return;
      lastError = undefined;
    } catch (e) {
      lastError = String(e);
    }
    if (Date.now() > deadline) {
      const shown = frame ? `\nLast frame:\n${frame()}` : '';
      throw new Error(`waitFor: condition not met within ${timeout} ms${lastError ? ` (${lastError})` : ''}${shown}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until the frame contains `text`. */
export function waitForText(ui: Rendered, text: string, timeout?: number): Promise<void> {
  return waitFor(() => ui.frame().includes(text), { frame: ui.frame, ...(timeout ? { timeout } : {}) });
}
