/**
 * The lost-answer matrix, CI subset (issue 9): the changes whose retry used to make a duplicate or stop
 * the run — the admin user, its access key, the KMS key, the budget, the root key deletion — each
 * applied by the sandbox while the CLI gets a 500 or a reset connection instead of the answer. The run
 * plus at most one re-run must end with the uninterrupted run's account. The full matrix:
 * `npm run lost-answers`.
 */
import { describe, expect, it } from 'vitest';
import { LOST_VARIANTS, summarizeLost, type LostAnswerResult } from '../helpers/crash/index.js';
import { useCrashHarness } from '../helpers/crash/vitest.js';

const matrix = useCrashHarness('444455556666');

const WANTED = ['iam:CreateUser', 'iam:CreateAccessKey', 'kms:CreateKey', 'budgets:CreateBudget', 'iam:DeleteAccessKey'];

describe('lost answers (subset)', () => {
  it('a lost answer to each create, and to the root key deletion, converges without a duplicate', async () => {
    const { harness, baseline } = matrix;
    const ks = WANTED.map((op) => baseline.operations.lastIndexOf(op) + 1).filter((k) => k > 0);
    expect(ks).toHaveLength(WANTED.length);
    const results: LostAnswerResult[] = [];
    for (const k of ks) for (const variant of LOST_VARIANTS) results.push(await harness.lostAnswer(k, variant, baseline));
    process.stdout.write(`${summarizeLost(results, baseline.operations.length).join('\n')}\n`);
    // Every trial really lost the answer it was meant to.
    expect(results.map((r) => r.lost)).toEqual(ks.flatMap((k) => LOST_VARIANTS.map(() => baseline.operations[k - 1])));
    expect(results.filter((r) => !r.converged).map((r) => ({ k: r.k, variant: r.variant, lost: r.lost, problems: r.problems }))).toEqual([]);
  }, 480_000);

  it('throttling and 500s from the first call on (one seed each): the run converges, and the faults really happened', async () => {
    const { harness, baseline } = matrix;
    const throttled = await harness.underFaults({ seed: 1, throttle: 0.2 }, baseline);
    const errors = await harness.underFaults({ seed: 1, serverError: 0.1 }, baseline);
    expect(throttled.throttled).toBeGreaterThan(0);
    expect(errors.serverErrors).toBeGreaterThan(0);
    expect([throttled, errors].map((r) => r.problems)).toEqual([[], []]);
  }, 240_000);
});
