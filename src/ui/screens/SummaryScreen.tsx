/** The end: every step with its final status and note, and one closing line that says where things stand. */
import { Box, Text } from 'ink';
import { planOf } from '../../engine/dry-run-plan.js';
import { GLYPHS, stepMark } from '../../format/glyphs.js';
import { callNamesByStep, callsPhrase } from '../../format/plan-text.js';
import type { WizardState } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { footerHint } from '../keyboard/index.js';
import { BLANK, Lines, textLines, wrapWords, type Line } from '../components/Lines.js';
import { innerWidth } from '../layout.js';
import { closingLine, statusWord } from '../text.js';
import { runHints, type ScreenProps } from './props.js';

function failedStep(state: WizardState) {
  return state.phase.name === 'stopped' && state.phase.reason === 'failed' ? state.steps.find((s) => s.status === 'failed') : undefined;
}

/**
 * After a dry run: per step the calls it would make, by name, and their total. One line per step, as
 * many as fit the terminal (the total always shows); `aws-harden plan` prints the parameters.
 */
function PlanSummary({ state, room }: { state: WizardState; room: number }) {
  if (state.phase.name !== 'finished' || state.phase.outcome !== 'previewed') return null;
  const plan = planOf(state.steps);
  const lines = callNamesByStep(plan);
  const idWidth = Math.max(0, ...lines.map((l) => l.id.length)) + 2;
  // The heading takes one line; when not every step fits, the last line says how many are left out.
  const fits = lines.length <= room - 1;
  const shown = fits ? lines : lines.slice(0, Math.max(0, room - 2));
  const hidden = lines.length - shown.length;
  return (
    <>
      <Text wrap="truncate-end">
        Would make {callsPhrase(plan.total)} in all <Text dimColor>(aws-harden plan prints their parameters)</Text>
      </Text>
      {shown.map((l) => (
        <Box key={l.id}>
          <Box width={idWidth + 2} flexShrink={0}>
            {/* Two spaces of indent, as a string: JSX text would let a formatter fold them into one. */}
            <Text>{`  ${l.id}`}</Text>
          </Box>
          <Box flexShrink={1}>
            <Text wrap="truncate-end" dimColor>
              {l.calls}
            </Text>
          </Box>
        </Box>
      ))}
      {hidden > 0 ? <Text dimColor>{`  … and ${hidden} more step${hidden === 1 ? '' : 's'} (a taller terminal shows them)`}</Text> : null}
    </>
  );
}

/**
 * The steps and the closing line as lines of `width` columns: each step's note wraps under it, never
 * cut (it names the profile to use and the sign-in URL). Also what is printed to the terminal after
 * the wizard has gone, so it stays in the scrollback.
 */
export function summaryLines(state: WizardState, width: number): Line[] {
  const titleWidth = Math.max(0, ...state.steps.map((s) => s.title.length)) + 4;
  const prefixWidth = titleWidth + 13;
  const closing = closingLine(state);
  const failed = failedStep(state);
  const error = failed?.error ?? (state.phase.name === 'stopped' ? state.phase.error : undefined);
  const steps = state.steps.flatMap((s): Line[] => {
    const mark = stepMark(s.status, false);
    const note = (s.status === 'failed' ? (s.error?.message ?? s.note) : s.note) ?? '';
    const head: Line = [
      { text: mark.symbol, ...(mark.color ? { color: mark.color === 'blue' ? 'cyan' : mark.color } : {}), ...(mark.dim ? { dim: true } : {}) },
      { text: ` ${s.title}`.padEnd(titleWidth - 1) },
      { text: statusWord(s.status).padEnd(13) },
    ];
    // Narrow terminals: the note goes under the title instead of beside it.
    const beside = width - prefixWidth >= 24;
    const noteLines = note === '' ? [] : beside ? wrapWords(note, width - prefixWidth) : wrapWords(note, width - 4);
    if (beside) {
      const [first, ...rest] = noteLines;
      return [[...head, ...(first ? [{ text: first, dim: true }] : [])], ...rest.map((t): Line => [{ text: `${' '.repeat(prefixWidth)}${t}`, dim: true }])];
    }
    return [head, ...noteLines.map((t): Line => [{ text: `    ${t}`, dim: true }])];
  });
  return [
    ...steps,
    BLANK,
    ...textLines(closing.text, width, { bold: true, ...(closing.color ? { color: closing.color } : {}) }),
    ...(error ? [...textLines(error.message, width, { color: 'red' }, `${GLYPHS.failed.symbol} `), ...(error.remedy ? textLines(error.remedy, width, {}, 'What to do: ') : [])] : []),
  ];
}

export function SummaryScreen({ state, layout }: ScreenProps) {
  const failed = failedStep(state);
  const error = failed?.error ?? (state.phase.name === 'stopped' ? state.phase.error : undefined);
  const lines = summaryLines(state, innerWidth(layout.columns));
  return (
    <Frame state={state} layout={layout} title="Summary" footer={footerHint('finished', runHints(state))} wide>
      <Lines lines={lines} />
      <PlanSummary state={state} room={layout.bodyHeight - state.steps.length - 2 - (error ? 2 : 0)} />
    </Frame>
  );
}
