/** Preflight: who is signed in, where, the Security Status, and "Press enter to begin". */
import { Box, Text } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { SecurityStatus } from '../components/SecurityStatus.js';
import { useKeymap } from '../hooks/use-keymap.js';
import { footerHint } from '../keymap.js';
import { PREFLIGHT_TITLE } from '../text.js';
import { runHints, type ScreenProps } from './props.js';

function Field({ label, value, middle = false }: { label: string; value: string; middle?: boolean }) {
  return (
    <Box>
      <Box width={14} flexShrink={0}>
        <Text dimColor>{label}</Text>
      </Box>
      <Box flexShrink={1}>
        <Text wrap={middle ? 'truncate-middle' : 'truncate-end'}>{value}</Text>
      </Box>
    </Box>
  );
}

export function StartScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'start' }> }) {
  useKeymap('start', { begin: () => store.reply('start', 'start'), quit: () => store.reply('start', 'quit') }, { isActive });
  const h = state.header;
  // Four facts, blank, heading, the checks, blank, the invitation (two lines with the dry-run note).
  const around = 4 + 1 + 1 + 1 + (h.dryRun ? 2 : 1);
  return (
    <Frame state={state} layout={layout} title={PREFLIGHT_TITLE} footer={footerHint('start', runHints(state))}>
      <Field label="Signed in as" value={h.arn} />
      <Field label="Root user" value={h.isRoot ? 'yes' : 'no'} />
      <Field label="Account" value={`${h.account} · region ${h.region}`} />
      <Field label="Journal" value={h.journalPath} middle />
      <Text> </Text>
      <Text bold>Security status</Text>
      <SecurityStatus checks={prompt.checks} maxLines={Math.max(1, layout.bodyHeight - around)} />
      <Text> </Text>
      <Text>
        {h.dryRun ? <Text color="yellow">Dry run: nothing will be changed; each step shows the calls it would make. </Text> : null}
        Press enter to begin.
      </Text>
    </Frame>
  );
}
