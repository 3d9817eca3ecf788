/** Nothing to answer: the runner is checking, applying or reading back. A spinner says so (on a TTY). */
import { Text } from 'ink';
import { currentStep } from '../../engine/state.js';
import { Busy } from '../components/Busy.js';
import { Frame } from '../components/Frame.js';
import { footerHint } from '../keyboard/index.js';
import { activity, PREFLIGHT_TITLE } from '../text.js';
import { runHints, type ScreenProps } from './props.js';

export function WorkingScreen({ state, layout, animate }: ScreenProps) {
  const step = currentStep(state);
  // A wait for AWS to catch up replaces the plain activity, so the operator sees why it takes a while.
  const doing = state.phase.name === 'starting' ? 'Checking the account…' : step ? (step.progress ?? activity(step.status)) : undefined;
  return (
    <Frame state={state} layout={layout} title={step?.title ?? PREFLIGHT_TITLE} footer={footerHint('working', runHints(state))}>
      {step ? (
        <>
          <Text>Why: {step.why}</Text>
          <Text> </Text>
        </>
      ) : null}
      {doing ? <Busy animate={animate}>{doing}</Busy> : step?.note ? <Text dimColor>{step.note}</Text> : null}
    </Frame>
  );
}
