/** Picks the screen for what the wizard is doing or waiting for. */
import { FailureScreen } from './FailureScreen.js';
import { MfaScreen } from './MfaScreen.js';
import { RevealScreen } from './RevealScreen.js';
import { WaitScreen } from './WaitScreen.js';
import { ConfirmScreen } from './ConfirmScreen.js';
import { promptOnScreen, type ScreenProps } from './props.js';
import { QuestionsScreen } from './QuestionsScreen.js';
import { StartScreen } from './StartScreen.js';
import { SummaryScreen } from './SummaryScreen.js';
import { WorkingScreen } from './WorkingScreen.js';

export function Screen(props: ScreenProps) {
  const { phase } = props.state;
  if (phase.name === 'finished' || phase.name === 'stopped') return <SummaryScreen {...props} />;
  const prompt = promptOnScreen(props.state);
  if (!prompt) return <WorkingScreen {...props} />;
  // Keyed by step, so a new prompt never inherits a previous one's typed answers or scroll position.
  switch (prompt.kind) {
    case 'start':
      return <StartScreen {...props} prompt={prompt} />;
    case 'questions':
      return <QuestionsScreen key={prompt.stepId} {...props} prompt={prompt} />;
    case 'confirm':
      return <ConfirmScreen key={prompt.stepId} {...props} prompt={prompt} />;
    case 'failure':
      return <FailureScreen key={prompt.stepId} {...props} prompt={prompt} />;
    case 'wait':
      return <WaitScreen key={prompt.stepId} {...props} prompt={prompt} />;
    case 'mfa':
      return <MfaScreen key={prompt.stepId} {...props} prompt={prompt} />;
    case 'reveal':
      return <RevealScreen key={prompt.stepId} {...props} prompt={prompt} />;
    default: {
      const never: never = prompt;
      throw new Error(`unhandled prompt ${JSON.stringify(never)}`);
    }
  }
}
