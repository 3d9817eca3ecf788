/** The account's Security Status before anything runs: one line per check, ✓ / ✗ / ?. */
import { Box, Text } from 'ink';
import type { AuditCheck } from '../../engine/state.js';
import { AUDIT_MARKS } from '../../format/glyphs.js';

export interface SecurityStatusProps {
  checks: readonly AuditCheck[];
  /** Lines available; when there are more checks, the last line says how many are not shown. */
  maxLines: number;
  /** Columns available, when known: a detail that must be shortened is never cut inside a link. */
  width?: number;
}

/** `text` in `width` columns, ending in "…" when shortened; a link is left out whole rather than cut. */
export function detailIn(text: string, width: number): string {
  if (text.length <= width || width < 2) return text;
  const cut = text.slice(0, width - 1);
  const space = cut.lastIndexOf(' ');
  const token = text.slice(space + 1).split(' ')[0] ?? '';
  return /^\(?https?:\/\//.test(token) && space > 0 ? `${cut.slice(0, space)} …` : `${cut}…`;
}

export function SecurityStatus({ checks, maxLines, width }: SecurityStatusProps) {
  const fits = checks.length <= maxLines;
  // When not all fit, the ones that do not pass (what the run will change) come first, in step order.
  const room = Math.max(0, maxLines - 1);
  const kept = new Set([...checks.filter((c) => c.status !== 'pass'), ...checks.filter((c) => c.status === 'pass')].slice(0, room));
  const shown = fits ? checks : checks.filter((c) => kept.has(c));
  const titleWidth = Math.max(0, ...checks.map((c) => c.title.length)) + 2;
  return (
    <Box flexDirection="column">
      {shown.map((c) => {
        const mark = AUDIT_MARKS[c.status];
        return (
          <Box key={c.id}>
            <Box width={titleWidth + 2} flexShrink={0}>
              <Text wrap="truncate-end">
                <Text color={mark.color}>{mark.symbol}</Text> {c.title}
              </Text>
            </Box>
            <Box flexShrink={1}>
              <Text wrap="truncate-end" dimColor={c.status === 'pass'}>
                {width === undefined ? c.detail : detailIn(c.detail, width - titleWidth - 2)}
              </Text>
            </Box>
          </Box>
        );
      })}
      {fits ? null : (
        <Text dimColor wrap="truncate-end">
          … and {checks.length - shown.length} more
          {shown.some((c) => c.status !== 'pass') && checks.every((c) => kept.has(c) || c.status === 'pass') ? ', all passing' : ' (`aws-harden audit` lists them all)'}
        </Text>
      )}
    </Box>
  );
}
