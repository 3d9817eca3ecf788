/**
 * Shown instead of the frame when it cannot fit. It says what the run has changed so far and what it is
 * doing, and how to leave: q quits from a question (the journal keeps the progress), Ctrl-C stops at
 * any moment. The screen underneath stays mounted (answers typed so far survive) and comes back when
 * the terminal is large enough again.
 */
import { Box, Text } from 'ink';
import type { WizardState } from '../../engine/state.js';
import { useKeymap, footerHint } from '../keyboard/index.js';
import { MIN_COLUMNS, MIN_ROWS, type TerminalSize } from '../layout.js';
import { PREFLIGHT_TITLE } from '../text.js';
import type { WizardStore } from '../../hosts/ink-store.js';
import { promptOnScreen, runHints, stepTitle } from './props.js';

function list(titles: readonly string[]): string {
  return titles.length <= 1 ? (titles[0] ?? '') : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

/** What the run has changed so far, and what it is doing now: the too-small screen's second line. */
export function progressLine(state: WizardState): string {
  const applied = state.steps.filter((s) => s.applied && s.status === 'done').map((s) => s.title);
  const changed = state.header.dryRun
    ? 'Dry run: nothing has been changed.'
    : applied.length === 0
      ? 'Nothing has been changed yet.'
      : `${applied.length} step${applied.length === 1 ? '' : 's'} applied and verified so far: ${list(applied)}.`;
  const prompt = promptOnScreen(state);
  const step = state.phase.name === 'running' ? state.steps[state.phase.index] : undefined;
  let now: string;
  if (prompt) {
    const where = prompt.kind === 'start' ? PREFLIGHT_TITLE : stepTitle(state, prompt.stepId);
    now = `Nothing is in progress: the wizard waits for you (${where}).`;
  } else if (step?.status === 'applying') {
    now = `In progress: applying ${step.title}; it carries on.`;
  } else if (step?.status === 'verifying') {
    now = `In progress: reading ${step.title} back from AWS; it carries on.`;
  } else {
    now = `In progress: reading the account${step ? ` (${step.title})` : ''}; it changes nothing without you.`;
  }
  return `${changed} ${now}`;
}

export interface TooSmallProps extends TerminalSize {
  state: WizardState;
  store: Pick<WizardStore, 'reply'>;
}

export function TooSmall({ columns, rows, state, store }: TooSmallProps) {
  const prompt = promptOnScreen(state);
  // q answers the open prompt with 'quit', as q does on the screens themselves.
  useKeymap('too-small', { quit: () => (prompt ? store.reply(prompt.kind, 'quit') : undefined) }, { isActive: true });
  // With no prompt open the runner is working: only Ctrl-C stops it, as on the working screen.
  const keys = prompt ? footerHint('too-small', runHints(state)) : footerHint('working', runHints(state));
  return (
    <Box flexDirection="column" width={columns}>
      <Text>
        aws-harden needs a terminal at least {MIN_COLUMNS}×{MIN_ROWS} (this one is {columns}×{rows}); the wizard comes back when it is larger.
      </Text>
      <Text>{progressLine(state)}</Text>
      <Text>{keys}</Text>
    </Box>
  );
}
