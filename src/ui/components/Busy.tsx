/** A line of what the wizard is doing, after a spinner when the terminal can animate. */
import type { ReactNode } from 'react';
import { Text } from 'ink';
import { Spinner } from './Spinner.js';

export function Busy({ animate, children }: { animate: boolean; children: ReactNode }) {
  return (
    <Text>
      {animate ? (
        <Text color="cyan">
          <Spinner />{' '}
        </Text>
      ) : null}
      {children}
    </Text>
  );
}
