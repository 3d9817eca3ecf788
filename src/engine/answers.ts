/**
 * A step's answers: their defaults (the step's, the journal's, --config's), which of them the journal
 * keeps, and whether they are valid.
 */
import type { Answers, Question } from '../steps/types.js';

/** A question whose answer destroys something: its answer counts for this run only. */
function isDestructive(q: Question): boolean {
  return q.destructive === true;
}

/**
 * Defaults for a step's questions: the step's own, then the journal's earlier answers, then --config.
 * A destructive question never takes the journal's answer: an earlier "yes" (that a crash kept from
 * being acted on) must not delete anything in a resumed or a --yes run, nor stand pre-typed in the prompt.
 */
export function defaultAnswers(questions: readonly Question[], journal: Answers | undefined, preset: Answers | undefined): Answers {
  const out: Answers = {};
  for (const q of questions) out[q.id] = preset?.[q.id] ?? (isDestructive(q) ? undefined : journal?.[q.id]) ?? q.default;
  return out;
}

/** The answers the journal keeps: all but the destructive ones (see defaultAnswers). */
export function rememberedAnswers(questions: readonly Question[], answers: Answers): Answers {
  const destructive = new Set(questions.filter(isDestructive).map((q) => q.id));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !destructive.has(id)));
}

/** The first invalid answer: which question, and what is wrong with the answer. */
export function invalidAnswer(questions: readonly Question[], answers: Answers): { id: string; message: string } | undefined {
  for (const q of questions) {
    const v = answers[q.id] ?? '';
    if (q.kind === 'text') {
      const message = q.validate?.(v);
      if (message) return { id: q.id, message };
    } else if (!q.options.some((o) => o.value === v)) {
      return { id: q.id, message: `must be one of ${q.options.map((o) => o.value).join(', ')}` };
    }
  }
  return undefined;
}
