// The CIS baseline's proof run, as figures (not assertions): a fresh strict sandbox, the root user's MFA
// enrolled as the operator does it in the console, then `aws-harden --yes` with a --config that answers
// every step and names every paid one; `aws-harden audit --json` after it (controls passing / failing);
// a second `--yes` run (what it changed: nothing, if the first converged); then the same first run with
// one region that does not answer. Requests are counted at the emulator's door.
//
//   npm run build && bash scripts/with-keyring.sh node scripts/bench-baseline.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const { startSandbox } = await import('../dist/sandbox/index.js');
const { classify } = await import('../dist/aws/operations.js');

/** The calls a run made that change the account, from its --debug lines (the dry-run guard's own table). */
function changesMade(stderr) {
  const calls = [...stderr.matchAll(/^aws-harden debug: (\w+):(\w+) \d{3}\b/gm)].map((m) => [m[1], m[2]]);
  return calls.filter(([service, op]) => classify(service, op) === 'mutate').map(([service, op]) => `${service}:${op}`);
}

/** Every answer a --yes run needs, every paid step named. */
const CONFIG = {
  budget: { email: 'ops@example.com' },
  'security-contact': { name: 'Ops Security', title: 'Security lead', email: 'security@example.com', phone: '+1 206 555 0100' },
  guardduty: {},
  'aws-config': {},
  'security-hub': {},
  'trail-alarms': {},
  'root-access-keys': { delete: 'yes' },
};

function run(args, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout, stderr }));
  });
}

function delta(before, after) {
  const out = {};
  for (const [k, n] of Object.entries(after)) if (n - (before[k] ?? 0) > 0) out[k] = n - (before[k] ?? 0);
  return out;
}
const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

async function account(faults) {
  const sb = await startSandbox(faults ? { faults } : {});
  await sb.markRootMfaEnrolled();
  const home = mkdtempSync(join(tmpdir(), 'aws-harden-baseline-'));
  const config = join(home, 'config.json');
  writeFileSync(config, JSON.stringify(CONFIG));
  const env = {
    ...process.env,
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_ACCESS_KEY_ID: sb.rootCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sb.rootCredentials.secretAccessKey,
    AWS_REGION: sb.region,
    AWS_ENDPOINT_URL: sb.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    LANG: 'C.UTF-8',
    COLUMNS: '100',
  };
  return { sb, config, env, done: async () => (await sb.stop(), rmSync(home, { recursive: true, force: true })) };
}

async function counted(sb, fn) {
  const before = sb.received();
  const r = await fn();
  return { ...r, requests: delta(before, sb.received()) };
}

const line = (label, text) => console.log(`${label.padEnd(34)} ${text}`);

{
  const a = await account();
  try {
    const first = await counted(a.sb, () => run(['--yes', '--config', a.config, '--debug'], a.env));
    line('first --yes run', `exit ${first.code}, ${(first.ms / 1000).toFixed(1)} s, ${total(first.requests)} requests, ${changesMade(first.stderr).length} of them changes`);
    for (const l of first.stdout.split('\n').filter((l) => /^[–✗!◆⊘] /.test(l))) console.log(`    ${l.slice(0, 160)}`);
    // The root key is gone after the first run: audit and the second run sign in as the admin.
    const profileEnv = { ...a.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    delete profileEnv.AWS_ACCESS_KEY_ID;
    delete profileEnv.AWS_SECRET_ACCESS_KEY;
    const profile = /--profile (\S+)/.exec(first.stdout)?.[1] ?? 'aws-harden-admin';
    const audit = await counted(a.sb, () => run(['audit', '--json', '--profile', profile], profileEnv));
    try {
      const report = JSON.parse(audit.stdout);
      const by = {};
      for (const c of report.controls) by[c.status] = (by[c.status] ?? 0) + 1;
      line('audit --json after it', `exit ${audit.code}, ${(audit.ms / 1000).toFixed(1)} s, ${total(audit.requests)} requests; controls: ${JSON.stringify(by)}`);
      for (const c of report.controls.filter((c) => c.status === 'fail' || c.status === 'unknown'))
        console.log(`    ${c.id} ${c.status}: ${(c.title ?? '').slice(0, 70)} (${(c.decidedBy ?? []).join(', ')})`);
    } catch {
      line('audit --json after it', `exit ${audit.code}: ${audit.stdout.slice(0, 300)} ${audit.stderr.slice(0, 300)}`);
    }
    const second = await counted(a.sb, () => run(['--yes', '--config', a.config, '--profile', profile, '--debug'], profileEnv));
    const changed = changesMade(second.stderr);
    line(
      'second --yes run',
      `exit ${second.code}, ${(second.ms / 1000).toFixed(1)} s, ${total(second.requests)} requests, calls that change the account: ${changed.length === 0 ? 'none' : changed.join(', ')}`,
    );
  } finally {
    await a.done();
  }
}

{
  const a = await account({ unreachableRegions: ['eu-west-3'] });
  try {
    const r = await counted(a.sb, () => run(['--yes', '--config', a.config], a.env));
    line('first --yes run, eu-west-3 silent', `exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s, ${total(r.requests)} requests answered`);
    for (const l of r.stdout.split('\n').filter((l) => /left out|Not checked/.test(l))) console.log(`    ${l.slice(0, 200)}`);
  } finally {
    await a.done();
  }
}
