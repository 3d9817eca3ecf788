/** The step list's window: the current step always in it, every hidden step counted, never taller than its box. */
import { describe, expect, it } from 'vitest';
import { stepWindow } from '../../src/ui/components/step-window.js';

describe('the step list window', () => {
  it('shows every row, with no "more" line, when they fit', () => {
    expect(stepWindow(12, 12, 11)).toEqual({ start: 0, end: 12, above: 0, below: 0 });
  });

  it('for any count, height and current row: the current row shown, the rest counted, within the height', () => {
    for (let total = 1; total <= 30; total++) {
      for (let height = 3; height <= 24; height++) {
        for (let current = 0; current < total; current++) {
          const w = stepWindow(total, height, current);
          const label = `${total} rows in ${height} lines, at ${current}`;
          expect(w.start <= current && current < w.end, label).toBe(true);
          expect(w.above + (w.end - w.start) + w.below, label).toBe(total);
          expect(w.above, label).toBe(w.start);
          // The rows plus a line for each hidden side.
          expect(w.end - w.start + (w.above > 0 ? 1 : 0) + (w.below > 0 ? 1 : 0), label).toBeLessThanOrEqual(height);
        }
      }
    }
  });

  it('uses every line when it hides rows (no wasted line)', () => {
    for (const current of [0, 5, 10, 17, 22]) {
      const w = stepWindow(23, 19, current);
      expect(w.end - w.start + (w.above > 0 ? 1 : 0) + (w.below > 0 ? 1 : 0)).toBe(19);
    }
  });

  it('keeps the step just done in sight above the current one, and the next below it', () => {
    // 23 rows (Preflight and 22 steps) in the 19 lines of an 80×24 terminal.
    expect(stepWindow(23, 19, 0)).toEqual({ start: 0, end: 18, above: 0, below: 5 });
    expect(stepWindow(23, 19, 16)).toEqual({ start: 0, end: 18, above: 0, below: 5 });
    expect(stepWindow(23, 19, 17)).toEqual({ start: 5, end: 23, above: 5, below: 0 });
    expect(stepWindow(40, 19, 17)).toEqual({ start: 16, end: 33, above: 16, below: 7 });
    expect(stepWindow(23, 19, 22)).toEqual({ start: 5, end: 23, above: 5, below: 0 });
  });
});
