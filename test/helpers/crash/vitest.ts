/** One harness and its uninterrupted run per test file, stopped after the file (the CI subsets). */
import { afterAll, beforeAll } from 'vitest';
import { startCrashHarness, type CrashHarness } from './harness.js';
import type { Baseline } from './results.js';

export function useCrashHarness(accountId: string): { readonly harness: CrashHarness; readonly baseline: Baseline } {
  let harness: CrashHarness | undefined;
  let baseline: Baseline | undefined;
  beforeAll(async () => {
    harness = await startCrashHarness({ accountId });
    baseline = await harness.baseline();
  }, 120_000);
  afterAll(async () => {
    await harness?.stop();
  });
  return {
    get harness() {
      if (!harness) throw new Error('the crash harness did not start (see beforeAll)');
      return harness;
    },
    get baseline() {
      if (!baseline) throw new Error('the uninterrupted run did not finish (see beforeAll)');
      return baseline;
    },
  };
}
