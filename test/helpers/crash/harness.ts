/**
 * The crash matrix (issue 5, "The proof") and the lost-answer matrix (issue 9): run the built CLI
 * headless against a fresh sandbox, SIGKILL it at the k-th mutating request (proxy.ts) or have the
 * sandbox lose the k-th answer, run it again to completion, and compare the account with the one an
 * uninterrupted run leaves (snapshot.ts), plus what must hold after any run (invariants.ts).
 *
 * Between trials the sandbox is reset (moto's `/moto-api/reset` through the overlay, which also gives
 * the root user back its key and takes its MFA away): a brand-new account, without paying moto's two
 * seconds of start-up per trial. Every trial has its own HOME, state directory and ~/.aws/config
 * (cli-run.ts); the keychain is the test session's real one, and the sandbox account's entries are
 * removed before each trial (every sandbox account has the same id).
 *
 * Root key deletion is in the matrix: the re-run after a kill authenticates as the operator would.
 * While the root key still works it uses the same root credentials; once a killed run has deleted it
 * (kill at or after root-access-keys' DeleteAccessKey), root credentials are dead, and the re-run uses
 * `--profile <the profile the access-key step wrote>` (credential_process → the OS keychain).
 */
import { rmSync } from 'node:fs';
import { startSandbox, type FaultOptions, type FaultReport } from '../../../src/sandbox/index.js';
import { accessKeyEntry, consolePasswordEntry, openKeychain, type Keychain } from '../../../src/keychain/index.js';
import { defaultProfileName } from '../../../src/steps/access-key/index.js';
import { killAndWait, lastLines, runDir, spawnCli, type RunDir, type RunOutput } from './cli-run.js';
import { brokenInvariants, duplicates, type MatrixEntries } from './invariants.js';
import { ADMIN_USER, MATRIX_ACCOUNT_ID } from './matrix.js';
import { startCrashProxy, type Variant } from './proxy.js';
import type { Baseline, FaultTrialResult, LostAnswerResult, LostAs, TrialResult } from './results.js';
import { diffSnapshots, snapshotAccount } from './snapshot.js';

export interface CrashHarness {
  baseline(): Promise<Baseline>;
  /**
   * The k-th change the sandbox applies (as `baseline.changes` numbers them) loses its answer (`as` a 500 or a reset connection). The run,
   * plus at most one re-run when it did not end as the uninterrupted one, must end with the same
   * account (issue 9's lost-answer matrix).
   */
  lostAnswer(k: number, as: LostAs, baseline: Baseline): Promise<LostAnswerResult>;
  /** The same with any fault mode of the sandbox (throttling, 5xx, latency), from the first call on. */
  underFaults(faults: FaultOptions, baseline: Baseline): Promise<FaultTrialResult>;
  /** `rerun: false` is the control: the killed run alone must not look converged, or the comparison proves nothing. */
  trial(k: number, variant: Variant, baseline: Baseline, opts?: { rerun?: boolean }): Promise<TrialResult>;
  stop(): Promise<void>;
}

