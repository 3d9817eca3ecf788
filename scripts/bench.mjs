// Start-up benchmark. Prints, from one run: the median time to `aws-harden --version` and to the
// wizard's first rendered frame, each as a ratio to a bare `node -e 0` measured in the same run, and
// the wizard's peak RSS at that frame. Figures, not assertions: nothing here passes or fails.
//
//   npm run bench            (after `bash scripts/setup.sh`)
//   RUNS=21 npm run bench    more samples
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 11);

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

/** Spawns the wizard in a pseudo-terminal and resolves when its first frame (the header) is drawn. */
function firstFrame(env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = pty.spawn(process.execPath, [CLI], { name: 'xterm-256color', cols: 100, rows: 30, env });
    let out = '';
    let seen = false;
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`no frame within 30 s; output so far: ${JSON.stringify(out.slice(-400))}`));
    }, 30_000);
    p.onData((d) => {
      out += d;
      if (!seen && out.includes('aws-harden ·')) {
        seen = true;
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const rssKb = vmHwmKb(p.pid);
        clearTimeout(timer);
        p.kill('SIGKILL');
        resolve({ ms, rssKb });
      }
    });
  });
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
    XDG_STATE_HOME: `/tmp/aws-harden-bench-${process.pid}`,
  };
  await firstFrame(env); // warm the emulator and the file cache once; not counted
  const base = [], version = [], frame = [], rss = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(timeCommand(['-e', '0']));
    version.push(timeCommand([CLI, '--version']));
    const f = await firstFrame(env);
    frame.push(f.ms);
    rss.push(f.rssKb);
  }
  const b = median(base), v = median(version), f = median(frame);
  console.log(`runs: ${RUNS} (medians)`);
  console.log(`node -e 0                 ${b.toFixed(1)} ms   1.00x`);
  console.log(`aws-harden --version      ${v.toFixed(1)} ms   ${(v / b).toFixed(2)}x`);
  console.log(`wizard first frame        ${f.toFixed(1)} ms   ${(f / b).toFixed(2)}x   (includes STS GetCallerIdentity against the local emulator)`);
  console.log(`wizard peak RSS at frame  ${(median(rss) / 1024).toFixed(1)} MiB`);
} finally {
  await sb.stop();
}
