// Start-up and repaint benchmark. Prints figures from one run, each time as a ratio to a bare
// `node -e 0` measured in the same run. Figures, not assertions: nothing here passes or fails.
//
//   time to first visible output   spawn → the first printable character on the terminal
//   time to the first full frame   spawn → the wizard's first frame (its panel border) is drawn
//   idle repaint                   bytes/s written while only a spinner moves (--sandbox, root MFA's
//                                  wait for the console, 120×40), counted over IDLE_SECONDS
//
//   requests of a --yes run         what a fresh-account `--sandbox --yes` run sends, per step and
//                                  operation, counted at the emulator, and its wall time (bench-requests.mjs)
//
//   npm run build && npm run bench     (after `bash scripts/setup.sh`)
//   RUNS=21 IDLE_SECONDS=10 npm run bench
//   BENCH=requests YES_RUNS=5 npm run bench     (only the requests of the --yes run)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import { requestsBench } from './bench-requests.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 11);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function timeCommand(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function vmHwmKb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Output without escape sequences: what can be seen. */
const visible = (s) =>
  s
    .replace(/\x1b\[[0-9;?<>=]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b[@-_]/g, '');

/**
 * Spawns the wizard in a pseudo-terminal; resolves with the time to its first visible character and
 * to its first full frame (the panel's top-left corner, drawn once the whole frame is).
 */
function startup(env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    // A state dir of its own: the previous run was killed, and its lock would add a takeover notice.
    const state = mkdtempSync(join(tmpdir(), 'aws-harden-bench-'));
    const p = pty.spawn(process.execPath, [CLI], { name: 'xterm-256color', cols: 100, rows: 30, env: { ...env, XDG_STATE_HOME: state } });
    p.onExit(() => rmSync(state, { recursive: true, force: true }));
    let out = '';
    let first;
    let done = false;
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`no frame within 30 s; output so far: ${JSON.stringify(out.slice(-400))}`));
    }, 30_000);
    p.onData((d) => {
      if (done) return;
      out += d;
      if (first === undefined && visible(out).trim() !== '') first = ms();
      if (out.includes('┌')) {
        done = true;
        const frame = ms();
        const rssKb = vmHwmKb(p.pid);
        clearTimeout(timer);
        p.kill('SIGKILL');
        resolve({ first, frame, rssKb });
      }
    });
  });
}

/** Bytes per second the wizard writes on root MFA's wait screen, where only the spinner (and clock) move. */
function idleRepaint(env) {
  return new Promise((resolve, reject) => {
    const p = pty.spawn(process.execPath, [CLI, '--sandbox'], { name: 'xterm-256color', cols: 120, rows: 40, env });
    let out = '';
    let stage = 'start';
    let counted = 0;
    const timer = setTimeout(
      () => {
        p.kill('SIGKILL');
        reject(new Error(`did not reach the wait screen (stage ${stage}); output so far: ${JSON.stringify(visible(out).slice(-400))}`));
      },
      60_000 + IDLE_SECONDS * 1000,
    );
    p.onData((d) => {
      out += d;
      if (stage === 'counting') counted += Buffer.byteLength(d);
      if (stage === 'start' && out.includes('Press enter to begin')) {
        stage = 'begun';
        p.write('\r');
      } else if (stage === 'begun' && out.includes('enter show what to do')) {
        stage = 'shown';
        p.write('\r');
      } else if (stage === 'shown' && out.includes('Watching AWS for the change')) {
        stage = 'settling';
        setTimeout(() => {
          stage = 'counting';
          setTimeout(() => {
            stage = 'done';
            clearTimeout(timer);
            p.kill('SIGKILL');
            resolve(counted / IDLE_SECONDS);
          }, IDLE_SECONDS * 1000);
        }, 1000);
      }
      // Keep the buffer small while counting; the markers above are all found by then.
      if (stage === 'counting' && out.length > 100_000) out = '';
    });
  });
}

const YES_RUNS = Number(process.env.YES_RUNS ?? 3);

if (process.env.BENCH === 'requests') {
  await requestsBench({ runs: YES_RUNS });
  process.exit(0);
}

const { startSandbox } = await import('../dist/sandbox/index.js');
const sb = await startSandbox();
try {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: sb.rootCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sb.rootCredentials.secretAccessKey,
    AWS_REGION: sb.region,
    AWS_ENDPOINT_URL: sb.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    LANG: 'C.UTF-8',
  };
  await startup(env); // warm the emulator and the file cache once; not counted
  const base = [],
    version = [],
    first = [],
    frame = [],
    rss = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(timeCommand(['-e', '0']));
    version.push(timeCommand([CLI, '--version']));
    const s = await startup(env);
    first.push(s.first);
    frame.push(s.frame);
    rss.push(s.rssKb);
  }
  const { AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, AWS_ENDPOINT_URL: _e, AWS_REGION: _r, ...sandboxEnv } = env;
  const idle = await idleRepaint(sandboxEnv);
  const b = median(base),
    v = median(version),
    f1 = median(first),
    f = median(frame);
  const row = (label, ms) => console.log(`${label.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / b).toFixed(2)}x`);
  console.log(`runs: ${RUNS} (medians)`);
  row('node -e 0', b);
  row('aws-harden --version', v);
  row('wizard first visible output', f1);
  row('wizard first full frame', f);
  console.log('  (the frame includes STS GetCallerIdentity against the local emulator)');
  console.log(`${'wizard peak RSS at frame'.padEnd(34)} ${(median(rss) / 1024).toFixed(1).padStart(7)} MiB`);
  console.log(`${'idle repaint (spinner only, 120×40)'.padEnd(34)} ${(idle / 1024).toFixed(2).padStart(7)} KB/s   (${IDLE_SECONDS} s on root MFA's wait screen)`);
} finally {
  await sb.stop();
}
await requestsBench({ runs: YES_RUNS });
