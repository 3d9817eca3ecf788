/**
 * --config FILE: answers for the steps, as JSON keyed by step id, e.g.
 * `{ "password-policy": { "maxAgeDays": 0 } }`. Validated completely before anything runs; every
 * message names the file and the field.
 */
import { readFileSync } from 'node:fs';
import { ExitCode, OperatorError } from './errors.js';
import type { Answers, Step, StepId } from './steps/types.js';

export type Presets = Partial<Record<StepId, Answers>>;

/**
 * How to give an answer without a person at the keyboard, as a remedy that works as printed:
 * `--config` takes a file, so the hint shows what goes in it.
 * e.g. `put {"budget": {"email": "…"}} in a JSON file and pass it with --config FILE`
 */
export function configHint(step: StepId, fields: Record<string, string>, instead?: { fields: Record<string, string>; does: string }): string {
  const other = instead ? ` (${answersJson(step, instead.fields)} instead ${instead.does})` : '';
  return `put ${answersJson(step, fields)} in a JSON file and pass it with --config FILE${other}`;
}

/** `{"step": {"field": "value"}}`, spaced for reading. */
function answersJson(step: StepId, fields: Record<string, string>): string {
  return JSON.stringify({ [step]: fields })
    .replace(/":/g, '": ')
    .replace(/,"/g, ', "');
}

function invalid(path: string, field: string, what: string): OperatorError {
  return new OperatorError('config-invalid', `${path}: ${field}: ${what}`, 'Fix the file and run again. See README "Answers file (--config)" for the fields.', ExitCode.Usage);
}

export function parseConfig(text: string, path: string, steps: readonly Step[]): Presets {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new OperatorError('config-invalid', `${path}: not valid JSON (${(e as Error).message}).`, 'Fix the file and run again.', ExitCode.Usage);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(path, '(top level)', 'must be an object keyed by step id');
  const byId = new Map(steps.map((s) => [s.id as string, s]));
  const presets: Presets = {};
  for (const [stepId, value] of Object.entries(raw)) {
    const step = byId.get(stepId);
    if (!step) throw invalid(path, stepId, `unknown step (known: ${[...byId.keys()].join(', ')})`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(path, stepId, 'must be an object of answers');
    const keys = step.configKeys ?? {};
    const answers: Answers = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const validate = keys[key];
      if (!validate) {
        const known = Object.keys(keys);
        throw invalid(path, `${stepId}.${key}`, `unknown field${known.length ? ` (known: ${known.join(', ')})` : ' (this step takes no answers)'}`);
      }
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw invalid(path, `${stepId}.${key}`, 'must be a string, number or boolean');
      const s = String(v);
      const msg = validate(s);
      if (msg) throw invalid(path, `${stepId}.${key}`, msg);
      answers[key] = s;
    }
    presets[step.id] = answers;
  }
  return presets;
}

export function loadConfig(path: string, steps: readonly Step[]): Presets {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new OperatorError('config-invalid', `${path}: cannot read the answers file (${code}).`, 'Check the path given to --config.', ExitCode.Usage);
  }
  return parseConfig(text, path, steps);
}
