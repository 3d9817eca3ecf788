/** The end: every step with its final status and note, and one closing line that says where things stand. */
import { Box, Text } from 'ink';
import { planOf } from '../../engine/dry-run-plan.js';
import { callNamesByStep, callsPhrase } from '../../format/plan-text.js';
import type { WizardState } from '../../engine/state.js';
import { Frame } from '../components/Frame.js';
import { footerHint } from '../keyboard/index.js';
import { Lines } from '../components/Lines.js';
import { innerWidth } from '../layout.js';
import { runHints, type ScreenProps } from './props.js';
import { fitSummary } from './summary-fit.js';

export { summaryLines } from './summary-lines.js';

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

export function SummaryScreen({ state, layout }: ScreenProps) {
  const width = innerWidth(layout.columns);
  const plan = state.phase.name === 'finished' && state.phase.outcome === 'previewed' ? callNamesByStep(planOf(state.steps)).length : undefined;
  const lines = fitSummary(state, width, layout.bodyHeight, plan);
  return (
    <Frame state={state} layout={layout} title="Summary" footer={footerHint('finished', runHints(state))} wide>
      <Lines lines={lines} />
      <PlanSummary state={state} room={layout.bodyHeight - lines.length} />
    </Frame>
  );
}
