/**
 * Every key the wizard answers to, per screen, with the footer's words for it. Screens never test keys
 * themselves: they call `useKeymap(context, handlers, { isActive })` and name the actions they handle.
 * Keys a child component owns (ink-select-input's arrows) are declared here too, for the footer.
 */
import { useCallback, useRef } from 'react';
import { useInput, type Key } from 'ink';

export type KeyContext = 'global' | 'start' | 'questions' | 'confirm' | 'failure' | 'working' | 'finished';

export type Action =
  | 'interrupt'
  | 'begin'
  | 'choose'
  | 'next'
  | 'skip'
  | 'apply'
  | 'details'
  | 'scroll-up'
  | 'scroll-down'
  | 'retry'
  | 'quit';

/** What the footer needs to know to word its hints for the moment. */
export interface HintState {
  context: KeyContext;
  dryRun: boolean;
  /** Quitting a sandbox run throws the account away, so "resume later" would be a false promise. */
  sandbox: boolean;
  lastQuestion: boolean;
  choice: boolean;
  details: boolean;
  scrollable: boolean;
}

export interface Binding {
  action: Action;
  /** How the footer names the key. */
  label: string;
  /** Whether a key press means this binding; absent when a child component handles the key itself. */
  match?: (input: string, key: Key) => boolean;
  /** What the footer says the key does now; undefined leaves it out of the footer. */
  hint: (s: HintState) => string | undefined;
}

const letter = (ch: string) => (input: string, key: Key) => input === ch && !key.ctrl && !key.meta;
const enter = (_input: string, key: Key) => key.return;
const quit: Binding = { action: 'quit', label: 'q', match: letter('q'), hint: (s) => (s.sandbox ? 'quit' : 'quit (resume later)') };

export const KEYMAP: Readonly<Record<KeyContext, readonly Binding[]>> = {
  // Ctrl-C works everywhere, also inside text inputs and on the "terminal too small" message.
  global: [
    {
      action: 'interrupt',
      label: 'ctrl-c',
      match: (input, key) => key.ctrl && input === 'c',
      hint: (s) => (s.context === 'working' ? (s.sandbox ? 'stop' : 'stop (resume later)') : undefined),
    },
  ],
  start: [{ action: 'begin', label: 'enter', match: enter, hint: () => 'begin' }, quit],
  // No letter keys here: inside a text input, q and s are just letters.
  questions: [
    { action: 'choose', label: '↑↓', hint: (s) => (s.choice ? 'choose' : undefined) },
    { action: 'next', label: 'enter', match: enter, hint: (s) => (s.lastQuestion ? 'submit' : 'next') },
    { action: 'skip', label: 'esc', match: (_i, key) => key.escape, hint: () => 'skip this step' },
  ],
  confirm: [
    { action: 'apply', label: 'enter', match: enter, hint: (s) => (s.dryRun ? 'continue' : 'apply') },
    { action: 'skip', label: 's', match: letter('s'), hint: () => 'skip' },
    { action: 'details', label: 'd', match: letter('d'), hint: (s) => (s.details ? 'hide details' : 'details') },
    { action: 'scroll-up', label: '↑↓', match: (_i, key) => key.upArrow, hint: (s) => (s.details && s.scrollable ? 'scroll' : undefined) },
    // Shown together with ↑ above.
    { action: 'scroll-down', label: '↓', match: (_i, key) => key.downArrow, hint: () => undefined },
    quit,
  ],
  failure: [
    { action: 'retry', label: 'r', match: letter('r'), hint: () => 'retry' },
    { action: 'skip', label: 's', match: letter('s'), hint: () => 'skip this step' },
    quit,
  ],
  working: [],
  finished: [],
};

const NO_HINTS: Omit<HintState, 'context'> = {
  dryRun: false,
  sandbox: false,
  lastQuestion: false,
  choice: false,
  details: false,
  scrollable: false,
};

/** The footer line for a screen: "enter apply · s skip · d details · q quit (resume later)". */
export function footerHint(context: KeyContext, state: Partial<Omit<HintState, 'context'>> = {}): string {
  const s: HintState = { ...NO_HINTS, ...state, context };
  return [...KEYMAP[context], ...(context === 'global' ? [] : KEYMAP.global)]
    .map((b) => {
      const hint = b.hint(s);
      return hint ? `${b.label} ${hint}` : undefined;
    })
    .filter((h): h is string => h !== undefined)
    .join(' · ');
}

export type Handlers = Partial<Record<Action, () => void>>;

/**
 * Runs the handler of the first binding of `context` that matches a key press. Bindings without a
 * handler are ignored, so a screen can leave an action out (it then does nothing).
 */
export function useKeymap(context: KeyContext, handlers: Handlers, { isActive }: { isActive: boolean }): void {
  // The latest handlers, without re-subscribing to stdin on every render.
  const current = useRef(handlers);
  current.current = handlers;
  const onInput = useCallback(
    (input: string, key: Key) => {
      for (const binding of KEYMAP[context]) {
        const handler = current.current[binding.action];
        if (handler && binding.match?.(input, key)) {
          handler();
          return;
        }
      }
    },
    [context],
  );
  useInput(onInput, { isActive });
}
