import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { footerHint, KEYMAP, type KeyContext } from '../../../src/ui/keyboard/keymap.js';
import { NO_KEY } from '../../../src/ui/keyboard/split-keys.js';

const PRESSES: Array<[string, Key]> = [
  ['', { ...NO_KEY, return: true }],
  ['', { ...NO_KEY, escape: true }],
  ['', { ...NO_KEY, upArrow: true }],
  ['', { ...NO_KEY, downArrow: true }],
  ['c', { ...NO_KEY, ctrl: true }],
  ...'qsdroyn'.split('').map((ch): [string, Key] => [ch, NO_KEY]),
];

describe('keymap', () => {
  it('never binds one key press to two actions on the same screen (Ctrl-C included)', () => {
    for (const context of Object.keys(KEYMAP) as KeyContext[]) {
      const bindings = [...KEYMAP[context], ...(context === 'global' ? [] : KEYMAP.global)];
      for (const [input, key] of PRESSES) {
        const matching = bindings.filter((b) => b.match?.(input, key)).map((b) => b.action);
        expect(matching.length, `${context}: ${JSON.stringify(input)} ${JSON.stringify(matching)}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives the questions screen and the inputs on it different keys', () => {
    const presses: Array<[string, Key]> = [
      ...PRESSES,
      ['', { ...NO_KEY, leftArrow: true }],
      ['', { ...NO_KEY, rightArrow: true }],
      ['', { ...NO_KEY, backspace: true }],
      ['', { ...NO_KEY, delete: true }],
      ['ops@example.com', NO_KEY],
    ];
    const bindings = [...KEYMAP.questions, ...KEYMAP['text-input'], ...KEYMAP.select, ...KEYMAP.global];
    for (const [input, key] of presses) {
      const matching = bindings.filter((b) => b.match?.(input, key)).map((b) => b.action);
      expect(matching.length, `${JSON.stringify(input)} ${JSON.stringify(matching)}`).toBeLessThanOrEqual(1);
    }
  });

  it('binds no letters on the questions screen, where letters are typed', () => {
    for (const ch of 'qsdr') expect(KEYMAP.questions.some((b) => b.match?.(ch, NO_KEY))).toBe(false);
  });

  it('words the footer for the moment', () => {
    expect(footerHint('confirm', { dryRun: true })).toBe('enter continue · s skip · d details · q quit (resume later)');
    expect(footerHint('confirm', { dryRun: false, details: true, scrollable: true })).toBe('enter apply · s skip · d hide details · ↑↓ scroll · q quit (resume later)');
    // A sandbox account is thrown away on exit: no "resume later".
    expect(footerHint('failure', { sandbox: true })).toBe('r retry · s skip this step · q quit');
    expect(footerHint('working', { sandbox: false })).toBe('ctrl-c stop (resume later)');
    expect(footerHint('finished')).toBe('');
    // The start screen offers start over only when there is an earlier run to resume.
    expect(footerHint('start')).toBe('enter begin · q quit (resume later)');
    expect(footerHint('start', { resume: true })).toBe('enter resume · o start over · q quit (resume later)');
    expect(footerHint('start-over')).toBe('y yes, start over · n no, go back');
  });
});
