/**
 * Every key the wizard answers to, per screen, with the footer's words for it. Screens never test keys
 * themselves: they call `useKeymap(context, handlers, { isActive })` and name the actions they handle;
 * the one `KeypressProvider` decides which registered context a key press goes to.
 * The text input and the option list are contexts of their own ('text-input', 'select'): on the
 * questions screen the screen's bindings are tried first, then the input's.
 */
import type { Key } from 'ink';

export type KeyContext =
  | 'global'
  | 'start'
  /** "Start over?" on the start screen: the journal's answers would be forgotten. */
  | 'start-over'
  | 'questions'
  | 'confirm'
  | 'failure'
  | 'wait'
  | 'mfa'
  | 'reveal'
  | 'working'
  | 'finished'
  | 'text-input'
  | 'select'
  /** The terminal is too small for the frame: the screen under it is deaf, but q still quits. */
  | 'too-small';

export type Action =
  | 'interrupt'
  | 'begin'
  | 'start-over'
  | 'confirm'
  | 'cancel'
  | 'choose'
  | 'next'
  | 'skip'
  | 'apply'
  | 'details'
  | 'scroll-up'
  | 'scroll-down'
  | 'retry'
  | 'quit'
  | 'type'
  | 'erase'
  | 'cursor-left'
  | 'cursor-right'
  | 'choose-previous'
  | 'choose-next'
  | 'simulate'
  | 'show-secret'
  | 'continue'
  | 'redraw';

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
  /** Sandbox runs can do a console-only action for the operator. */
  canSimulate: boolean;
  /** The MFA secret is shown as text. */
  secretShown: boolean;
  /** Part of the confirmation is still below the screen: enter shows it before it can apply. */
  unseen: boolean;
  /** The step makes no call: a person does it (in the console) while the wizard watches. */
  guided: boolean;
  /** The journal remembers an earlier run: enter resumes it, and starting over is offered. */
  resume: boolean;
}

export interface Binding {
  action: Action;
  /** How the footer names the key. */
  label: string;
  /** Whether a key press means this binding; absent when the binding only words the footer for keys another context handles. */
  match?: (input: string, key: Key) => boolean;
  /** What the footer says the key does now; undefined leaves it out of the footer. */
  hint: (s: HintState) => string | undefined;
}

const letter = (ch: string) => (input: string, key: Key) => input === ch && !key.ctrl && !key.meta;
const enter = (_input: string, key: Key) => key.return;
const quit: Binding = { action: 'quit', label: 'q', match: letter('q'), hint: (s) => (s.sandbox ? 'quit' : 'quit (resume later)') };
const CONTROL = /[\u0000-\u001f\u007f]/;
const none = () => undefined;

