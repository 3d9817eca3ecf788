/**
 * Where the operator is: every step with its mark, Preflight first. When the steps outnumber the
 * lines, a window around the current step, with "↑ 4 more" / "↓ 9 more" where steps are hidden. On
 * narrow terminals it collapses to one line ("Step 3/10 · Password policy").
 */
import { Box, Text } from 'ink';
import { progress, type WizardState } from '../../engine/state.js';
import { GLYPHS, stepMark, type Mark } from '../../format/glyphs.js';
import { earlierMark, PREFLIGHT_TITLE } from '../text.js';
import { Panel } from './Panel.js';
import { stepWindow } from './step-window.js';

interface Row {
  key: string;
  title: string;
  mark: Mark;
  current: boolean;
  /** Not reached (dimmed). */
  pending: boolean;
}

function rows(state: WizardState): Row[] {
  const starting = state.phase.name === 'starting';
  const index = state.phase.name === 'running' ? state.phase.index : -1;
  // On the resume screen no step has run yet in this run: each shows what the journal says (≠ where
  // AWS now shows otherwise), not an empty ○.
  const resume = starting && state.prompt?.kind === 'start' ? state.prompt.resume : undefined;
  return [
    { key: 'preflight', title: PREFLIGHT_TITLE, mark: stepMark(starting ? 'checking' : 'done', starting), current: starting, pending: false },
    ...state.steps.map((s, i) => {
      const earlier = resume?.steps.find((e) => e.id === s.id);
      const mark = earlier ? earlierMark(earlier) : stepMark(s.status, i === index);
      return { key: s.id, title: s.title, mark, current: i === index, pending: !earlier && s.status === 'pending' };
    }),
  ];
}

/** "↑ 4 more", and how many of those failed: a failure scrolled out of sight still shows. */
function moreLine(arrow: '↑' | '↓', hidden: readonly Row[]): string {
  const failed = hidden.filter((r) => r.mark.symbol === GLYPHS.failed.symbol).length;
  return `${arrow} ${hidden.length} more${failed > 0 ? ` · ${failed} ${GLYPHS.failed.symbol}` : ''}`;
}

export function StepList({ state, width, height }: { state: WizardState; width: number; height: number }) {
  const all = rows(state);
  const { start, end } = stepWindow(
    all.length,
    height,
    all.findIndex((r) => r.current),
  );
  return (
    <Panel title="Steps" width={width} height={height} dim>
      {start > 0 ? <Text dimColor>{moreLine('↑', all.slice(0, start))}</Text> : null}
      {all.slice(start, end).map((row) => (
        <Text key={row.key} wrap="truncate-end" bold={row.current} dimColor={!row.current && row.pending}>
          <Text {...(row.mark.color ? { color: row.mark.color } : {})} dimColor={row.mark.dim ?? false}>
            {row.mark.symbol}
          </Text>{' '}
          {row.title}
        </Text>
      ))}
      {end < all.length ? <Text dimColor>{moreLine('↓', all.slice(end))}</Text> : null}
    </Panel>
  );
}

/** The collapsed step list. */
export function StepLine({ state }: { state: WizardState }) {
  const { position, total } = progress(state);
  const step = state.phase.name === 'running' ? state.steps[state.phase.index] : undefined;
  const text =
    state.phase.name === 'starting'
      ? `${PREFLIGHT_TITLE} · then ${total} step${total === 1 ? '' : 's'}`
      : step
        ? `Step ${position}/${total} · ${step.title}`
        : `${total} step${total === 1 ? '' : 's'}`;
  return (
    <Box>
      <Text wrap="truncate-end" bold>
        {` ${text}`}
      </Text>
    </Box>
  );
}
