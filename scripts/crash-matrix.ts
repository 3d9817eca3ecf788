/**
 * The full crash matrix (issue 5, "The proof"): for every k in 1..N and both kill variants, SIGKILL the
 * built CLI at the k-th mutating request, run it again, and compare the account with an uninterrupted
 * run's. Prints `crash points converged: X/N`. Run with `npm run crash-matrix` (builds first, and runs
 * inside a private keyring session). `--k 3,7,12` runs only those crash points.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { GLYPHS } from '../src/format/glyphs.js';
import { onlyPoints, startCrashHarness, summarize, VARIANTS, type TrialResult } from '../test/helpers/crash/index.js';

const only = onlyPoints(process.argv);

const t0 = Date.now();
const harness = await startCrashHarness();
try {
  const baseline = await harness.baseline();
  const n = baseline.operations.length;
  process.stdout.write(`uninterrupted run: ${n} mutating requests, exit ${baseline.exitCode}, ${(baseline.ms / 1000).toFixed(1)} s\n`);
  process.stdout.write(`final account of the uninterrupted run (what every crash point is compared with):\n${JSON.stringify(baseline.snapshot)}\n`);
  baseline.operations.forEach((op, i) => process.stdout.write(`  ${String(i + 1).padStart(3)} ${op}\n`));
  const results: TrialResult[] = [];
  const ks = only ?? Array.from({ length: n }, (_, i) => i + 1);
  for (const k of ks) {
    for (const variant of VARIANTS) {
      const r = await harness.trial(k, variant, baseline);
      results.push(r);
      const mark = (r.converged ? GLYPHS.done : GLYPHS.failed).symbol;
      process.stdout.write(`${mark} k=${String(k).padStart(3)} ${variant.padEnd(15)} killed at ${r.killedAt ?? '—'}; re-run as ${r.rerunAs} → exit ${r.rerunCode} (${(r.ms / 1000).toFixed(1)} s)\n`);
      for (const p of r.problems) process.stdout.write(`      ${p}\n`);
    }
  }
  for (const line of summarize(results, n)) process.stdout.write(`${line}\n`);
  process.stdout.write(`duration: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  process.exitCode = results.every((r) => r.converged) ? 0 : 1;
} finally {
  await harness.stop();
}
