/**
 * Where a key press goes, decided when it arrives — not when some screen last subscribed. The
 * `KeypressProvider` feeds it every key from its one `useInput`; screens and inputs register the
 * handlers of the frame they drew (`useKeymap`). No React in here, so the rules are tested on their own:
 *
 * - Global bindings (Ctrl-C) run at once, whatever is on screen.
 * - Any other key is aimed at the prompt the store has open at that moment. With none open (the runner
 *   is working, or the run is over) it is dropped: typing ahead must not answer a question the operator
 *   has not read yet.
 * - If the screen for that prompt has not registered yet (the prompt opened a moment ago, its frame is
 *   not committed), the key waits and goes as soon as it has. A key that waits is dropped if its prompt
 *   closes first, so it never answers a prompt it was not meant for. A destructive question (deleting
 *   the root keys) takes no such key at all: only what is typed once it is on screen.
 * - After a key is handled, the next one waits until React has committed what that key did: React
 *   renders a key's state changes later (a scheduler task), while Ink hands over every key of one read
 *   from stdin at once. So each key reaches the handlers of the frame the one before produced (enter
 *   moves to the next question; the text typed after it belongs to that question's input).
 */
import type { Key } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { runBinding, type Handlers, type KeyContext } from './keymap.js';
import { splitKeys } from './split-keys.js';

/** One `useKeymap` call, as of its component's last commit. */
export interface Registration {
  context: KeyContext;
  /** The prompt on screen in the frame that registered; keys aimed at another prompt never reach it. */
  prompt: Prompt | undefined;
  handlers: Handlers;
  /** False: on screen but deaf (the terminal is too small); its keys are dropped, not kept. */
  isActive: boolean;
}

export interface KeyRouterOptions {
  /** The prompt a key answers now, read from the store at key time. */
  target(): Prompt | undefined;
  /** The latest handlers of the global bindings. */
  global(): Handlers;
  /**
   * Asks React for commit number `frame` (a state update after the key's own, so committed with or
   * after them); the provider answers with `drawn(frame)` from a layout effect.
   */
  requestFrame(frame: number): void;
  /** Runs `task` on a later turn of the event loop: never a handler inside React's commit. */
  schedule?: (task: () => void) => void;
}

interface Waiting {
  input: string;
  key: Key;
  aim: Prompt;
}

// Screen bindings first (enter, esc on the questions screen), then the input on it.
const INPUTS: readonly KeyContext[] = ['text-input', 'select'];
const rank = (r: Registration) => (INPUTS.includes(r.context) ? 1 : 0);

function isDestructive(prompt: Prompt): boolean {
  return prompt.kind === 'questions' && prompt.questions.some((q) => q.destructive === true);
}

/** More than any operator types while one frame is drawn; beyond it keys are dropped, not hoarded. */
const MAX_WAITING = 256;

export class KeyRouter {
  private readonly registrations = new Set<Registration>();
  private waiting: Waiting[] = [];
  /** A key was just handled: the next waits for the frame that shows what it did. */
  private paused = false;
  private frame = 0;
  private scheduled = false;
  private readonly schedule: (task: () => void) => void;

  constructor(private readonly options: KeyRouterOptions) {
    this.schedule = options.schedule ?? ((task) => void setImmediate(task));
  }

  add(registration: Registration): void {
    this.registrations.add(registration);
    this.changed();
  }

  remove(registration: Registration): void {
    this.registrations.delete(registration);
  }

  /** A registration changed (its component committed): keys waiting for it can go. */
  changed(): void {
    if (!this.paused) this.drainLater();
  }

  /** React committed frame `frame` (see `requestFrame`). */
  drawn(frame: number): void {
    if (!this.paused || frame < this.frame) return;
    this.paused = false;
    this.drainLater();
  }

  /** Every key from stdin; an arrow function so it is one stable `useInput` handler. */
  readonly press = (input: string, key: Key): void => {
    for (const press of splitKeys(input, key)) {
      if (runBinding('global', this.options.global(), press.input, press.key)) continue;
      const aim = this.options.target();
      if (!aim || this.waiting.length >= MAX_WAITING) continue;
      if (isDestructive(aim) && !this.onScreen(aim)) continue;
      this.waiting.push({ ...press, aim });
    }
    this.drain();
  };

  private onScreen(prompt: Prompt): boolean {
    return [...this.registrations].some((r) => r.prompt === prompt);
  }

  private drain(): void {
    while (!this.paused) {
      const next = this.waiting[0];
      if (!next) return;
      if (this.options.target() !== next.aim) {
        this.waiting.shift();
        continue;
      }
      const screen = [...this.registrations].filter((r) => r.prompt === next.aim);
      if (screen.length === 0) return;
      this.waiting.shift();
      this.deliver(screen, next);
      this.paused = true;
      this.options.requestFrame(++this.frame);
    }
  }

  private deliver(screen: Registration[], { input, key }: Waiting): void {
    for (const r of screen.sort((a, b) => rank(a) - rank(b))) {
      if (r.isActive && runBinding(r.context, r.handlers, input, key)) return;
    }
  }

  // Called from React's commit (layout effects): handlers run on the next turn instead, like a key
  // press, so their updates are not nested inside that commit.
  private drainLater(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.drain();
    });
  }
}
