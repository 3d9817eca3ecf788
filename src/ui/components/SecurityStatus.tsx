/** The account's Security Status before anything runs: one line per check, ✓ / ✗ / ?. */
import { Box, Text } from 'ink';
import type { AuditCheck } from '../../engine/state.js';

const MARK: Record<AuditCheck['status'], { symbol: string; color: 'green' | 'red' | 'yellow' }> = {
  pass: { symbol: '✓', color: 'green' },
  fail: { symbol: '✗', color: 'red' },
  unknown: { symbol: '?', color: 'yellow' },
};

export interface SecurityStatusProps {
  checks: readonly AuditCheck[];
  /** Lines available; when there are more checks, the last line says how many are not shown. */
  maxLines: number;
}

export function SecurityStatus({ checks, maxLines }: SecurityStatusProps) {
  const fits = checks.length <= maxLines;
  // When not all fit, the ones that do not pass (what the run will change) come first, in step order.
  const room = Math.max(0, maxLines - 1);
  const kept = new Set([...checks.filter((c) => c.status !== 'pass'), ...checks.filter((c) => c.status === 'pass')].slice(0, room));
  const shown = fits ? checks : checks.filter((c) => kept.has(c));
  const titleWidth = Math.max(0, ...checks.map((c) => c.title.length)) + 2;
  return (
    <Box flexDirection="column">
      {shown.map((c) => {
        const mark = MARK[c.status];
        return (
          <Box key={c.id}>
            <Box width={titleWidth + 2} flexShrink={0}>
              <Text wrap="truncate-end">
                <Text color={mark.color}>{mark.symbol}</Text> {c.title}
              </Text>
            </Box>
            <Box flexShrink={1}>
              <Text wrap="truncate-end" dimColor={c.status === 'pass'}>
                {c.detail}
              </Text>
            </Box>
          </Box>
        );
      })}
      {fits ? null : (
        <Text dimColor wrap="truncate-end">
          … and {checks.length - shown.length} more{shown.some((c) => c.status !== 'pass') && checks.every((c) => kept.has(c) || c.status === 'pass') ? ', all passing' : ' (`aws-harden audit` lists them all)'}
        </Text>
      )}
    </Box>
  );
}
