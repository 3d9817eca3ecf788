/** The top line: which account, as whom, where; DRY-RUN / SANDBOX on the right so they are never missed. */
import { Box, Text } from 'ink';
import type { RunHeader } from '../../engine/state.js';
import { callerLabel } from '../text.js';

export function Header({ header, width }: { header: RunHeader; width: number }) {
  const left = ` aws-harden · account ${header.account} · ${callerLabel(header.arn, header.isRoot)} · ${header.region}`;
  return (
    <Box width={width} justifyContent="space-between">
      <Box flexShrink={1}>
        <Text wrap="truncate-end">{left}</Text>
      </Box>
      <Box flexShrink={0} gap={1} paddingLeft={1} paddingRight={1}>
        {header.sandbox ? (
          <Text color="magenta" bold>
            SANDBOX
          </Text>
        ) : null}
        {header.dryRun ? (
          <Text color="yellow" bold>
            DRY-RUN
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
