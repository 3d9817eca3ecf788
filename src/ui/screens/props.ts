import type { Prompt, WizardState } from '../../engine/state.js';
import type { HintState } from '../keyboard/index.js';
import type { Layout } from '../layout.js';
import type { WizardStore } from '../../hosts/ink-store.js';

/** What every screen gets from the App. */
export interface ScreenProps {
  state: WizardState;
  layout: Layout;
  /** False while the terminal is too small: the screen stays mounted (keeping typed answers) but deaf. */
  isActive: boolean;
  /** Spinners only on a TTY. */
  animate: boolean;
  store: Pick<WizardStore, 'reply' | 'dispatch'>;
}

/** The parts of the footer's wording that come from the run itself. */
export function runHints(state: WizardState): Pick<HintState, 'dryRun' | 'sandbox'> {
  return { dryRun: state.header.dryRun, sandbox: state.header.sandbox };
}

export function stepTitle(state: WizardState, id: string): string {
  return state.steps.find((s) => s.id === id)?.title ?? id;
}

/**
 * The prompt the screen shows, and so the one a key press answers: none while the runner works or once
 * the run has finished or stopped. The screen and the key routing both decide by this.
 */
export function promptOnScreen(state: WizardState): Prompt | undefined {
  const { phase, prompt } = state;
  return phase.name === 'finished' || phase.name === 'stopped' ? undefined : prompt;
}
