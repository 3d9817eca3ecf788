import type { WizardState } from '../../engine/state.js';
import type { HintState } from '../keymap.js';
import type { Layout } from '../layout.js';
import type { WizardStore } from '../store.js';

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
