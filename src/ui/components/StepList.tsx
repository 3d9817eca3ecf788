/**
 * Where the operator is: every step with its mark, Preflight first. On narrow terminals it collapses
 * to one line ("Step 3/10 · Password policy").
 */
import { Box, Text } from 'ink';
import { progress, type StepStatus, type WizardState } from '../../engine/state.js';
import { PREFLIGHT_TITLE, stepMark } from '../text.js';
import { Panel } from './Panel.js';

interface Row {
  key: string;
  title: string;
  status: StepStatus;
  current: boolean;
}

function rows(state: WizardState): Row[] {
  const starting = state.phase.name === 'starting';
  const index = state.phase.name === 'running' ? state.phase.index : -1;
  return [
    { key: 'preflight', title: PREFLIGHT_TITLE, status: starting ? 'checking' : 'done', current: starting },
    ...state.steps.map((s, i) => ({ key: s.id, title: s.title, status: s.status, current: i === index })),
  ];
}

export function StepList({ state, width, height }: { state: WizardState; width: number; height: number }) {
  return (
    <Panel title="Steps" width={width} height={height} dim>
      {rows(state).map((row) => {
        const mark = stepMark(row.status, row.current);
        return (
          <Text key={row.key} wrap="truncate-end" bold={row.current} dimColor={!row.current && row.status === 'pending'}>
            <Text {...(mark.color ? { color: mark.color } : {})} dimColor={mark.dim ?? false}>
              {mark.symbol}
            </Text>{' '}
            {row.title}
          </Text>
        );
      })}
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
