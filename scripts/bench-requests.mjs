// Requests of a fresh-account `--yes` run against the strict sandbox: how many the emulator receives,
// per step and phase and per operation, and the run's wall time. Figures, not assertions.
//
// Each run is `aws-harden --sandbox --yes --debug`. Its --debug lines name every request it sends and
// the step and phase whose work sent it (src/aws/purpose.ts); the sandbox's last debug line is what the
// emulator itself counted at its door. The two totals must agree, or the attribution is not trusted.
//
//   npm run build && BENCH=requests npm run bench
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PHASES = ['survey', 'check', 'recheck', 'tidy', 'apply', 'verify'];

const CALL = /^aws-harden debug: (\w+):(\w+) (?:\d{3}|-)\b.* ms request-id \S+( \(attempt \d+\))?(?: · (\S+) (\w+))?$/;
const CACHED = /^aws-harden debug: (\w+):(\w+) answered from this run's read cache(?: · (\S+) (\w+))?$/;
const RECEIVED = /^aws-harden debug: sandbox: the emulator received (\d+) requests/;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runOnce(env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, '--sandbox', '--yes', '--debug'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout, stderr }));
  });
}

/** The requests of one run, from its --debug lines. */
function parse(stderr) {
  const requests = [];
  const cached = [];
  let received;
  for (const line of stderr.split('\n')) {
    const m = CALL.exec(line);
    if (m) {
      requests.push({ op: `${m[1]}:${m[2]}`, retry: m[3] !== undefined, step: m[4] ?? '(session)', phase: m[5] ?? '-' });
      continue;
    }
    const c = CACHED.exec(line);
    if (c) {
      cached.push({ op: `${c[1]}:${c[2]}`, step: c[3] ?? '(session)', phase: c[4] ?? '-' });
      continue;
    }
    const r = RECEIVED.exec(line);
    if (r) received = Number(r[1]);
  }
  return { requests, cached, received };
}

function countBy(items, key) {
  const out = new Map();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

function printTable({ requests, cached, received }, order) {
  // The wizard's order (steps/index.ts), then anything else that made calls.
  const seen = new Set(requests.map((r) => r.step));
  const steps = ['(session)', ...order.filter((id) => seen.has(id)), ...[...seen].filter((s) => s !== '(session)' && !order.includes(s))];
  const cells = countBy(requests, (r) => `${r.step}\0${r.phase}`);
  const hits = countBy(cached, (r) => r.step);
  const used = PHASES.filter((p) => requests.some((r) => r.phase === p));
  const head = ['step'.padEnd(18), ...used.map((p) => p.padStart(7)), 'total'.padStart(7), 'cached'.padStart(7)];
  console.log(head.join(' '));
  for (const step of steps) {
    const row = used.map((p) => String(cells.get(`${step}\0${p}`) ?? (step === '(session)' ? '' : '·')).padStart(7));
    const total = requests.filter((r) => r.step === step).length;
    console.log([step.padEnd(18), ...row, String(total).padStart(7), String(hits.get(step) ?? 0).padStart(7)].join(' '));
  }
  const retries = requests.filter((r) => r.retry).length;
  console.log(
    `total: ${requests.length} requests sent, ${retries} of them tries again (waiting for something new to propagate, or throttled): ${requests.length - retries} calls, each counted once; ${cached.length} reads answered from the run's read cache`,
  );
  console.log(`the emulator received: ${received ?? '?'}${received === requests.length ? ' (agrees)' : '  ≠ the --debug lines: attribution NOT trusted'}`);
  const ops = [...countBy(requests, (r) => r.op)].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  console.log(`per operation: ${ops.map(([op, n]) => `${op.split(':')[1]} ${n}×`).join(', ')}`);
}

/** Runs the `--yes` sandbox run `runs` times; prints the last run's table and the median wall time. */
export async function requestsBench({ runs = 3, env = process.env } = {}) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await runOnce({ ...env, LANG: 'C.UTF-8' });
    // 0: hardened; 1: finished with steps not done (a fresh --yes run skips the steps that need a person).
    if (r.code !== 0 && r.code !== 1) throw new Error(`--sandbox --yes exited ${r.code}:\n${r.stdout.slice(-800)}\n${r.stderr.slice(-800)}`);
    results.push({ ...r, parsed: parse(r.stderr) });
  }
  console.log(`\nfresh-account --yes run against the strict sandbox (aws-harden --sandbox --yes), ${runs} runs`);
  const { STEPS } = await import('../dist/steps/index.js');
  printTable(
    results[results.length - 1].parsed,
    STEPS.map((s) => s.id),
  );
  console.log(
    `requests per run: ${results.map((r) => r.parsed.requests.length).join(', ')} (calls: ${results.map((r) => r.parsed.requests.filter((q) => !q.retry).length).join(', ')}); wall time median ${(median(results.map((r) => r.ms)) / 1000).toFixed(2)} s (${results.map((r) => (r.ms / 1000).toFixed(2)).join(', ')})`,
  );
}
