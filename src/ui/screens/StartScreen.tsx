/**
 * Preflight: who is signed in, where, the Security Status, and "Press enter to begin" — or, when the
 * journal remembers an earlier run, what it did and when, with Resume / Start over / Quit.
 */
import { useState } from 'react';
import { Text } from 'ink';
import type { Prompt } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { Lines, textLines, wrapWords, type Line, type Segment } from '../components/Lines.js';
import { checkHeights } from '../components/check-lines.js';
import { SecurityStatus } from '../components/SecurityStatus.js';
import { useKeymap, footerHint } from '../keyboard/index.js';
import { innerWidth } from '../layout.js';
import { PREFLIGHT_TITLE, truncateMiddle } from '../text.js';
import { earlierRunHeight, earlierRunLines, earlierRunUrgentHeight } from './EarlierRun.js';
import { runHints, type ScreenProps } from './props.js';

/** The label column of the facts: "Caller", "Via", "Region", "Journal" and two spaces. */
const LABEL = 9;

/**
 * One fact as lines of `width`: the label, then the value wrapped beside it, never cut (a region, an
 * ARN). `middle`: one line, shortened in the middle if it must be (a long journal path).
 */
export function factLines(label: string, value: string, width: number, as: 'words' | 'path' | 'middle' = 'words'): Line[] {
  const room = Math.max(1, width - LABEL);
  const values = as === 'middle' ? [truncateMiddle(value, room)] : as === 'path' ? pathLines(value, room) : wrapWords(value, room);
  return values.map((v, i) => [{ text: (i === 0 ? label : '').padEnd(LABEL), dim: true }, { text: v }]);
}

/** A path in lines of at most `width`, broken after a "/" where it can be. */
function pathLines(path: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const part of path.split(/(?<=\/)/)) {
    if (line !== '' && line.length + part.length > width) {
      out.push(line);
      line = '';
    }
    line += part;
    while (line.length > width) {
      out.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  return [...out, line];
}

/** "us-east-1 (from AWS_REGION)", "us-east-1 (default: no --region, …)". */
export function regionFact(region: string, source: string | undefined): string {
  if (!source) return region;
  return source.startsWith('default') ? `${region} (${source})` : `${region} (from ${source})`;
}

/**
 * Segments in different styles as one paragraph wrapped to `width` (single spaces between words): the
 * dry-run note in yellow, then the invitation, sharing lines as the words fit.
 */
function paragraphLines(parts: readonly Segment[], width: number): Line[] {
  const text = parts.map((p) => p.text).join(' ');
  const starts: number[] = [];
  parts.reduce((at, p) => (starts.push(at), at + p.text.length + 1), 0);
  let from = 0;
  return wrapWords(text, width).map((line) => {
    const at = text.indexOf(line, from);
    from = at + line.length;
    const out: Line = [];
    parts.forEach((p, i) => {
      const start = Math.max(at, starts[i] ?? 0);
      const end = Math.min(from, (starts[i] ?? 0) + p.text.length + 1);
      if (end > start) out.push({ ...p, text: text.slice(start, end) });
    });
    return out;
  });
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
  const width = innerWidth(layout.panelWidth);
  // Who and where, wrapped: the caller, the region and where it came from are never cut.
  const caller = factLines('Caller', `${h.arn}${h.isRoot ? ' (root user)' : ''}`, width);
  const region = factLines('Region', regionFact(h.region, h.regionSource), width);
  // How the run was started (console session, SSO, keys, …), and what it means when there is room.
  const via = (long: boolean) => (h.credentials ? factLines('Via', long ? `${h.credentials.label}. ${h.credentials.meaning}` : h.credentials.label, width) : []);
  const invitation = confirming
    ? [...textLines('Start over, forgetting the earlier answers? (y/n)', width, { color: 'yellow' }), ...textLines('What is already in AWS stays, and is checked again.', width, { dim: true })]
    : paragraphLines(
        [
          ...(h.dryRun ? [{ text: 'Dry run: nothing will be changed; each step shows the calls it would make.', color: 'yellow' as const }] : []),
          { text: resume ? 'Press enter to resume; every step is checked again.' : 'Press enter to begin.' },
        ],
        width,
      );
  // Rows: the facts, blank, [the earlier run, blank], heading, the checks, blank, the invitation.
  const earlierHeight = resume ? earlierRunHeight(resume, width) : 0;
  const fixed = 3 + invitation.length;
  // The checks take fewer lines as their details give way (check-lines.ts). Every fact outranks the
  // details of passing checks; what needs work, with its detail, outranks the journal's path and what
  // the start method means; then every check by its title.
  const heights = checkHeights(prompt.checks, width);
  const rest = fixed + (resume ? earlierHeight + 1 : 0);
  const fits = (checks: number) => (lines: Line[]) => lines.length + rest + checks <= layout.bodyHeight;
  const journal = factLines('Journal', h.journalPath, width, 'path');
  // What the start method means outranks the journal's full path.
  const candidates = [
    [...caller, ...via(true), ...region, ...journal],
    [...caller, ...via(true), ...region, ...factLines('Journal', h.journalPath, width, 'middle')],
    [...caller, ...via(false), ...region, ...journal],
    [...caller, ...via(false), ...region, ...factLines('Journal', h.journalPath, width, 'middle')],
    // Every check outranks where the journal is (the exit message and the resume screen name it).
    [...caller, ...via(false), ...region],
  ];
  const facts = candidates.find(fits(Math.min(heights.lines, heights.grouped))) ?? candidates.find(fits(heights.grid)) ?? candidates.find(fits(heights.groups)) ?? candidates[candidates.length - 1]!;
  // The earlier run gets up to half of what is left, or more to show every step AWS disagrees on
  // (the Security status keeps a line).
  const free = layout.bodyHeight - facts.length - fixed;
  const earlierRows = resume ? Math.min(earlierHeight, Math.max(3, Math.floor((free - 1) / 2), Math.min(earlierRunUrgentHeight(resume, width), free - 2))) : 0;
  const earlier = resume ? earlierRunLines(resume, width, earlierRows - 1) : [];
  const checkRows = Math.max(1, free - (resume ? earlier.length + 1 : 0));
  const hints = { ...runHints(state), resume: resume !== undefined };
  return (
    <Frame state={state} layout={layout} title={PREFLIGHT_TITLE} footer={confirming ? footerHint('start-over', hints) : footerHint('start', hints)}>
      <Lines lines={facts} />
      <Text> </Text>
      {resume ? <Lines lines={earlier} /> : null}
      {resume ? <Text> </Text> : null}
      <SecurityStatus checks={prompt.checks} maxLines={checkRows} width={width} />
      <Text> </Text>
      <Lines lines={invitation} />
    </Frame>
  );
}