export async function startCrashHarness(opts: { accountId?: string } = {}): Promise<CrashHarness> {
  const sb = await startSandbox({ accountId: opts.accountId ?? MATRIX_ACCOUNT_ID });
  const proxy = await startCrashProxy(sb.endpoint);
  const keychain: Keychain = openKeychain();
  const account = sb.accountId;
  const entries: MatrixEntries = [accessKeyEntry(account, ADMIN_USER), consolePasswordEntry(account, ADMIN_USER)];
  const profile = defaultProfileName(ADMIN_USER, account);
  const dirs: string[] = [];

  async function freshAccount(): Promise<void> {
    const res = await fetch(`${sb.endpoint}/moto-api/reset`, { method: 'POST' });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`moto reset → HTTP ${res.status}`);
    for (const e of entries) await keychain.delete(e).catch(() => false);
  }

  /** A fresh account and a fresh run directory (removed when the harness stops). */
  async function freshRun(): Promise<RunDir> {
    await freshAccount();
    const d = runDir();
    dirs.push(d.home);
    return d;
  }

  function rootEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { ...env, AWS_ACCESS_KEY_ID: sb.rootCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.rootCredentials.secretAccessKey, AWS_REGION: sb.region, AWS_ENDPOINT_URL: proxy.endpoint };
  }

  /** How the operator runs again: as root while root's key works, else through the admin profile. */
  async function rerunAs(d: RunDir): Promise<{ asRoot: boolean; args: string[]; env: NodeJS.ProcessEnv }> {
    const state = (await (await fetch(`${sb.endpoint}/sandbox/state`)).json()) as { rootAccessKeyIds: string[] };
    const asRoot = state.rootAccessKeyIds.includes(sb.rootCredentials.accessKeyId);
    const args = ['--yes', '--config', d.config, ...(asRoot ? [] : ['--profile', profile])];
    return { asRoot, args, env: asRoot ? rootEnv(d.env) : { ...d.env, AWS_REGION: sb.region, AWS_ENDPOINT_URL: proxy.endpoint } };
  }

  /** Where the last run (`what`) left the account short of the uninterrupted run's. */
  async function shortOf(baseline: Baseline, last: RunOutput, what: string, d: RunDir): Promise<string[]> {
    const problems: string[] = [];
    if (last.code !== baseline.exitCode) problems.push(`${what} exit ${last.code}, uninterrupted run exit ${baseline.exitCode}: ${lastLines(last, 3)}`);
    const now = await snapshotAccount(sb);
    problems.push(...diffSnapshots(baseline.snapshot, now), ...duplicates(now.cis));
    problems.push(...(await brokenInvariants(sb, keychain, entries, d.home).catch((e: unknown) => [`invariants: ${(e as Error).message}`])));
    return problems;
  }

  async function underFaults(options: FaultOptions, baseline: Baseline): Promise<FaultTrialResult> {
    const t0 = Date.now();
    const d = await freshRun();
    const faults = async (body?: FaultOptions) => {
      const res = await fetch(`${sb.endpoint}/sandbox/faults`, body === undefined ? { method: 'GET' } : { method: 'POST', body: JSON.stringify(body) });
      return (await res.json()) as FaultReport;
    };
    await faults(options);
    proxy.reset();
    const first = await spawnCli(['--yes', '--config', d.config], rootEnv(d.env)).done;
    const report = await faults();
    await faults({});
    let final = first;
    const reran = first.code !== baseline.exitCode;
    if (reran) {
      const again = await rerunAs(d);
      final = await spawnCli(again.args, again.env).done;
    }
    const problems = await shortOf(baseline, final, reran ? 're-run' : 'run', d);
    const firstTail = (first.stdout + first.stderr).trim().split('\n').slice(-4).join('\n');
    return {
      lost: report.lost,
      throttled: report.throttled,
      serverErrors: report.serverErrors,
      firstCode: first.code,
      reran,
      finalCode: final.code,
      converged: problems.length === 0,
      problems,
      firstTail,
      ms: Date.now() - t0,
    };
  }

  return {
    async baseline() {
      const t0 = Date.now();
      const d = await freshRun();
      proxy.reset();
      const out = await spawnCli(['--yes', '--config', d.config], rootEnv(d.env)).done;
      const operations = proxy.mutating();
      const changes = proxy.changes();
      const snapshot = await snapshotAccount(sb);
      const problems = [...(await brokenInvariants(sb, keychain, entries, d.home)), ...duplicates(snapshot.cis)];
      if (problems.length) throw new Error(`the uninterrupted run is not sound: ${problems.join('; ')}\n${out.stdout}\n${out.stderr}`);
      return { operations, changes, snapshot, exitCode: out.code, output: out.stdout + out.stderr, ms: Date.now() - t0 };
    },

    async trial(k, variant, baseline, opts = {}) {
      const t0 = Date.now();
      const d = await freshRun();
      const first = spawnCli(['--yes', '--config', d.config], rootEnv(d.env));
      proxy.reset({ k, variant, kill: () => killAndWait(first.child) });
      const firstOut = await first.done;
      const killedAt = proxy.killedAt();
      proxy.reset();
      const again = await rerunAs(d);
      const second = opts.rerun === false ? firstOut : await spawnCli(again.args, again.env).done;
      const problems: string[] = [];
      if (killedAt === undefined) problems.push(`the first run ended (exit ${firstOut.code}) before mutating request ${k}`);
      problems.push(...(await shortOf(baseline, second, 're-run', d)));
      return { k, variant, killedAt, rerunAs: again.asRoot ? 'root' : 'profile', rerunCode: second.code, converged: problems.length === 0, problems, ms: Date.now() - t0 };
    },

    async lostAnswer(k, as, baseline) {
      const r = await underFaults({ loseAnswer: { nth: k, as } }, baseline);
      if (r.lost === undefined) r.problems.unshift(`the run ended (exit ${r.firstCode}) before change ${k}`);
      return { ...r, k, variant: as, converged: r.problems.length === 0 };
    },

    underFaults,

    async stop() {
      for (const e of entries) await keychain.delete(e).catch(() => false);
      await proxy.stop();
      await sb.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
