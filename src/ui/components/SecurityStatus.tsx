/**
 * The account's Security Status before anything runs, under its heading: ✓ / ✗ / ? per check, in as
 * much detail as the room allows (check-lines.ts). When the details give way, the heading says where
 * they are.
 */
import { Text } from 'ink';
import type { AuditCheck } from '../../engine/state.js';
import { fitChecks } from './check-lines.js';
import { Lines } from './Lines.js';

export interface SecurityStatusProps {
  checks: readonly AuditCheck[];
  /** Lines available for the checks (the heading is one more). */
  maxLines: number;
  /** Columns available. */
  width: number;
}

export function SecurityStatus({ checks, maxLines, width }: SecurityStatusProps) {
  const { mode, lines } = fitChecks(checks, width, maxLines);
  const terse = mode === 'grid' || mode === 'groups';
  return (
    <>
      <Text bold wrap="truncate-end">
        Security status
        {terse ? (
          <Text dimColor bold={false}>
            {' · details: aws-harden audit'}
          </Text>
        ) : null}
      </Text>
      <Lines lines={lines} />
    </>
  );
}
