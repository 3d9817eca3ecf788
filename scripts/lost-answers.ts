/**
 * The lost-answer matrix (issue 9): for every change k of an uninterrupted run and both ways an answer
 * gets lost (an HTTP 500, a reset connection), the sandbox applies the k-th change and the CLI never
 * hears of it; the run, plus at most one re-run, must end with the uninterrupted run's account.
 * Prints `lost answers converged: X/N`; then throttling and 500s from the first call on, five seeds
 * each. Run with `npm run lost-answers` (builds first, runs inside a
 * private keyring session). `--k 3,7,12` runs only those changes.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import type { FaultOptions } from '../src/sandbox/index.js';
import { GLYPHS } from '../src/format/glyphs.js';
import { LOST_VARIANTS, onlyPoints, startCrashHarness, summarizeLost, type FaultTrialResult, type LostAnswerResult } from '../test/helpers/crash/index.js';

const only = onlyPoints(process.argv);

const t0 = Date.now();
const harness = await startCrashHarness({ accountId: '333344445555' });
try {
  const baseline = await harness.baseline();
  const n = baseline.changes.length;
  process.stdout.write(`uninterrupted run: ${n} changes, exit ${baseline.exitCode}, ${(baseline.ms / 1000).toFixed(1)} s\n`);
  baseline.changes.forEach((c, i) => process.stdout.write(`  ${String(i + 1).padStart(3)} ${c.name}\n`));
  const results: LostAnswerResult[] = [];
  for (const k of only ?? Array.from({ length: n }, (_, i) => i + 1)) {
    for (const variant of LOST_VARIANTS) {
      const r = await harness.lostAnswer(k, variant, baseline);
      results.push(r);
      const mark = (r.converged ? GLYPHS.done : GLYPHS.failed).symbol;
      process.stdout.write(
        `${mark} k=${String(k).padStart(3)} ${variant.padEnd(5)} lost ${r.lost ?? '—'}: exit ${r.firstCode}${r.reran ? `, re-run → exit ${r.finalCode}` : ''} (${(r.ms / 1000).toFixed(1)} s)\n`,
      );
      for (const line of r.firstTail.split('\n')) process.stdout.write(`      | ${line}\n`);
      for (const p of r.problems) process.stdout.write(`      ${p}\n`);
    }
  }
  for (const line of summarizeLost(results, n)) process.stdout.write(`${line}\n`);

  // Faults from the first call on, five seeds each: throttling (AWS did not act), and 500s before AWS acted.
  const modes: Array<{ label: string; faults: (seed: number) => FaultOptions }> = [
    { label: 'throttling 20 %', faults: (seed) => ({ seed, throttle: 0.2 }) },
    { label: 'HTTP 500 10 %', faults: (seed) => ({ seed, serverError: 0.1 }) },
  ];
  let faultsOk = true;
  for (const mode of modes) {
    const runs: FaultTrialResult[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = await harness.underFaults(mode.faults(seed), baseline);
      runs.push(r);
      process.stdout.write(
        `${(r.converged ? GLYPHS.done : GLYPHS.failed).symbol} ${mode.label} seed ${seed}: ${r.throttled} throttled, ${r.serverErrors} server errors; exit ${r.firstCode}${r.reran ? `, re-run → exit ${r.finalCode}` : ''} (${(r.ms / 1000).toFixed(1)} s)\n`,
      );
      for (const p of r.problems) process.stdout.write(`      ${p}\n`);
    }
    const ok = runs.filter((r) => r.converged).length;
    faultsOk &&= ok === runs.length;
    process.stdout.write(`${mode.label}: converged ${ok}/${runs.length} (${runs.filter((r) => r.reran).length} needed the re-run)\n`);
  }
  process.stdout.write(`duration: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  process.exitCode = results.every((r) => r.converged) && faultsOk ? 0 : 1;
} finally {
  await harness.stop();
}
