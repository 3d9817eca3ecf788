/**
 * Runs the built CLI in a real pseudo-terminal (node-pty) and reads the screen the way a person would
 * see it, through a headless xterm. Waits are on conditions, never fixed sleeps.
 */
import pty from 'node-pty';
import xterm from '@xterm/headless';
import { CLI } from './cli.js';

export interface PtyRun {
  /** The visible screen, one string per row, right-trimmed. */
  screen(): string;
  /** Everything the program wrote, raw (escape sequences included). */
  raw(): string;
  write(keys: string): void;
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill(signal?: string): void;
  resize(cols: number, rows: number): void;
}

export const KEY = { enter: '\r', ctrlC: '\u0003', esc: '\u001b', down: '\u001b[B', up: '\u001b[A', backspace: '\u007f' } as const;

/** CI=true on purpose: the wizard must draw every frame even where a CI variable is inherited. */
export function runInPty(args: string[], env: NodeJS.ProcessEnv, size: { cols: number; rows: number; term?: string } = { cols: 100, rows: 30 }): PtyRun {
  const term = new xterm.Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true });
  const proc = pty.spawn(process.execPath, [CLI, ...args], { name: size.term ?? 'xterm-256color', cols: size.cols, rows: size.rows, env: { ...env, LANG: 'C.UTF-8', CI: 'true' } });
  let raw = '';
  let pending = Promise.resolve();
  proc.onData((d) => {
    raw += d;
    pending = pending.then(() => new Promise<void>((r) => term.write(d, r)));
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => proc.onExit((e) => resolve(e)));

  const screen = () => {
    const buf = term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < term.rows; y++) rows.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return rows.join('\n');
  };

  return {
    screen,
    raw: () => raw,
    write: (keys) => proc.write(keys),
    kill: (signal) => proc.kill(signal),
    resize: (cols, rows) => {
      proc.resize(cols, rows);
      term.resize(cols, rows);
    },
    exited,
    // A limit, not a measure: the first screen waits for every step's check, 22 of them, six regional ones
    // in all 17 regions, which a cold emulator answers slowly on a loaded 2-CPU machine (over 20 s seen).
    async waitFor(predicate, what, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let done = false;
      void exited.then(() => (done = true));
      for (;;) {
        await pending;
        const s = screen();
        if (predicate(s)) return s;
        if (done) throw new Error(`the program exited while waiting for ${what}. Screen:\n${s}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}. Screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** From the first screen to the admin group's name question: begin, root MFA's plan, skip its console wait. */
export async function toGroupQuestion(t: PtyRun): Promise<void> {
  await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
  t.write(KEY.enter);
  await t.waitFor((s) => s.includes('enter show what to do'), 'the root MFA screen');
  t.write(KEY.enter);
  await t.waitFor((s) => s.includes('Watching AWS for the change'), 'the wait for the console');
  t.write('s');
  await t.waitFor((s) => s.includes('Name of the administrators group'), 'the group name question');
}

/** What an operator does on a screen that matches `when`, instead of pressing enter. */
export interface ScreenAction {
  when: RegExp;
  act(t: PtyRun, screen: string): Promise<void> | void;
}

/** Types `text` (once) where `when` matches, then presses enter. */
export function typeAt(when: RegExp, text: string): ScreenAction {
  let done = false;
  return {
    when,
    async act(t) {
      if (!done) {
        done = true;
        t.write(text);
        await t.waitFor((x) => x.includes(text), `"${text}" to be typed`);
      }
      t.write(KEY.enter);
    },
  };
}

/**
 * Answers every remaining screen as an operator accepting the defaults would (enter), doing what an
 * action says where one matches, until `done` matches the screen. Returns the final screen.
 */
export async function walkToEnd(t: PtyRun, done: RegExp, actions: ScreenAction[] = [], maxScreens = 160): Promise<string> {
  for (let i = 0; i < maxScreens; i++) {
    const s = await t.waitFor((x) => done.test(x) || /\benter\b|\bs skip\b/.test(footer(x)), 'a prompt or the end');
    if (done.test(s)) return s;
    const action = actions.find((a) => a.when.test(s));
    if (action) await action.act(t, s);
    else t.write(KEY.enter);
    // A real change, not a spinner frame or the clock ticking: acting again on the same prompt would send
    // a key to whatever prompt comes next.
    await t.waitFor((x) => still(x) !== still(s), 'the screen to change');
  }
  throw new Error(`did not reach ${done} within ${maxScreens} screens. Screen:\n${t.screen()}`);
}

/** The screen without what animates by itself (spinner glyphs, an elapsed m:ss clock). */
function still(screen: string): string {
  return screen.replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '').replace(/· \d+:\d\d/g, '');
}

function footer(screen: string): string {
  const rows = screen.split('\n').filter((r) => r.trim() !== '');
  return rows[rows.length - 1] ?? '';
}

/**
 * Runs a shell command on its own pseudo-terminal (so it has a /dev/tty, as in the operator's other
 * terminal), answering a prompt that matches `prompt.when` with `prompt.answer()`. Resolves with all it
 * printed and its exit code.
 */
export function runShellInPty(command: string, env: NodeJS.ProcessEnv, prompt?: { when: RegExp; answer: () => string | Promise<string> }): Promise<{ screen: string; code: number }> {
  return new Promise((resolve) => {
    const p = pty.spawn('bash', ['-c', command], { cols: 120, rows: 20, env });
    let screen = '';
    // Each prompt is answered once: only what came after the last answer is looked at.
    let answeredUpTo = 0;
    p.onData((d) => {
      screen += d;
      if (prompt && prompt.when.test(screen.slice(answeredUpTo))) {
        answeredUpTo = screen.length;
        void Promise.resolve(prompt.answer()).then((a) => p.write(`${a}\r`));
      }
    });
    p.onExit(({ exitCode }) => resolve({ screen, code: exitCode }));
  });
}

/**
 * The answers a whole run needs beyond the defaults, for the CIS baseline's steps: the security contact
 * has no default name or phone (the e-mail defaults to the budget's). Matched on the question being asked
 * (its prompt alone on its line; an answered one shows its answer after it). Fresh per walk (typeAt keeps state).
 */
export function contactAnswers(): ScreenAction[] {
  return [typeAt(/Security contact: name *(│|$)/m, 'Ops Security'), typeAt(/Phone number *(│|$)/m, '+1 206 555 0100')];
}
