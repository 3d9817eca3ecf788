/** The end: every step with its final status and note, and one closing line that says where things stand. */
import { Box, Text } from 'ink';
import type { WizardState } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { footerHint } from '../keymap.js';
import { closingLine, statusWord, stepMark } from '../text.js';
import { runHints, type ScreenProps } from './props.js';

function failedStep(state: WizardState) {
  return state.phase.name === 'stopped' && state.phase.reason === 'failed' ? state.steps.find((s) => s.status === 'failed') : undefined;
}

export function SummaryScreen({ state, layout }: ScreenProps) {
  const titleWidth = Math.max(0, ...state.steps.map((s) => s.title.length)) + 4;
  const closing = closingLine(state);
  const failed = failedStep(state);
  const error = failed?.error ?? (state.phase.name === 'stopped' ? state.phase.error : undefined);
  return (
    <Frame state={state} layout={layout} title="Summary" footer={footerHint('finished', runHints(state))} wide>
      {state.steps.map((s) => {
        const mark = stepMark(s.status, false);
        const note = s.status === 'failed' ? (s.error?.message ?? s.note) : s.note;
        return (
          <Box key={s.id}>
            <Box width={titleWidth} flexShrink={0}>
              <Text wrap="truncate-end">
                <Text {...(mark.color ? { color: mark.color } : {})} dimColor={mark.dim ?? false}>
                  {mark.symbol}
                </Text>{' '}
                {s.title}
              </Text>
            </Box>
            <Box width={13} flexShrink={0}>
              <Text>{statusWord(s.status)}</Text>
            </Box>
            <Box flexShrink={1}>
              <Text wrap="truncate-end" dimColor>
                {note ?? ''}
              </Text>
            </Box>
          </Box>
        );
      })}
      <Text> </Text>
      <Text bold {...(closing.color ? { color: closing.color } : {})}>
        {closing.text}
      </Text>
      {error ? (
        <>
          <Text color="red">✗ {error.message}</Text>
          {error.remedy ? <Text>What to do: {error.remedy}</Text> : null}
        </>
      ) : null}
    </Frame>
  );
}
