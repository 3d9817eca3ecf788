/**
 * Before a step changes anything (or, in dry-run, instead): why, what was found, current vs proposed,
 * and the exact calls. enter applies (continues in dry-run), s skips, d shows full parameters, q quits.
 */
import { useState } from 'react';
import { Text } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { ComparisonTable } from '../components/ComparisonTable.js';
import { Frame } from '../components/Frame.js';
import { CompactPlan, DetailedPlan, detailLines, detailWindow } from '../components/PlanView.js';
import { useKeymap } from '../hooks/use-keymap.js';
import { footerHint, type Handlers } from '../keymap.js';
import { innerWidth } from '../layout.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

export function ConfirmScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'confirm' }> }) {
  const [offset, setOffset] = useState(0);
  const details = state.showDetails;
  const total = details ? detailLines(prompt.plan).length : 0;
  const { visible, scrollable } = detailWindow(total, layout.bodyHeight);
  const maxOffset = Math.max(0, total - visible);
  const scroll: Handlers =
    details && scrollable
      ? {
          'scroll-up': () => setOffset((o) => Math.max(0, o - 1)),
          'scroll-down': () => setOffset((o) => Math.min(maxOffset, o + 1)),
        }
      : {};
  useKeymap(
    'confirm',
    {
      apply: () => store.reply('confirm', 'apply'),
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

  const step = state.steps.find((s) => s.id === prompt.stepId);
  const footer = footerHint('confirm', { ...runHints(state), dryRun: prompt.dryRun, details, scrollable });
  return (
    <Frame state={state} layout={layout} title={stepTitle(state, prompt.stepId)} footer={footer}>
      {details ? (
        <DetailedPlan plan={prompt.plan} dryRun={prompt.dryRun} offset={offset} height={layout.bodyHeight} />
      ) : (
        <>
          {step ? <Text>Why: {step.why}</Text> : null}
          {step?.finding ? <Text dimColor>{step.finding.summary}</Text> : null}
          {step?.finding?.table ? (
            <>
              <Text> </Text>
              <ComparisonTable table={step.finding.table} width={innerWidth(layout.panelWidth)} />
            </>
          ) : null}
          <Text> </Text>
          <CompactPlan plan={prompt.plan} dryRun={prompt.dryRun} />
        </>
      )}
    </Frame>
  );
}
