/**
 * Makes recordings/: asciicast v2 recordings of real runs against the sandbox (a full run, a dry run
 * then `plan`, an interrupted run and its resume, `audit --json`), and recordings/full-run.svg, the
 * full run as an animated SVG for the README. No secret is in them: the password is never revealed,
 * the QR code and the MFA seed are blanked in the recording itself (recording/blank.ts), and
 * test/recordings.test.ts checks. Idle gaps are capped at 1 s, and frames that stand for less than a
 * tenth of a second are left out where the screen shows the same without them (recording/thin.ts). Run with `npm run record` (builds first, runs inside a private
 * keyring session). `--only full-run,audit-json` records only those (audit-json needs
 * interrupted-and-resume before it); `--out DIR` writes elsewhere; `--pace 0.3` types faster.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordAll } from './recording/record-all.js';
import { renderSvg } from './recording/svg.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

const outDir = flag('--out') ?? fileURLToPath(new URL('../recordings', import.meta.url));
const only = flag('--only')?.split(',');
const pace = Number(flag('--pace') ?? '1');
const t0 = Date.now();
const recorded = await recordAll({ outDir, pace, ...(only ? { only } : {}) });
for (const r of recorded) process.stdout.write(`${r.path}: ${r.seconds.toFixed(1)} s, ${r.events} events\n`);
if (recorded.some((r) => r.name === 'full-run')) {
  const svg = renderSvg(join(outDir, 'full-run.cast'), join(outDir, 'full-run.svg'));
  process.stdout.write(`${svg}\n`);
}
process.stdout.write(`duration: ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
