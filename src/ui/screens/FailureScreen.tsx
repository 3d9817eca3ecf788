/** A step failed: what happened (red), what to do about it, and r retry / s skip / q quit. */
import { Text } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { useKeymap, footerHint } from '../keyboard/index.js';
import { GLYPHS } from '../../format/glyphs.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

export function FailureScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'failure' }> }) {
  useKeymap(
    'failure',
    {
      retry: () => store.reply('failure', 'retry'),
      skip: () => store.reply('failure', 'skip'),
      quit: () => store.reply('failure', 'quit'),
    },
    { isActive },
  );
  return (
    <Frame state={state} layout={layout} title={stepTitle(state, prompt.stepId)} footer={footerHint('failure', runHints(state))}>
      <Text color={GLYPHS.failed.color}>
        {GLYPHS.failed.symbol} {prompt.error.message}
      </Text>
      {prompt.error.remedy ? (
        <>
          <Text> </Text>
          <Text>What to do: {prompt.error.remedy}</Text>
        </>
      ) : null}
    </Frame>
  );
}
