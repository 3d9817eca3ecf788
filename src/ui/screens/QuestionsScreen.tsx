/** A step's questions: enter moves on (refused while the answer is invalid), esc skips the step. */
import { useRef, useState } from 'react';
import type { Prompt } from '../../engine/state.js';
import type { Answers } from '../../steps/types.js';
import { Frame } from '../components/Frame.js';
import { BLANK, Lines, textLines } from '../components/Lines.js';
import { answerError, formRows, helpLines, QuestionForm } from '../components/QuestionForm.js';
import { useKeymap, footerHint } from '../keyboard/index.js';
import { innerWidth } from '../layout.js';
import { runHints, stepTitle, type ScreenProps } from './props.js';

interface Form {
  index: number;
  values: Answers;
  refused: boolean;
}

export function QuestionsScreen({ state, layout, isActive, store, prompt }: ScreenProps & { prompt: Extract<Prompt, { kind: 'questions' }> }) {
  const { questions } = prompt;
  // Kept in a ref as well: key presses that arrive together must see each other's effect.
  const form = useRef<Form>({ index: 0, values: { ...prompt.defaults }, refused: false });
  const [, setForm] = useState(form.current);
  const update = (next: Form) => {
    form.current = next;
    setForm(next);
  };

  useKeymap(
    'questions',
    {
      next: () => {
        const { index, values } = form.current;
        const question = questions[index];
        if (!question) return;
        if (answerError(question, values[question.id] ?? '')) {
          update({ ...form.current, refused: true });
          return;
        }
        if (index + 1 < questions.length) update({ ...form.current, index: index + 1, refused: false });
        else store.reply('questions', { answers: { ...values } });
      },
      skip: () => store.reply('questions', 'skip'),
    },
    { isActive },
  );

  const { index, values, refused } = form.current;
  const step = state.steps.find((s) => s.id === prompt.stepId);
  const width = innerWidth(layout.panelWidth);
  const footer = footerHint('questions', {
    ...runHints(state),
    lastQuestion: index === questions.length - 1,
    choice: questions[index]?.kind === 'choice',
  });
  // The input line never goes below the screen: on a short terminal the finding gives way first, then
  // the why, then the end of the help.
  const why = step ? textLines(`Why: ${step.why}`, width) : [];
  const finding = step?.finding ? textLines(step.finding.summary, width, { dim: true }) : [];
  const help = questions[index]?.help;
  const helpRows = help ? helpLines(help, width).length : 0;
  const room = layout.bodyHeight - formRows(questions, index);
  const head = [[...why, ...finding, BLANK], [...why, BLANK], []].find((h) => h.length + helpRows <= room) ?? [];
  return (
    <Frame state={state} layout={layout} title={stepTitle(state, prompt.stepId)} footer={footer}>
      <Lines lines={head} />
      <QuestionForm
        width={width}
        questions={questions}
        index={index}
        values={values}
        refused={refused}
        isActive={isActive}
        maxHelpLines={Math.max(1, room - head.length)}
        onChange={(id, value) => update({ ...form.current, values: { ...form.current.values, [id]: value }, refused: false })}
      />
    </Frame>
  );
}
