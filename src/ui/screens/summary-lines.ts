/**
 * The summary as lines: every step with its status and note, then the closing line and any error.
 * What the summary screen shows (summary-fit.ts fits it to the terminal) and what is printed to the
 * scrollback once the wizard has gone.
 */
import type { WizardState } from '../../engine/state.js';
import { GLYPHS, stepMark } from '../../format/glyphs.js';
import { groupLines, markSegment } from '../components/grouped-lines.js';
import { BLANK, textLines, wrapWords, type Line } from '../components/Lines.js';
import { closingLine, statusWord } from '../text.js';

export function failedStep(state: WizardState) {
  return state.phase.name === 'stopped' && state.phase.reason === 'failed' ? state.steps.find((s) => s.status === 'failed') : undefined;
}

/**
 * The steps and the closing line as lines of `width` columns: each step's note wraps under it, never
 * cut (it names the profile to use and the sign-in URL). Also what is printed to the terminal after
 * the wizard has gone, so it stays in the scrollback.
 */
export function summaryLines(state: WizardState, width: number): Line[] {
  const { steps, tail } = summaryParts(state, width);
  return [...steps, ...tail];
}

/**
 * The summary in two parts: the steps, and what closes it (the closing line, the error and its
 * remedy). The steps whose status word is in `grouped` share one paragraph per status, where the
 * first of them is ("✓ 9 done: Root MFA, Admin group, …"): how the screen fits many steps.
 */
export function summaryParts(state: WizardState, width: number, grouped: ReadonlySet<string> = new Set()): { steps: Line[]; tail: Line[] } {
  const titleWidth = Math.max(0, ...state.steps.map((s) => s.title.length)) + 4;
  const prefixWidth = titleWidth + 13;
  const closing = closingLine(state);
  const failed = failedStep(state);
  const error = failed?.error ?? (state.phase.name === 'stopped' ? state.phase.error : undefined);
  const steps = state.steps.flatMap((s): Line[] => {
    const mark = stepMark(s.status, false);
    const word = statusWord(s.status);
    if (grouped.has(word)) {
      const group = state.steps.filter((x) => statusWord(x.status) === word);
      return group[0] === s
        ? groupLines(
            mark,
            `${group.length} ${word}`,
            group.map((x) => x.title),
            width,
          )
        : [];
    }
    const note = (s.status === 'failed' ? (s.error?.message ?? s.note) : s.note) ?? '';
    const head: Line = [markSegment(mark), { text: ` ${s.title}`.padEnd(titleWidth - 1) }, { text: word.padEnd(13) }];
    // Narrow terminals: the note goes under the title instead of beside it.
    const beside = width - prefixWidth >= 24;
    const noteLines = note === '' ? [] : beside ? wrapWords(note, width - prefixWidth) : wrapWords(note, width - 4);
    if (beside) {
      const [first, ...rest] = noteLines;
      return [[...head, ...(first ? [{ text: first, dim: true }] : [])], ...rest.map((t): Line => [{ text: `${' '.repeat(prefixWidth)}${t}`, dim: true }])];
    }
    return [head, ...noteLines.map((t): Line => [{ text: `    ${t}`, dim: true }])];
  });
  const tail = [
    BLANK,
    ...textLines(closing.text, width, { bold: true, ...(closing.color ? { color: closing.color } : {}) }),
    ...(error ? [...textLines(error.message, width, { color: 'red' }, `${GLYPHS.failed.symbol} `), ...(error.remedy ? textLines(error.remedy, width, {}, 'What to do: ') : [])] : []),
  ];
  return { steps, tail };
}
