/**
 * Where the operator is: every step with its mark, Preflight first. On narrow terminals it collapses
 * to one line ("Step 3/10 · Password policy").
 */
import { Box, Text } from 'ink';
import { progress, type WizardState } from '../../engine/state.js';
import { stepMark, type Mark } from '../../format/glyphs.js';
import { earlierMark, PREFLIGHT_TITLE } from '../text.js';
import { Panel } from './Panel.js';

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

export function StepList({ state, width, height }: { state: WizardState; width: number; height: number }) {
  return (
    <Panel title="Steps" width={width} height={height} dim>
      {rows(state).map((row) => (
        <Text key={row.key} wrap="truncate-end" bold={row.current} dimColor={!row.current && row.pending}>
          <Text {...(row.mark.color ? { color: row.mark.color } : {})} dimColor={row.mark.dim ?? false}>
            {row.mark.symbol}
          </Text>{' '}
          {row.title}
        </Text>
      ))}
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
