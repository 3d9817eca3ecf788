/**
 * Waiting for the operator to do something the wizard cannot do for them (root MFA in the console, an
 * MFA session in another terminal). The runner watches for its effect and moves on by itself; this
 * screen says what to do, and how long it has been.
 */
import { useEffect, useState } from 'react';
import { Text } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { Busy } from '../components/Busy.js';
import { Frame } from '../components/Frame.js';
import { Lines, textLines } from '../components/Lines.js';
import { innerWidth } from '../layout.js';
import { useKeymap, footerHint } from '../keyboard/index.js';
import { elapsed } from '../../format/when.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

export function WaitScreen({ state, layout, isActive, animate, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'wait' }> }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  useKeymap(
    'wait',
    {
      skip: () => store.reply('wait', 'skip'),
      quit: () => store.reply('wait', 'quit'),
      ...(prompt.canSimulate ? { simulate: () => store.reply('wait', 'simulate') } : {}),
    },
    { isActive },
  );
  const width = innerWidth(layout.panelWidth);
  return (
    <Frame state={state} layout={layout} title={stepTitle(state, prompt.stepId)} footer={footerHint('wait', { ...runHints(state), canSimulate: prompt.canSimulate })}>
      <Text bold>{prompt.title}</Text>
      <Text> </Text>
      {/* Numbered, wrapped between words under their own text: a command to copy is never split mid-word. */}
      <Lines lines={prompt.instructions.flatMap((line, i) => textLines(line, width, {}, `${i + 1}. `))} />
      {prompt.link ? (
        <>
          <Text> </Text>
          <Text>
            Direct link: <Text color="cyan">{prompt.link}</Text>
          </Text>
        </>
      ) : null}
      <Text> </Text>
      <Busy animate={animate}>
        {prompt.watching ?? 'Watching AWS for the change'} · {elapsed(now - prompt.startedAt)}
      </Busy>
      {prompt.canSimulate ? <Text dimColor>{prompt.simulates ?? 'Sandbox: there is no console here; m does the console part for you.'}</Text> : null}
    </Frame>
  );
}
