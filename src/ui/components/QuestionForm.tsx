/**
 * The step's questions, one at a time: answered ones above, the current one with its help, an input
 * prefilled with the default, and the validation message as the operator types.
 */
import { Box, Text } from 'ink';
import type { Answers, Question } from '../../steps/types.js';
import { Lines, textLines } from './Lines.js';
import { GLYPHS } from '../../format/glyphs.js';
import { SelectList } from './SelectList.js';
import { TextInput } from './TextInput.js';

/** The message for an answer that cannot be accepted, or undefined. */
export function answerError(question: Question, value: string): string | undefined {
  if (question.kind === 'text') return question.validate?.(value);
  return question.options.some((o) => o.value === value) ? undefined : 'Choose one of the options.';
}

function shown(question: Question, value: string): string {
  if (question.kind === 'text') return value === '' ? '(empty)' : value;
  return question.options.find((o) => o.value === value)?.label ?? value;
}

export interface QuestionFormProps {
  questions: readonly Question[];
  index: number;
  values: Answers;
  /** Enter was pressed while the answer was invalid. */
  refused: boolean;
  isActive: boolean;
  /** At most this many lines of help, so the input line stays on screen (the rest is cut with "…"). */
  maxHelpLines?: number;
  /** Columns for the text (help and messages wrap between words to it). */
  width: number;
  onChange: (id: string, value: string) => void;
}

export function QuestionForm({ questions, index, values, refused, isActive, width, onChange, maxHelpLines }: QuestionFormProps) {
  const question = questions[index];
  if (!question) return null;
  const value = values[question.id] ?? '';
  const error = answerError(question, value);
  return (
    <Box flexDirection="column">
      {questions.slice(0, index).map((q) => (
        <Text key={q.id} wrap="truncate-end">
          <Text color={GLYPHS.done.color}>{GLYPHS.done.symbol}</Text> {q.prompt} <Text bold>{shown(q, values[q.id] ?? '')}</Text>
        </Text>
      ))}
      <Text bold>{question.prompt}</Text>
      {question.help ? <Lines lines={helpLines(question.help, width, maxHelpLines)} /> : null}
      <Box>
        <Text color="cyan">› </Text>
        {/* Keyed by question, so the next question starts with its own text and cursor. */}
        {question.kind === 'text' ? (
          <TextInput key={question.id} value={value} isActive={isActive} onChange={(v) => onChange(question.id, v)} />
        ) : (
          <SelectList key={question.id} options={question.options} value={value} isActive={isActive} onChange={(v) => onChange(question.id, v)} />
        )}
      </Box>
      {error ? <Lines lines={textLines(`${error}${refused ? ' Fix this to continue.' : ''}`, width, { color: 'red' }, `${GLYPHS.failed.symbol} `)} /> : null}
      {questions.length > 1 ? (
        <Text dimColor>
          Question {index + 1} of {questions.length}
        </Text>
      ) : null}
    </Box>
  );
}

/** The help, wrapped; cut to `max` lines (the last one saying so) when the screen is short. */
export function helpLines(help: string, width: number, max = Infinity) {
  const all = textLines(help, width, { dim: true });
  if (all.length <= max) return all;
  return [...all.slice(0, Math.max(0, max - 1)), ...textLines('… (a taller terminal shows the rest)', width, { dim: true })];
}

/** Rows the form needs besides the help: answered questions, the prompt, the input, an error, the counter. */
export function formRows(questions: readonly Question[], index: number): number {
  const q = questions[index];
  const input = q?.kind === 'choice' ? q.options.length : 1;
  return index + 1 + input + 2 + (questions.length > 1 ? 1 : 0);
}