export const KEYMAP: Readonly<Record<KeyContext, readonly Binding[]>> = {
  // Ctrl-C works everywhere, also inside text inputs and on the "terminal too small" message.
  global: [
    {
      action: 'interrupt',
      label: 'ctrl-c',
      match: (input, key) => key.ctrl && input === 'c',
      hint: (s) => (s.context === 'working' ? (s.sandbox ? 'stop' : 'stop (resume later)') : undefined),
    },
    // As in shells and pagers: after something else wrote over the screen. Not in the footer.
    { action: 'redraw', label: 'ctrl-l', match: (input, key) => key.ctrl && input === 'l', hint: none },
  ],
  start: [
    { action: 'begin', label: 'enter', match: enter, hint: (s) => (s.resume ? 'resume' : 'begin') },
    { action: 'start-over', label: 'o', match: letter('o'), hint: (s) => (s.resume ? 'start over' : undefined) },
    quit,
  ],
  'start-over': [
    { action: 'confirm', label: 'y', match: letter('y'), hint: () => 'yes, start over' },
    { action: 'cancel', label: 'n', match: (input, key) => letter('n')(input, key) || key.escape, hint: () => 'no, go back' },
  ],
  // No letter keys here: inside a text input, q and s are just letters.
  questions: [
    // The keys themselves belong to the option list ('select' below); this only words the footer.
    { action: 'choose', label: '↑↓', hint: (s) => (s.choice ? 'choose' : undefined) },
    { action: 'next', label: 'enter', match: enter, hint: (s) => (s.lastQuestion ? 'submit' : 'next') },
    { action: 'skip', label: 'esc', match: (_i, key) => key.escape, hint: () => 'skip this step' },
  ],
  confirm: [
    { action: 'apply', label: 'enter', match: enter, hint: (s) => (s.unseen ? 'show the rest' : s.dryRun ? 'continue' : s.guided ? 'show what to do' : 'apply') },
    { action: 'skip', label: 's', match: letter('s'), hint: () => 'skip' },
    { action: 'details', label: 'd', match: letter('d'), hint: (s) => (s.details ? 'hide details' : 'details') },
    { action: 'scroll-up', label: '↑↓', match: (_i, key) => key.upArrow, hint: (s) => (s.scrollable ? 'scroll' : undefined) },
    // Shown together with ↑ above.
    { action: 'scroll-down', label: '↓', match: (_i, key) => key.downArrow, hint: none },
    quit,
  ],
  failure: [{ action: 'retry', label: 'r', match: letter('r'), hint: () => 'retry' }, { action: 'skip', label: 's', match: letter('s'), hint: () => 'skip this step' }, quit],
  // Waiting for the operator to act in the AWS console; the runner watches AWS meanwhile.
  wait: [
    { action: 'simulate', label: 'm', match: letter('m'), hint: (s) => (s.canSimulate ? 'do it for me (sandbox)' : undefined) },
    { action: 'skip', label: 's', match: letter('s'), hint: () => 'skip (audit stays red)' },
    quit,
  ],
  // MFA enrolment. Codes are digits, so letters are free for the screen; its code inputs take the rest.
  mfa: [
    { action: 'next', label: 'enter', match: enter, hint: (s) => (s.lastQuestion ? 'enable MFA' : 'next code') },
    { action: 'show-secret', label: 't', match: letter('t'), hint: (s) => (s.secretShown ? 'hide the secret' : 'show the secret as text') },
    { action: 'skip', label: 'esc', match: (_i, key) => key.escape, hint: () => 'skip' },
  ],
  // A secret shown once, on request; continuing takes it off the screen.
  reveal: [
    { action: 'show-secret', label: 'p', match: letter('p'), hint: (s) => (s.secretShown ? 'hide it' : 'show it') },
    { action: 'continue', label: 'enter', match: enter, hint: (s) => (s.secretShown ? 'continue (it leaves the screen)' : 'continue') },
    quit,
  ],
  working: [],
  finished: [],
  'too-small': [quit],
  // The answer being typed. Ink reports the key labelled backspace as `delete` on most terminals.
  'text-input': [
    { action: 'type', label: 'text', match: (input, key) => input !== '' && !key.ctrl && !key.meta && !CONTROL.test(input), hint: none },
    { action: 'erase', label: 'backspace', match: (_i, key) => key.backspace || key.delete, hint: none },
    { action: 'cursor-left', label: '←', match: (_i, key) => key.leftArrow, hint: none },
    { action: 'cursor-right', label: '→', match: (_i, key) => key.rightArrow, hint: none },
  ],
  // The options of a choice question; the footer's "↑↓ choose" comes from 'questions'.
  select: [
    { action: 'choose-previous', label: '↑', match: (_i, key) => key.upArrow, hint: none },
    { action: 'choose-next', label: '↓', match: (_i, key) => key.downArrow, hint: none },
  ],
};

const NO_HINTS: Omit<HintState, 'context'> = {
  dryRun: false,
  sandbox: false,
  lastQuestion: false,
  choice: false,
  details: false,
  scrollable: false,
  canSimulate: false,
  secretShown: false,
  unseen: false,
  guided: false,
  resume: false,
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

/** What a screen does for each action; `input` is the text of the key press (what `type` inserts). */
export type Handlers = Partial<Record<Action, (input: string) => void>>;

/**
 * Runs the handler of the first binding of `context` that matches a key press, and says whether one
 * ran. Bindings without a handler are skipped, so a screen can leave an action out (it then does
 * nothing).
 */
export function runBinding(context: KeyContext, handlers: Handlers, input: string, key: Key): boolean {
  for (const binding of KEYMAP[context]) {
    const handler = handlers[binding.action];
    if (handler && binding.match?.(input, key)) {
      handler(input);
      return true;
    }
  }
  return false;
}
