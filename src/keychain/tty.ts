/**
 * Asks for a secret (or a yes/no) on the controlling terminal, /dev/tty, never on stdout: the AWS CLI
 * reads credential-process's stdout, and the wizard's stdout belongs to Ink. Nothing is echoed while a
 * secret is typed. Without a terminal: an operator error that says how to go without one.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { ExitCode, OperatorError } from '../errors.js';

/** The terminal device: /dev/tty on POSIX, the console on Windows (untested here). */
const DEVICE = process.platform === 'win32' ? { in: 'CONIN$', out: 'CONOUT$' } : { in: '/dev/tty', out: '/dev/tty' };

function noTerminal(what: string, remedy: string, cause?: unknown): OperatorError {
  const why = cause instanceof Error && 'code' in cause ? ` (${DEVICE.in}: ${String((cause as NodeJS.ErrnoException).code)})` : '';
  return new OperatorError('not-a-tty', `No terminal to ask for ${what} on${why}.`, remedy, ExitCode.Usage, { cause });
}

/** Writes one line to the terminal (never stdout); nothing when there is no terminal. */
export function tellTerminal(line: string): void {
  try {
    const fd = openSync(DEVICE.out, 'w');
    try {
      writeSync(fd, `${line}\n`);
    } finally {
      closeSync(fd);
    }
  } catch {
    // no terminal: whatever asks next says so
  }
}

/**
 * Reads one line from the terminal. `echo: false` hides what is typed. Ctrl-C is an interruption
 * (exit 130); Ctrl-D on an empty line gives up. `remedy` is used when there is no terminal.
 */
export function askTerminal(prompt: string, opts: { what: string; remedy: string; echo: boolean }): Promise<string> {
  let inFd: number;
  let outFd: number;
  try {
    inFd = openSync(DEVICE.in, 'r');
  } catch (e) {
    return Promise.reject(noTerminal(opts.what, opts.remedy, e));
  }
  try {
    outFd = openSync(DEVICE.out, 'w');
  } catch (e) {
    closeSync(inFd);
    return Promise.reject(noTerminal(opts.what, opts.remedy, e));
  }
  let input: ReadStream;
  try {
    input = new ReadStream(inFd);
  } catch (e) {
    closeSync(inFd);
    closeSync(outFd);
    return Promise.reject(noTerminal(opts.what, opts.remedy, e));
  }
  const say = (t: string) => {
    try {
      writeSync(outFd, t);
    } catch {
      // a terminal that went away: the read below ends too
    }
  };
  return new Promise<string>((resolve, reject) => {
    let line = '';
    const finish = (err: OperatorError | undefined) => {
      input.removeAllListeners('data');
      try {
        input.setRawMode(false);
      } catch {
        // already gone
      }
      say('\n');
      input.destroy(); // closes inFd
      closeSync(outFd);
      if (err) reject(err);
      else resolve(line);
    };
    input.setRawMode(true);
    say(prompt);
    input.on('data', (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(undefined);
        if (ch === '\u0003') return finish(new OperatorError('usage', `Interrupted while asking for ${opts.what}. Nothing was changed.`, 'Run again when ready.', ExitCode.Interrupted));
        if (ch === '\u0004' && line === '') return finish(new OperatorError('usage', `No ${opts.what} given (Ctrl-D). Nothing was changed.`, 'Run again and type it, then Enter.', ExitCode.Usage));
        if (ch === '\u007f' || ch === '\b') {
          if (line) {
            line = [...line].slice(0, -1).join('');
            if (opts.echo) say('\b \b');
          }
          continue;
        }
        if (ch < ' ') continue; // other control keys are not part of a passphrase
        line += ch;
        if (opts.echo) say(ch);
      }
    });
    input.on('end', () => finish(new OperatorError('usage', `The terminal closed while asking for ${opts.what}. Nothing was changed.`, 'Run again.', ExitCode.Usage)));
  });
}
