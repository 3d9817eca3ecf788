/**
 * Answers the wizard's screens the way a person would: read, then press enter for the default, or do
 * what an action says where one matches. Follows test/helpers/pty.ts (walkToEnd), at a person's pace.
 */
import { readQrFromScreen } from '../../test/helpers/qr.js';
import { totp } from '../../test/helpers/totp.js';
import { KEY, type Session } from './session.js';

export interface Action {
  when: RegExp;
  act(s: Session, screen: string): Promise<void>;
}

/** Sees every screen the recorder answers, unblanked (the recordings test collects the run's secrets here). */
export type Observer = (screen: string) => Promise<void> | void;

/** The screen without what animates by itself (spinner glyphs, an elapsed m:ss clock). */
function still(screen: string): string {
  return screen.replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '').replace(/· \d+:\d\d/g, '');
}

function footer(screen: string): string {
  const rows = screen.split('\n').filter((r) => r.trim() !== '');
  return rows[rows.length - 1] ?? '';
}

/**
 * Until the screen differs from `before` and has stopped changing for a moment: acting on a frame
 * drawn halfway through an answer would type into whatever prompt comes next.
 */
async function settle(s: Session, before: string, quietMs = 300): Promise<void> {
  let last = still(await s.waitFor((x) => still(x) !== still(before), 'the screen to change', 60_000));
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await new Promise((r) => setTimeout(r, 40));
    const now = still(await s.screen());
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

/** Until `done` (a pattern, or a test of the whole screen) holds; returns that screen. */
export async function walk(s: Session, done: RegExp | ((screen: string) => boolean), actions: Action[], observe?: Observer, maxScreens = 160): Promise<string> {
  const isDone = typeof done === 'function' ? done : (x: string) => done.test(x);
  for (let i = 0; i < maxScreens; i++) {
    const screen = await s.waitFor((x) => isDone(x) || /\benter\b|\bs skip\b/.test(footer(x)), 'a prompt or the end', 60_000);
    await observe?.(screen);
    if (isDone(screen)) return screen;
    const action = actions.find((a) => a.when.test(screen));
    if (action) await action.act(s, screen);
    else {
      await s.read();
      s.press(KEY.enter);
    }
    await settle(s, screen);
  }
  throw new Error(`did not reach ${String(done)} within ${maxScreens} screens. Screen:\n${await s.screen()}`);
}

/** Types `text` where `when` matches (after erasing `erase` characters of a default), then enter. */
export function answer(when: RegExp, text: string, erase = 0): Action {
  return {
    when,
    async act(s) {
      await s.read();
      for (let i = 0; i < erase; i++) {
        s.press(KEY.backspace);
        await s.pause(60, 110);
      }
      await s.type(text);
      await s.pause(300, 600);
      s.press(KEY.enter);
    },
  };
}

export function press(when: RegExp, key: string): Action {
  return {
    when,
    async act(s) {
      await s.read();
      s.press(key);
    },
  };
}

/**
 * Admin MFA: read the QR code off the screen as a phone would (the seed joins `seeds`, for blanking),
 * optionally show the secret as text (`t`), then type two consecutive codes from an independent TOTP.
 */
export function enrollMfa(seeds: string[], showText: boolean): Action {
  return {
    when: /Type two codes in a row/,
    async act(s, screen) {
      const uri = readQrFromScreen(screen);
      const seed = uri === undefined ? undefined : new URL(uri).searchParams.get('secret');
      if (!seed) throw new Error(`could not read the QR code off the MFA screen. Screen:\n${screen}`);
      if (!seeds.includes(seed)) seeds.push(seed);
      await s.read();
      if (showText && !/Secret:/.test(screen)) {
        s.press('t');
        await s.waitFor((x) => /Secret:/.test(x), 'the secret as text');
        await s.read();
      }
      // Two codes in a row: the previous window's and this one's. Not across a window's end while typing.
      const left = 30 - ((Date.now() / 1000) % 30);
      if (left < 8) await new Promise((r) => setTimeout(r, left * 1000 + 200));
      const now = Date.now() / 1000;
      await s.type(totp(seed, now - 30));
      await s.pause(200, 400);
      s.press(KEY.enter);
      await s.pause(600, 1000);
      await s.type(totp(seed, now));
      await s.pause(200, 400);
      s.press(KEY.enter);
    },
  };
}
