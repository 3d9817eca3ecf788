/** The Security status in the room it has: the most detail that fits, every check named, nothing wider than the panel. */
import { describe, expect, it } from 'vitest';
import type { AuditCheck } from '../../src/engine/state.js';
import { CHECK_MODES, checkLines, fitChecks } from '../../src/ui/components/check-lines.js';
import { STEPS } from './fixtures.js';

const text = (line: ReadonlyArray<{ text: string }>) => line.map((s) => s.text).join('');
const STATUSES: ReadonlyArray<AuditCheck['status']> = ['fail', 'pass', 'unknown'];

/** 22 checks (as many as the wizard has steps today; two more than the wizard had when this was written), statuses mixed, details long. */
const CHECKS: AuditCheck[] = STEPS.slice(0, 22).map((s, i) => ({
  id: s.id,
  title: s.title,
  why: s.why,
  status: STATUSES[i % 3]!,
  detail: `${s.title}: a detail long enough to be shortened on any terminal this wizard runs in.`,
}));

describe('the Security status lines', () => {
  it('in every mode and width: no line wider than the panel, every check named once', () => {
    for (const mode of CHECK_MODES) {
      for (let width = 46; width <= 120; width++) {
        const out = checkLines(CHECKS, width, mode).map(text);
        for (const l of out) expect(l.length, `${mode} at ${width}: ${l}`).toBeLessThanOrEqual(width);
        const all = out.join(' ');
        for (const c of CHECKS) expect(all, `${mode} at ${width}`).toContain(c.title);
      }
    }
  });

  it('picks the most detailed mode that fits, then says how many it could not show', () => {
    const at = (lines: number) => fitChecks(CHECKS, 54, lines);
    expect(at(22).mode).toBe('lines');
    expect(at(21).mode).toBe('grouped');
    // The passing third share a paragraph; the others keep their line and detail.
    expect(text(at(21).lines.at(-3)!)).toMatch(/^✓ 7 already in place: Admin group, /);
    expect(at(11).mode).toBe('grid');
    expect(at(10).mode).toBe('groups');
    expect(at(10).lines.map(text)[0]).toMatch(/^✗ 8 need work: Root MFA, Admin MFA, /);
    const cut = at(3);
    expect(cut.mode).toBeUndefined();
    expect(cut.lines.map(text)).toEqual([expect.stringMatching(/^✗ Root MFA +Root MFA: a detail/), expect.stringMatching(/^\? Admin user /), '… and 20 more (`aws-harden audit` lists them all)']);
  });
});
