/**
 * One recording: the built CLI in a real pseudo-terminal (node-pty) at a fixed size, every chunk it
 * writes kept with its time, and a headless xterm that shows the recorder the screen as a viewer would
 * see it (unblanked: the recorder reads the QR code off it, as a phone would). Keys are typed like a
 * person types them: one at a time, with small pauses drawn from a seeded generator, so the same script
 * gives recordings of the same rhythm.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import type { CastEvent } from './cast.js';
import { seededRandom as random } from '../../src/sandbox/overlay/random.js';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export const KEY = { enter: '\r', ctrlC: '\u0003', esc: '\u001b', backspace: '\u007f' } as const;

export interface SessionOptions {
  cols: number;
  rows: number;
  /** Multiplies every human pause (1 = a person's pace; the recordings test uses less). */
  pace: number;
  seed: number;
}

/** A private HOME and state dir, no AWS settings of the developer's, colours on, no CI (Ink draws every frame). */
export function recordingEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'aws-harden-record-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('AWS_') || ['CI', 'NO_COLOR', 'FORCE_COLOR', 'COLORTERM'].includes(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    FORCE_COLOR: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

export interface Program {
  exited: Promise<{ exitCode: number; signal?: number }>;
  write(keys: string): void;
}

export class Session {
  readonly events: CastEvent[] = [];
  private readonly term: xterm.Terminal;
  private readonly t0 = performance.now();
  private readonly rand: () => number;
  private pending = Promise.resolve();
  private program: Program | undefined;
  private done = true;

  constructor(readonly opts: SessionOptions) {
    this.term = new xterm.Terminal({ cols: opts.cols, rows: opts.rows, allowProposedApi: true });
    this.rand = random(opts.seed);
  }

  /** Output as the viewer's terminal gets it: into the recording and onto the recorder's screen. */
  private output(data: string): void {
    this.events.push([(performance.now() - this.t0) / 1000, data]);
    this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(data, r)));
  }

  /** A shell prompt and a command typed at it (what the viewer would have typed to start the program). */
  async shell(command: string): Promise<void> {
    this.output('\u001b[32m$\u001b[0m ');
    await this.pause(400, 700);
    for (const ch of command) {
      this.output(ch);
      await this.pause(45, 110);
    }
    await this.pause(250, 450);
    this.output('\r\n');
  }

  /** Starts `node dist/cli.js ARGS` in the pseudo-terminal; its output joins the recording. */
  start(args: string[], env: Record<string, string>): Program {
    const proc = pty.spawn(process.execPath, [CLI, ...args], { name: 'xterm-256color', cols: this.opts.cols, rows: this.opts.rows, env });
    proc.onData((d) => this.output(d));
    this.done = false;
    const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => proc.onExit((e) => resolve(e)));
    void exited.then(() => (this.done = true));
    this.program = { exited, write: (keys) => proc.write(keys) };
    return this.program;
  }

  /** The screen as the viewer sees it now, one string per row. */
  async screen(): Promise<string> {
    await this.pending;
    const buf = this.term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < this.term.rows; y++) rows.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return rows.join('\n');
  }

  async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.screen();
      if (predicate(s)) return s;
      if (this.done) throw new Error(`the program exited while the recorder waited for ${what}. Screen:\n${s}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}. Screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** A person's pause, between `minMs` and `maxMs`, scaled by the pace. */
  pause(minMs: number, maxMs: number): Promise<void> {
    const ms = (minMs + this.rand() * (maxMs - minMs)) * this.opts.pace;
    return new Promise((r) => setTimeout(r, ms));
  }

  /** Keys to the running program, as one keypress. */
  press(keys: string): void {
    if (!this.program) throw new Error('no program is running');
    this.program.write(keys);
  }

  /** Text typed one key at a time. */
  async type(text: string): Promise<void> {
    for (const ch of text) {
      this.press(ch);
      await this.pause(70, 150);
    }
  }

  /** Time to read a screen before answering it. */
  read(): Promise<void> {
    return this.pause(700, 1200);
  }
}
