import { describe, expect, it, vi } from 'vitest';
import type { Prompt } from '../../../src/engine/state.js';
import { KeyRouter, type Registration } from '../../../src/ui/keyboard/router.js';
import { NO_KEY } from '../../../src/ui/keyboard/split-keys.js';
import { CHECKS, PLAN } from '../fixtures.js';

const ENTER = { ...NO_KEY, return: true };
const CTRL = { ...NO_KEY, ctrl: true };

/**
 * A router over a fake store whose open prompt the test sets. `tick()` is React committing the frame
 * the router asked for, then the next turn of the event loop (what the router scheduled).
 */
function setup() {
  let open: Prompt | undefined;
  let requested = 0;
  const tasks: Array<() => void> = [];
  const interrupt = vi.fn();
  const router = new KeyRouter({
    target: () => open,
    global: () => ({ interrupt }),
    requestFrame: (frame) => {
      requested = frame;
    },
    schedule: (task) => tasks.push(task),
  });
  return {
    router,
    interrupt,
    open(prompt: Prompt | undefined) {
      open = prompt;
    },
    tick() {
      router.drawn(requested);
      for (const task of tasks.splice(0)) task();
    },
    /** The next turn without React having committed anything. */
    turn() {
      for (const task of tasks.splice(0)) task();
    },
    register(r: Registration) {
      router.add(r);
      return r;
    },
  };
}

const start: Prompt = { kind: 'start', checks: CHECKS };
const confirm: Prompt = { kind: 'confirm', stepId: 'password-policy', plan: PLAN, dryRun: true };

describe('KeyRouter', () => {
  it('a destructive question takes no key typed before it was on screen, only what comes after', () => {
    const t = setup();
    const next = vi.fn();
    const type = vi.fn();
    const destroy: Prompt = {
      kind: 'questions',
      stepId: 'root-access-keys',
      questions: [{ kind: 'text', id: 'delete', prompt: 'Type yes', default: '', destructive: true }],
      defaults: {},
    };
    t.open(destroy);
    // The Enter that applied the step before, and a stray letter, arrive before the screen is drawn.
    t.router.press('', ENTER);
    t.router.press('y', NO_KEY);
    t.register({ context: 'questions', prompt: destroy, handlers: { next }, isActive: true });
    t.register({ context: 'text-input', prompt: destroy, handlers: { type }, isActive: true });
    t.tick();
    expect(next).not.toHaveBeenCalled();
    expect(type).not.toHaveBeenCalled();
    t.router.press('y', NO_KEY);
    expect(type).toHaveBeenCalledWith('y');
  });

  it('an ordinary question keeps what was typed ahead and gives it once it is drawn', () => {
    const t = setup();
    const type = vi.fn();
    const ask: Prompt = { kind: 'questions', stepId: 'budget', questions: [{ kind: 'text', id: 'name', prompt: 'Name', default: '' }], defaults: {} };
    t.open(ask);
    t.router.press('a', NO_KEY);
    t.register({ context: 'text-input', prompt: ask, handlers: { type }, isActive: true });
    t.tick();
    expect(type).toHaveBeenCalledWith('a');
  });

  it('gives a key to the registration of the prompt open now', () => {
    const t = setup();
    const begin = vi.fn();
    t.open(start);
    t.register({ context: 'start', prompt: start, handlers: { begin }, isActive: true });
    t.router.press('', ENTER);
    expect(begin).toHaveBeenCalledTimes(1);
  });

  it('keeps a key for a prompt whose screen has not registered yet, and delivers it when it does', () => {
    const t = setup();
    const apply = vi.fn();
    // The start screen is still registered; the store has just opened the confirm prompt.
    t.register({ context: 'start', prompt: start, handlers: { begin: vi.fn() }, isActive: true });
    t.open(confirm);
    t.router.press('', ENTER);
    expect(apply).not.toHaveBeenCalled();

    t.register({ context: 'confirm', prompt: confirm, handlers: { apply }, isActive: true });
    t.tick();
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('drops a key while no prompt is open: typing ahead answers nothing', () => {
    const t = setup();
    t.router.press('', ENTER);
    const apply = vi.fn();
    t.open(confirm);
    t.register({ context: 'confirm', prompt: confirm, handlers: { apply }, isActive: true });
    t.tick();
    expect(apply).not.toHaveBeenCalled();
  });

  it('drops a waiting key once the prompt it was meant for has closed', () => {
    const t = setup();
    t.open(start);
    t.router.press('', ENTER);
    t.open(confirm);
    const apply = vi.fn();
    t.register({ context: 'confirm', prompt: confirm, handlers: { apply }, isActive: true });
    t.tick();
    expect(apply).not.toHaveBeenCalled();
  });

  it('drops keys for an inactive screen (too small) rather than keeping them', () => {
    const t = setup();
    const apply = vi.fn();
    t.open(confirm);
    const r = t.register({ context: 'confirm', prompt: confirm, handlers: { apply }, isActive: false });
    t.router.press('', ENTER);
    r.isActive = true;
    t.router.changed();
    t.tick();
    expect(apply).not.toHaveBeenCalled();
  });

  it('runs Ctrl-C at once, with or without a prompt or a registered screen', () => {
    const t = setup();
    t.router.press('c', CTRL);
    t.open(confirm);
    t.router.press('9\u0003', NO_KEY);
    expect(t.interrupt).toHaveBeenCalledTimes(2);
  });

  it('tries the screen bindings before the input on it', () => {
    const t = setup();
    const questions: Prompt = { kind: 'questions', stepId: 'password-policy', questions: [], defaults: {} };
    const next = vi.fn();
    const type = vi.fn();
    t.open(questions);
    // The input registers first (children commit before parents); the screen still goes first.
    t.register({ context: 'text-input', prompt: questions, handlers: { type }, isActive: true });
    t.register({ context: 'questions', prompt: questions, handlers: { next }, isActive: true });
    t.router.press('q', NO_KEY);
    t.tick();
    t.router.press('', ENTER);
    expect(type).toHaveBeenCalledExactlyOnceWith('q');
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('delivers keys that arrive together one per frame, so each sees what the one before did', () => {
    const t = setup();
    const questions: Prompt = { kind: 'questions', stepId: 'password-policy', questions: [], defaults: {} };
    const seen: string[] = [];
    t.open(questions);
    t.register({ context: 'questions', prompt: questions, handlers: { next: () => seen.push('next') }, isActive: true });
    t.register({ context: 'text-input', prompt: questions, handlers: { type: (s) => seen.push(s) }, isActive: true });
    t.router.press('9\rAlice', NO_KEY);
    expect(seen).toEqual(['9']);
    // Not before React has committed the frame the key asked for.
    t.turn();
    expect(seen).toEqual(['9']);
    t.tick();
    expect(seen).toEqual(['9', 'next']);
    t.tick();
    expect(seen).toEqual(['9', 'next', 'Alice']);
    // Separate events of one read (Ink splits at escape sequences) wait their turn just the same.
    t.router.press('x', NO_KEY);
    t.router.press('', ENTER);
    expect(seen).toEqual(['9', 'next', 'Alice']);
    t.tick();
    expect(seen).toEqual(['9', 'next', 'Alice', 'x']);
    t.tick();
    expect(seen).toEqual(['9', 'next', 'Alice', 'x', 'next']);
  });
});
