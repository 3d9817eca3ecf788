/** The summary in the lines the screen has: steps grouped by status as needed, the closing line and the error always kept. */
import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/engine/state.js';
import { fitSummary } from '../../src/ui/screens/summary-fit.js';
import { STEPS, state } from './fixtures.js';

const text = (lines: ReadonlyArray<ReadonlyArray<{ text: string }>>) => lines.map((l) => l.map((s) => s.text).join(''));

describe('the summary fitted to the screen', () => {
  it('as a last resort (every step failed, each with a long error): cuts the steps with a line that counts them, keeps the close and the error', () => {
    let s = state({ dryRun: false });
    for (const st of STEPS)
      s = reduce(s, { type: 'step-updated', id: st.id, patch: { status: 'failed', error: { message: `${st.title} failed for a reason that takes more than one line to say, at this width.` } } });
    s = reduce(s, { type: 'stopped', reason: 'failed' });
    for (const height of [10, 19, 30]) {
      const out = text(fitSummary(s, 76, height));
      expect(out.length).toBeLessThanOrEqual(height);
      // The close, then the first failed step's error in full.
      expect(out.some((l) => l.startsWith('Stopped at a failed step.'))).toBe(true);
      expect(out.slice(-2).join(' ').replace(/ +/g, ' ')).toBe('✗ Root MFA failed for a reason that takes more than one line to say, at this width.');
      const more = out.find((l) => l.startsWith('… and '));
      expect(more).toMatch(/^… and \d+ more lines \(a taller terminal shows them\)$/);
      // The first steps keep their line: a failed step is never grouped.
      expect(out[0]).toMatch(/^✗ Root MFA +failed +Root MFA failed/);
    }
  });

  it('all fits: every step on its line, nothing grouped', () => {
    const out = text(fitSummary(state({ dryRun: false }), 76, STEPS.length + 2));
    expect(out.slice(0, STEPS.length).map((l) => l.slice(2).split('  ')[0])).toEqual(STEPS.map((s) => s.title));
  });
});
