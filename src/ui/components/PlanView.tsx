/**
 * The calls a step would make. Compact: one line per call (name in bold, parameters as one line of
 * JSON, truncated). Details: the full parameters, formatted, in a window the operator scrolls.
 */
import { Box, Text } from 'ink';
import { callName, compactParams, formatParams } from '../../format/calls.js';
import type { PlannedCall } from '../../steps/types.js';
import { fitLine, textLines, type Line } from './Lines.js';

export interface DetailLine {
  text: string;
  kind: 'name' | 'json' | 'blank';
  note?: string;
}

/** Every line of the details view, so the screen can size the scroll window. */
export function detailLines(plan: readonly PlannedCall[]): DetailLine[] {
  return plan.flatMap((call, i): DetailLine[] => [
    ...(i > 0 ? [{ text: '', kind: 'blank' as const }] : []),
    { text: callName(call), kind: 'name', ...(call.note ? { note: call.note } : {}) },
    ...formatParams(call.params)
      .split('\n')
      .map((line): DetailLine => ({ text: `  ${line}`, kind: 'json' })),
  ]);
}

function heading(dryRun: boolean): string {
  return dryRun ? 'Would call:' : 'Will call:';
}

/**
 * The plan, one line per call: every call's name in full (wrapped if it must be), its parameters on
 * the same line as far as they fit (all of them are behind d).
 */
export function compactPlanLines(plan: readonly PlannedCall[], dryRun: boolean, width: number, needsHuman?: string): Line[] {
  // A step only a person can do makes no call to approve: say what happens instead.
  if (plan.length === 0 && needsHuman) {
    return textLines(
      `No API call: ${needsHuman}. ${dryRun ? 'In a real run the wizard shows where to do it and watches AWS until it sees the change.' : 'Enter shows where to do it; the wizard watches AWS and goes on by itself once it sees the change.'}`,
      width,
    );
  }
  if (plan.length === 0) return textLines('Nothing to call: it is already in place.', width);
  const [first] = plan;
  if (plan.length === 1 && first && heading(dryRun).length + callName(first).length + 1 <= width) {
    return [fitLine([{ text: `${heading(dryRun)} ` }, { text: callName(first), bold: true }, { text: ` ${compactParams(first)}` }], width)];
  }
  return [
    [{ text: heading(dryRun) }],
    ...plan.flatMap((call): Line[] => {
      const name = callName(call);
      return name.length + 2 > width
        ? textLines(name, width - 2, { bold: true }).map((l) => [{ text: '  ' }, ...l])
        : [fitLine([{ text: `  ${name}`, bold: true }, { text: ` ${compactParams(call)}` }], width)];
    }),
  ];
}

export interface DetailedPlanProps {
  plan: readonly PlannedCall[];
  dryRun: boolean;
  /** First line shown. */
  offset: number;
  /** Lines available, heading included. */
  height: number;
}

/** How many detail lines fit, and whether the view scrolls (it then needs a line for the position). */
export function detailWindow(total: number, height: number): { visible: number; scrollable: boolean } {
  const room = Math.max(1, height - 1);
  return total <= room ? { visible: total, scrollable: false } : { visible: Math.max(1, room - 1), scrollable: true };
}

export function DetailedPlan({ plan, dryRun, offset, height }: DetailedPlanProps) {
  const lines = detailLines(plan);
  const { visible, scrollable } = detailWindow(lines.length, height);
  const start = Math.min(Math.max(0, offset), Math.max(0, lines.length - visible));
  return (
    <Box flexDirection="column">
      <Text>{heading(dryRun).replace(':', ' (full parameters):')}</Text>
      {lines.slice(start, start + visible).map((line, i) => (
        <Text key={start + i} wrap="truncate-end" bold={line.kind === 'name'}>
          {line.text || ' '}
          {line.note ? <Text dimColor bold={false}>{` — ${line.note}`}</Text> : null}
        </Text>
      ))}
      {scrollable ? (
        <Text dimColor>
          lines {start + 1}–{start + visible} of {lines.length}
        </Text>
      ) : null}
    </Box>
  );
}
