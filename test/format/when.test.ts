import { describe, expect, it } from 'vitest';
import { clockTime, formatWhen, shortWhen } from '../../src/format/when.js';

// Built from local components, so the expectations hold in any time zone.
const local = (d: number, h: number, m: number) => new Date(2026, 10, d, h, m).toISOString();

describe('times from the journal', () => {
  it('reads local time to the minute', () => {
    expect(clockTime(local(23, 14, 2))).toBe('14:02');
    expect(formatWhen(local(23, 9, 5))).toBe('2026-11-23 09:05');
  });

  it('leaves out the date on the same day only', () => {
    const now = new Date(2026, 10, 23, 18, 0);
    expect(shortWhen(local(23, 14, 2), now)).toBe('14:02');
    expect(shortWhen(local(22, 14, 2), now)).toBe('2026-11-22 14:02');
  });

  it('shows text that is not a time as it is', () => {
    expect(formatWhen('yesterday')).toBe('yesterday');
    expect(shortWhen('')).toBe('');
  });
});
