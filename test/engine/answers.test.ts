/**
 * Which answers a step starts from, and which the journal keeps: a destructive answer (delete the root
 * keys, delete an adopted user's keys) is good for the run that gave it, never for a later one.
 */
import { describe, expect, it } from 'vitest';
import { defaultAnswers, rememberedAnswers } from '../../src/engine/runner.js';
import type { Question } from '../../src/steps/types.js';

const QUESTIONS: Question[] = [
  { kind: 'text', id: 'name', prompt: 'Name', default: 'admin' },
  { kind: 'text', id: 'delete', prompt: 'Type yes', default: '', destructive: true },
];

describe('answers', () => {
  it('an earlier answer is the default next time, except a destructive one', () => {
    expect(defaultAnswers(QUESTIONS, { name: 'ops', delete: 'yes' }, undefined)).toEqual({ name: 'ops', delete: '' });
  });

  it('--config still answers a destructive question (the operator wrote it for this run)', () => {
    expect(defaultAnswers(QUESTIONS, { delete: 'yes' }, { delete: 'yes' })).toEqual({ name: 'admin', delete: 'yes' });
    expect(defaultAnswers(QUESTIONS, undefined, { name: 'x' })).toEqual({ name: 'x', delete: '' });
  });

  it('the journal keeps every answer but the destructive ones', () => {
    expect(rememberedAnswers(QUESTIONS, { name: 'ops', delete: 'yes' })).toEqual({ name: 'ops' });
  });
});
