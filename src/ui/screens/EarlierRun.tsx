/**
 * The resume screen's account of the earlier run: per step what the journal says and when, and, where
 * AWS now shows something else, what AWS shows ("≠ AWS now: not done"). As lines of the panel's
 * width, so the start screen can budget its rows; when not every step fits, the ones AWS disagrees on
 * (and the interrupted ones) are kept and the rest counted.
 */
import type { ResumeInfo } from '../../engine/state.js';
import { awsDisagrees, awsNow } from '../../engine/resume.js';
import { wrapWords, type Line, type Segment } from '../components/Lines.js';
import { GLYPHS, type Mark } from '../../format/glyphs.js';
import { earlierStep, lastRunLine } from '../text.js';

function markSegment(mark: Mark): Segment {
  return { text: mark.symbol, ...(mark.color && mark.color !== 'blue' ? { color: mark.color } : {}), ...(mark.dim ? { dim: true } : {}) };
}

/** The lines of one step: on one line when they fit, else what AWS shows goes under it. */
function stepLines(resume: ResumeInfo, index: number, width: number): Line[] {
  const step = resume.steps[index]!;
  const { mark, text } = earlierStep(step, new Date(resume.lastRun));
  const disagrees = awsDisagrees(step);
  // An interrupted step: what AWS shows is how it ended. Agreeing ones need no word.
  const now = disagrees || step.status === 'applying' ? awsNow(step) : undefined;
  const head: Line = [markSegment(mark), { text: ` ${text}` }];
  if (!now) return [head];
  const tail: Segment[] = disagrees ? [markSegment(GLYPHS.disagrees), { text: ` ${now}`, color: 'yellow' }] : [{ text: now, dim: true }];
  const oneLine = 2 + text.length + 3 + tail.reduce((n, s) => n + s.text.length, 0);
  return oneLine <= width ? [[...head, { text: ' · ', dim: true }, ...tail]] : [head, [{ text: '    ' }, ...tail]];
}

/** How many steps AWS now disagrees on. */
export function disagreements(resume: ResumeInfo): number {
  return resume.steps.filter(awsDisagrees).length;
}

/** Lines the whole account takes: the heading, the disagreement note, every step. */
export function earlierRunHeight(resume: ResumeInfo, width: number): number {
  return earlierRunLines(resume, width, Number.MAX_SAFE_INTEGER).length;
}

/** Lines it takes to show at least the heading, the note and every step AWS disagrees on (or that was interrupted). */
export function earlierRunUrgentHeight(resume: ResumeInfo, width: number): number {
  const urgent = resume.steps.filter((s) => awsDisagrees(s) || s.status === 'applying').length;
  return Math.min(
    earlierRunHeight(resume, width),
    earlierRunLines({ ...resume, steps: resume.steps.filter((s) => awsDisagrees(s) || s.status === 'applying') }, width, Number.MAX_SAFE_INTEGER).length + (urgent < resume.steps.length ? 1 : 0),
  );
}

/** The heading and at most `room` more lines. */
export function earlierRunLines(resume: ResumeInfo, width: number, room: number): Line[] {
  const out: Line[] = [[{ text: lastRunLine(resume), bold: true }]];
  const n = disagreements(resume);
  if (n > 0) {
    const [first, ...rest] = wrapWords(`Journal and AWS disagree on ${n} step${n === 1 ? '' : 's'}; AWS counts.`, width - 2);
    out.push([markSegment(GLYPHS.disagrees), { text: ` ${first ?? ''}`, color: 'yellow' }], ...rest.map((t): Line => [{ text: `  ${t}`, color: 'yellow' }]));
  }
  if (resume.steps.length === 0) return [...out, [{ text: 'No step finished yet; earlier answers are kept.', dim: true }]];
  const left = Math.max(0, room - (out.length - 1));
  const all = resume.steps.map((_, i) => stepLines(resume, i, width));
  if (all.flat().length <= left) return [...out, ...all.flat()];
  // Not all fit: the steps AWS disagrees on and the interrupted ones first, then the rest, in step order.
  const urgent = (i: number) => awsDisagrees(resume.steps[i]!) || resume.steps[i]!.status === 'applying';
  const order = [...all.keys()].sort((a, b) => Number(urgent(b)) - Number(urgent(a)) || a - b);
  const keep = new Set<number>();
  let used = 1; // the "… and N more" line
  for (const i of order) {
    if (used + all[i]!.length > left) break;
    keep.add(i);
    used += all[i]!.length;
  }
  const hidden = all.length - keep.size;
  return [...out, ...all.filter((_, i) => keep.has(i)).flat(), [{ text: `… and ${hidden} more as the journal says`, dim: true }]];
}
