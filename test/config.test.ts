import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { STEPS } from '../src/steps/index.js';

const parse = (text: string) => parseConfig(text, 'answers.json', STEPS);

describe('--config', () => {
  it('takes answers keyed by step id, as strings', () => {
    expect(parse('{"password-policy": {"maxAgeDays": 90}}')).toEqual({ 'password-policy': { maxAgeDays: '90' } });
  });
  it.each([
    ['{', /answers\.json: not valid JSON/],
    ['[]', /answers\.json: \(top level\): must be an object/],
    ['{"pasword-policy": {}}', /answers\.json: pasword-policy: unknown step/],
    ['{"password-policy": 3}', /answers\.json: password-policy: must be an object/],
    ['{"password-policy": {"maxAge": 1}}', /answers\.json: password-policy\.maxAge: unknown field \(known: maxAgeDays\)/],
    ['{"password-policy": {"maxAgeDays": "soon"}}', /answers\.json: password-policy\.maxAgeDays: Enter a whole number/],
    ['{"password-policy": {"maxAgeDays": [1]}}', /password-policy\.maxAgeDays: must be a string, number or boolean/],
  ])('refuses %s naming the file and field', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});
