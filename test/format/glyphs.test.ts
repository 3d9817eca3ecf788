import { describe, expect, it } from 'vitest';
import { AUDIT_MARKS, GLYPHS, JOURNAL_MARKS, PLAN_MARKS, stepMark } from '../../src/format/glyphs.js';

const symbols = (marks: Record<string, { symbol: string }>) => Object.values(marks).map((m) => m.symbol);

describe('the glyph table', () => {
  it('gives every status of a table its own glyph, none twice', () => {
    for (const table of [GLYPHS, AUDIT_MARKS, PLAN_MARKS, JOURNAL_MARKS]) expect(new Set(symbols(table)).size).toBe(Object.keys(table).length);
  });

  it('marks a status the same way on the screens and in the printed lines', () => {
    // The wizard's step list, the --yes lines and the plan: a step that would change is ◇ in all three.
    expect(PLAN_MARKS['would-change']).toBe(stepMark('previewed'));
    for (const status of ['done', 'skipped', 'blocked', 'failed'] as const) expect(PLAN_MARKS[status]).toBe(stepMark(status));
    expect(PLAN_MARKS.pending).toBe(stepMark('pending'));
    expect(JOURNAL_MARKS.skipped).toBe(stepMark('skipped'));
    expect(AUDIT_MARKS.pass).toBe(stepMark('done'));
    expect(AUDIT_MARKS.fail).toBe(stepMark('failed'));
  });

  it('marks the current step apart from the rest, but not once it has ended', () => {
    expect(stepMark('applying', true)).toBe(GLYPHS.current);
    expect(stepMark('applying')).toBe(GLYPHS.pending);
    expect(stepMark('done', true)).toBe(GLYPHS.done);
  });
});
