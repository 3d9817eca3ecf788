/** Shown instead of the frame when it cannot fit; the run waits, and Ctrl-C still works. */
import { Text } from 'ink';
import { MIN_COLUMNS, MIN_ROWS, type TerminalSize } from '../layout.js';

export function TooSmall({ columns, rows }: TerminalSize) {
  return (
    <Text>
      aws-harden needs a terminal at least {MIN_COLUMNS}×{MIN_ROWS} (this one is {columns}×{rows}). Enlarge it; nothing has changed.
    </Text>
  );
}
