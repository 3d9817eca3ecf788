/**
 * The summary on one screen. With more steps than lines (22 steps at 80×24), the steps of the least
 * telling statuses share a paragraph each ("○ 12 not started: …"), in this order, until it fits:
 * a failed or blocked step always keeps its own line and note. The closing line and the error always
 * show; the last resort is a line that says how many lines a taller terminal would show.
 * The full summary (or, after a dry run, the full plan) is printed below once the wizard has gone.
 */
import type { WizardState } from '../../engine/state.js';
import type { Line } from '../components/Lines.js';
import { summaryParts } from './summary-lines.js';

/** Status words (text.ts statusWord) grouped first to last. */
const GROUPED_FIRST = ['not started', 'skipped', 'previewed', 'done', 'not done'] as const;

/**
 * The summary's lines in `height` rows. `plan`: after a dry run, how many steps the plan lists (a
 * heading and one line each, below the summary): it gets every line it needs when grouping steps can
 * make room, and at least its heading and the line that counts what it leaves out.
 */
export function fitSummary(state: WizardState, width: number, height: number, plan?: number): Line[] {
  const size = (v: { steps: Line[]; tail: Line[] }) => v.steps.length + v.tail.length;
  // A status is grouped only when that saves lines (one skipped step keeps its line and note).
  const variants = [summaryParts(state, width)];
  let grouped = new Set<string>();
  for (const word of GROUPED_FIRST) {
    const next = new Set([...grouped, word]);
    const variant = summaryParts(state, width, next);
    if (size(variant) >= size(variants[variants.length - 1]!)) continue;
    grouped = next;
    variants.push(variant);
  }
  const planFull = plan === undefined ? 0 : 1 + plan;
  const planLeast = plan === undefined ? 0 : Math.min(planFull, 2);
  const chosen = variants.find((v) => size(v) + planFull <= height) ?? variants.find((v) => size(v) + planLeast <= height);
  if (chosen) return [...chosen.steps, ...chosen.tail];
  const least = variants[variants.length - 1]!;
  const room = Math.max(0, height - planLeast - least.tail.length - 1);
  const hidden = least.steps.length - room;
  return [...least.steps.slice(0, room), [{ text: `… and ${hidden} more line${hidden === 1 ? '' : 's'} (a taller terminal shows them)`, dim: true }], ...least.tail];
}
