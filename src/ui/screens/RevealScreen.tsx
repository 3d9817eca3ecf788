/**
 * A secret the operator may look at once: hidden until `p`, and gone from the screen when they go on
 * (the next frame no longer has it). It is in the OS keychain either way.
 */
import { useState } from 'react';
import { Text } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { useKeymap, footerHint } from '../keyboard/index.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

export function RevealScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'reveal' }> }) {
  const [shown, setShown] = useState(false);
  useKeymap(
    'reveal',
    {
      'show-secret': () => setShown((v) => !v),
      continue: () => store.reply('reveal', 'done'),
      quit: () => store.reply('reveal', 'quit'),
    },
    { isActive },
  );
  return (
    <Frame state={state} layout={layout} title={stepTitle(state, prompt.stepId)} footer={footerHint('reveal', { ...runHints(state), secretShown: shown })}>
      <Text bold>{prompt.title}</Text>
      <Text>{prompt.label}</Text>
      <Text> </Text>
      {shown ? (
        <Text>
          Password:{' '}
          <Text bold color="yellow">
            {prompt.secret}
          </Text>
        </Text>
      ) : (
        <Text dimColor>Hidden. Press p to show it, when nobody is looking over your shoulder.</Text>
      )}
      {prompt.note ? (
        <>
          <Text> </Text>
          <Text dimColor>{prompt.note}</Text>
        </>
      ) : null}
    </Frame>
  );
}
