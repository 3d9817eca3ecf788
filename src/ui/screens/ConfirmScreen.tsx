/**
 * Before a step changes anything (or, in dry-run, instead): why, what was found, current vs proposed,
 * and the exact calls. enter applies (continues in dry-run), s skips, d shows full parameters, q quits.
 *
 * Everything is laid out as lines of the panel's width. When they do not fit, the view scrolls with a
 * position line, and enter first shows the rest: a change is never approved from a screen whose end
 * (where the calls are) the operator could not see.
 */
import { useEffect, useState } from 'react';
import type { Prompt } from '../../engine/state.js';
import { tableLines } from '../components/ComparisonTable.js';
import { Frame } from '../components/Frame.js';
import { BLANK, Lines, scrollWindow, textLines, type Line } from '../components/Lines.js';
import { compactPlanLines, DetailedPlan, detailLines, detailWindow } from '../components/PlanView.js';
import { useKeymap, footerHint, type Handlers } from '../keyboard/index.js';
import { costLine } from '../../format/cost.js';
import { innerWidth } from '../layout.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

export function ConfirmScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'confirm' }> }) {
  const [offset, setOffset] = useState(0);
  const [seenEnd, setSeenEnd] = useState(false);
  const details = state.showDetails;
  const width = innerWidth(layout.panelWidth);
  const step = state.steps.find((s) => s.id === prompt.stepId);

  const lines: Line[] = details
    ? []
    : [
        ...(step ? textLines(`Why: ${step.why}`, width) : []),
        ...(step?.finding ? textLines(step.finding.summary, width, { dim: true }) : []),
        ...(step?.finding?.table ? [BLANK, ...tableLines(step.finding.table, width)] : []),
        // A paid step says what it costs before enter applies it.
        ...(step?.cost ? [BLANK, ...textLines(costLine(step.cost), width, { color: 'yellow' })] : []),
        BLANK,
        ...compactPlanLines(prompt.plan, prompt.dryRun, width, step?.needsHuman),
      ];
  const compact = scrollWindow(lines.length, layout.bodyHeight, offset);
  const detailTotal = details ? detailLines(prompt.plan).length : 0;
  const detail = detailWindow(detailTotal, layout.bodyHeight);
  const scrollable = details ? detail.scrollable : compact.scrollable;
  const maxOffset = details ? Math.max(0, detailTotal - detail.visible) : Math.max(0, lines.length - compact.visible);
  const unseen = !details && !seenEnd && !compact.atEnd;

  useEffect(() => {
    if (!details && compact.atEnd) setSeenEnd(true);
  }, [details, compact.atEnd]);

  const scroll: Handlers = scrollable
    ? {
        'scroll-up': () => setOffset((o) => Math.max(0, o - 1)),
        'scroll-down': () => setOffset((o) => Math.min(maxOffset, o + 1)),
      }
    : {};
  useKeymap(
    'confirm',
    {
      apply: () => (unseen ? setOffset((o) => Math.min(maxOffset, o + compact.visible)) : store.reply('confirm', 'apply')),
      skip: () => store.reply('confirm', 'skip'),
      quit: () => store.reply('confirm', 'quit'),
      details: () => {
        setOffset(0);
        store.dispatch({ type: 'details-toggled' });
      },
      ...scroll,
    },
    { isActive },
  );

  const footer = footerHint('confirm', { ...runHints(state), dryRun: prompt.dryRun, details, scrollable, unseen, guided: prompt.plan.length === 0 && step?.needsHuman !== undefined });
  const shown = lines.slice(compact.start, compact.start + compact.visible);
  const below = lines.length - compact.start - compact.visible;
  return (
    <Frame state={state} layout={layout} title={stepTitle(state, prompt.stepId)} footer={footer}>
      {details ? (
        <DetailedPlan plan={prompt.plan} dryRun={prompt.dryRun} offset={offset} height={layout.bodyHeight} />
      ) : (
        <Lines
          lines={
            compact.scrollable
              ? [...shown, [{ text: `lines ${compact.start + 1}–${compact.start + compact.visible} of ${lines.length}${below > 0 ? ` · ${below} more below (↓ or enter)` : ''}`, dim: true }]]
              : shown
          }
        />
      )}
    </Frame>
  );
}
