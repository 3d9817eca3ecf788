/**
 * Preflight: who is signed in, where, the Security Status, and "Press enter to begin" — or, when the
 * journal remembers an earlier run, what it did and when, with Resume / Start over / Quit.
 */
import { useState } from 'react';
import { Box, Text } from 'ink';
import type { Prompt, ResumeInfo } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { SecurityStatus } from '../components/SecurityStatus.js';
import { useKeymap } from '../hooks/use-keymap.js';
import { footerHint } from '../keymap.js';
import { earlierStep, lastRunLine, PREFLIGHT_TITLE } from '../text.js';
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

/** What the earlier run did, step by step, and when. */
function Earlier({ resume, maxLines }: { resume: ResumeInfo; maxLines: number }) {
  const fits = resume.steps.length <= maxLines;
  const shown = fits ? resume.steps : resume.steps.slice(0, Math.max(0, maxLines - 1));
  return (
    <Box flexDirection="column">
      <Text bold>{lastRunLine(resume)}</Text>
      {resume.steps.length === 0 ? <Text dimColor>No step finished yet; earlier answers are kept.</Text> : null}
      {shown.map((s) => {
        const { mark, text } = earlierStep(s, new Date(resume.lastRun));
        return (
          <Text key={s.id} wrap="truncate-end">
            <Text {...(mark.color ? { color: mark.color } : {})} dimColor={mark.dim ?? false}>
              {mark.symbol}
            </Text>{' '}
            {text}
          </Text>
        );
      })}
      {fits ? null : <Text dimColor>… and {resume.steps.length - shown.length} more</Text>}
    </Box>
  );
}

export function StartScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'start' }> }) {
  const { resume } = prompt;
  // Start over forgets answers: it asks first (y / n), on this same screen.
  const [confirming, setConfirming] = useState(false);
  useKeymap(
    'start',
    {
      begin: () => store.reply('start', 'start'),
      quit: () => store.reply('start', 'quit'),
      ...(resume ? { 'start-over': () => setConfirming(true) } : {}),
    },
    { isActive: isActive && !confirming },
  );
  useKeymap('start-over', { confirm: () => store.reply('start', 'start-over'), cancel: () => setConfirming(false) }, { isActive: isActive && confirming });
  const h = state.header;
  // Four facts, blank, heading, the checks, blank, the invitation (two lines with the dry-run note; the
  // start-over question takes two as well).
  const around = 4 + 1 + 1 + 1 + (h.dryRun ? 2 : 1) + (resume ? 1 : 0);
  // The earlier run gets up to half of what is left (its heading, its steps, a blank line).
  const earlierLines = resume ? Math.min(Math.max(1, resume.steps.length) + 2, Math.max(3, Math.floor((layout.bodyHeight - around) / 2))) : 0;
  const hints = { ...runHints(state), resume: resume !== undefined };
  return (
    <Frame state={state} layout={layout} title={PREFLIGHT_TITLE} footer={confirming ? footerHint('start-over', hints) : footerHint('start', hints)}>
      <Field label="Signed in as" value={h.arn} />
      <Field label="Root user" value={h.isRoot ? 'yes' : 'no'} />
      <Field label="Account" value={`${h.account} · region ${h.region}${h.regionSource ? ` (from ${h.regionSource})` : ''}`} />
      <Field label="Journal" value={h.journalPath} middle />
      <Text> </Text>
      {resume ? <Earlier resume={resume} maxLines={earlierLines - 2} /> : null}
      {resume ? <Text> </Text> : null}
      <Text bold>Security status</Text>
      <SecurityStatus checks={prompt.checks} maxLines={Math.max(1, layout.bodyHeight - around - earlierLines)} />
      <Text> </Text>
      {confirming ? (
        <Box flexDirection="column">
          <Text color="yellow">Start over, forgetting the earlier answers? (y/n)</Text>
          <Text dimColor>What is already in AWS stays, and is checked again.</Text>
        </Box>
      ) : (
        <Text>
          {h.dryRun ? <Text color="yellow">Dry run: nothing will be changed; each step shows the calls it would make. </Text> : null}
          {resume ? 'Press enter to resume; every step is checked again.' : 'Press enter to begin.'}
        </Text>
      )}
    </Frame>
  );
}
