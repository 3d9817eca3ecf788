import { describe, expect, it } from 'vitest';
import { NO_KEY, splitKeys } from '../../../src/ui/keyboard/split-keys.js';

const text = (input: string) => ({ input, key: NO_KEY });

describe('splitKeys', () => {
  it('leaves a single key and plain text (a paste) as they are', () => {
    const up = { ...NO_KEY, upArrow: true };
    expect(splitKeys('', up)).toEqual([{ input: '', key: up }]);
    expect(splitKeys('q', NO_KEY)).toEqual([text('q')]);
    expect(splitKeys('ops@example.com', NO_KEY)).toEqual([text('ops@example.com')]);
    expect(splitKeys('c', { ...NO_KEY, ctrl: true })).toEqual([{ input: 'c', key: { ...NO_KEY, ctrl: true } }]);
  });

  it('takes enter out of typed text: "9\\r" is 9, then enter', () => {
    expect(splitKeys('9\r', NO_KEY)).toEqual([text('9'), { input: '', key: { ...NO_KEY, return: true } }]);
  });

  it('keeps every enter of "\\r\\r", and the text between presses together', () => {
    const enter = { input: '', key: { ...NO_KEY, return: true } };
    expect(splitKeys('\r\r', NO_KEY)).toEqual([enter, enter]);
    expect(splitKeys('\rAlice\r', NO_KEY)).toEqual([enter, text('Alice'), enter]);
  });

  it('finds Ctrl-C typed right after a character', () => {
    expect(splitKeys('9\u0003', NO_KEY)).toEqual([text('9'), { input: 'c', key: { ...NO_KEY, ctrl: true } }]);
  });

  it('reads backspace, tab and a line feed as Ink does when they arrive alone', () => {
    expect(splitKeys('ab\u007f\b\t\n', NO_KEY)).toEqual([
      text('ab'),
      { input: '', key: { ...NO_KEY, delete: true } },
      { input: '', key: { ...NO_KEY, backspace: true } },
      { input: '', key: { ...NO_KEY, tab: true } },
      { input: '', key: NO_KEY },
    ]);
  });

  it('marks a lone capital letter with shift, as Ink does', () => {
    expect(splitKeys('\rA', NO_KEY)[1]).toEqual({ input: 'A', key: { ...NO_KEY, shift: true } });
  });
});
