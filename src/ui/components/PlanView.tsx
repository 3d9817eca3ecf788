/**
 * The calls a step would make. Compact: one line per call (name in bold, parameters as one line of
 * JSON, truncated). Details: the full parameters, formatted, in a window the operator scrolls.
 */
import { Box, Text } from 'ink';
import { callName, formatParams } from '../../engine/format.js';
import type { PlannedCall } from '../../steps/types.js';
import { compactParams } from '../text.js';

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

export function CompactPlan({ plan, dryRun }: { plan: readonly PlannedCall[]; dryRun: boolean }) {
  if (plan.length === 0) return <Text>Nothing to call: it is already in place.</Text>;
  const line = (call: PlannedCall) => (
    <>
      <Text bold>{callName(call)}</Text> {compactParams(call)}
    </>
  );
  const [first] = plan;
  if (plan.length === 1 && first) {
    return (
      <Text wrap="truncate-end">
        {heading(dryRun)} {line(first)}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text>{heading(dryRun)}</Text>
      {plan.map((call, i) => (
        <Text key={i} wrap="truncate-end">
          {'  '}
          {line(call)}
        </Text>
      ))}
    </Box>
  );
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
