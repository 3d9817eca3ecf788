/**
 * Runs a command on the session (session.ts): audit, plan, the headless run, or the Ink wizard. All
 * operator-facing failures end here as a message, a remedy and a documented exit code.
 */
import type { CliOptions } from './args.js';
import { loadConfig, type Presets } from './config.js';
import { runChecks, auditExitCode } from './engine/audit.js';
import { Journal } from './engine/journal.js';
import { AccountLock, takeoverNotice } from './engine/lock.js';
import { resumeInfo, Runner, type RunResult } from './engine/runner.js';
import { formatWhen } from './engine/when.js';
import { formatPlan, planOf } from './engine/plan.js';
import { initialState, reduce, type AuditCheck, type RunHeader } from './engine/state.js';
import { ExitCode, OperatorError, describeError } from './errors.js';
import { HeadlessHost } from './headless.js';
import { STEPS } from './steps/index.js';
import type { Answers, StepId } from './steps/types.js';
import { resumeHint, windDown, writeQuietly } from './stop.js';
import { STOP_SIGNALS, signalExitCode } from './signals.js';
import { openSession, type Cleanup, type Session } from './session.js';

const write = (line: string) => process.stdout.write(`${line}\n`);

function header(s: Session, journal: Journal): RunHeader {
  return {
    account: s.identity.account,
    arn: s.identity.arn,
    isRoot: s.identity.isRoot,
    region: s.aws.region,
    regionSource: s.regionSource,
    credentials: { label: s.credentials.label, meaning: s.credentials.meaning },
    dryRun: s.aws.dryRun,
    sandbox: s.sandbox !== false,
    journalPath: journal.path,
  };
}

const MARK: Record<AuditCheck['status'], string> = { pass: '✓', fail: '✗', unknown: '?' };

async function audit(s: Session, json: boolean): Promise<number> {
  const checks = await runChecks(s.ctx, STEPS);
  if (json) {
    write(JSON.stringify({ account: s.identity.account, caller: s.identity.arn, checks: checks.map(({ id, status, detail }) => ({ id, status, detail })) }, null, 2));
  } else {
    write(`aws-harden audit · account ${s.identity.account} · ${s.identity.arn} · ${s.aws.region}`);
    for (const c of checks) write(`  ${MARK[c.status]} ${c.id.padEnd(18)} ${c.detail}`);
    const failing = checks.filter((c) => c.status !== 'pass').length;
    write(failing === 0 ? `All ${checks.length} checks pass.` : `${failing} of ${checks.length} checks do not pass.`);
  }
  return auditExitCode(checks);
}

/**
 * Until the wizard's screen (which restores the terminal first) or the headless run take over the
 * signals, a signal ends the run at once: nothing is drawn yet, the journal is written atomically, and
 * the lock goes with the process ('exit' listener). Returns the function that takes the listeners off.
 */
function earlySignals(sandbox: Session['sandbox']): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    writeQuietly(`\naws-harden: interrupted (${signal}). ${resumeHint(sandbox)}\n`);
    process.exit(signalExitCode(signal));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
}

export function exitCodeOf(result: RunResult | 'interrupted'): number {
  if (result === 'interrupted') return ExitCode.Interrupted;
  if ('stopped' in result) return result.stopped === 'failed' ? ExitCode.StepFailed : ExitCode.NotHardened;
  return result.outcome === 'incomplete' ? ExitCode.NotHardened : ExitCode.Ok;
}

async function headless(s: Session, journal: Journal, presets: Presets): Promise<number> {
  const h = header(s, journal);
  write(`aws-harden · account ${h.account} · ${h.isRoot ? 'root' : h.arn} · ${h.region}${h.dryRun ? ' · DRY-RUN (nothing will be changed)' : ''}`);
  write(`region ${h.region} (from ${s.regionSource})`);
  write(`signed in with: ${s.credentials.label}: ${s.credentials.meaning}`);
  // Nobody to ask: --yes always resumes, and says from when.
  const resume = resumeInfo(journal, STEPS);
  if (resume) write(`resuming: journal from ${formatWhen(resume.lastRun)}`);
  const host = new HeadlessHost(write, initialState(h, STEPS).steps);
  // A signal stops the run between calls: the calls AWS is answering are answered and recorded, no new
  // one starts, and the cleanups (lock, sandbox) run. A second signal ends it at once.
  let received: NodeJS.Signals | undefined;
  let wake = (): void => undefined;
  const signalled = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(signalExitCode(signal));
    received = signal;
    writeQuietly(`\naws-harden: interrupted (${signal}).\n`);
    wake();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    const running = new Runner(s.ctx, STEPS, journal, host, { dryRun: s.aws.dryRun, presets, headless: true }).run();
    let result: RunResult | undefined;
    try {
      result = await Promise.race([running, signalled.then(() => undefined)]);
    } catch (e) {
      if (!received) throw e; // after a signal, the runner's end (e.g. a check that was not sent) is expected
    }
    if (received) {
      await windDown(s.aws, running);
      writeQuietly(`aws-harden: stopped. ${resumeHint(s.sandbox)}\n`);
      return signalExitCode(received);
    }
    return exitCodeOf(result!);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

/** `aws-harden plan`: the headless dry run, printed as a plan (src/plan.ts). */
async function plan(s: Session, journal: Journal, presets: Presets, json: boolean): Promise<number> {
  const { collectPlan, renderPlan } = await import('./plan.js');
  const h = header(s, journal);
  const run = await collectPlan(s.ctx, STEPS, journal, presets, h);
  write(renderPlan(run, h, json));
  return 'stopped' in run.result && run.result.stopped === 'failed' ? ExitCode.StepFailed : ExitCode.Ok;
}

type UiModule = typeof import('./ui/run.js');

/**
 * Starts loading Ink and the screens (about a second of WebAssembly compilation for its layout engine)
 * while the sandbox and the preflight calls run, rather than after them.
 */
function preloadUi(): Promise<UiModule> {
  // Ink draws only the last frame when it believes it runs in CI (is-in-ci reads CI when Ink is
  // imported). The wizard runs only on a real terminal, where every frame must show, so an inherited
  // CI variable must not blank the screen.
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in process.env) process.env[name] = 'false';
  const ui = import('./ui/run.js');
  ui.catch(() => undefined); // awaited (and reported) later; never an unhandled rejection meanwhile
  return ui;
}

async function interactive(s: Session, journal: Journal, presets: Presets, ui: Promise<UiModule>, early: () => void): Promise<number> {
  const { runInteractive, summaryText } = await ui;
  const initial = initialState(header(s, journal), STEPS);
  // The same state the screens show, kept here too, for the full plan printed after a dry run.
  let final = initial;
  let runner: Promise<RunResult> | undefined;
  const running = runInteractive(initial, (host) =>
    (runner = new Runner(s.ctx, STEPS, journal, {
      prompt: (p) => host.prompt(p),
      dispatch: (e) => {
        final = reduce(final, e);
        host.dispatch(e);
      },
    }, { dryRun: s.aws.dryRun, presets }).run()),
  );
  // runInteractive has put its own signal listeners on before it first yields; these can go now
  // (not earlier: with no listener at all, a signal would kill the process outright).
  early();
  const result = await running;
  // Interrupted: the screen is gone; let the calls in flight be answered and recorded before the
  // cleanups stop the sandbox and the AWS clients.
  if (result === 'interrupted' || 'signal' in result) await windDown(s.aws, runner);
  if (result === 'interrupted') process.stderr.write(`aws-harden: interrupted. ${resumeHint(s.sandbox)}\n`);
  else if ('signal' in result) {
    writeQuietly(`aws-harden: interrupted (${result.signal}). ${resumeHint(s.sandbox)}\n`);
    return signalExitCode(result.signal);
  } else if ('stopped' in result) process.stderr.write(`aws-harden: stopped. ${resumeHint(s.sandbox)}\n`);
  else if (result.outcome !== 'previewed') {
    // Below the final frame, as plain text the terminal keeps: the summary, with the profile to use and
    // the sign-in URL in full. It holds no secret (notes never do).
    write(['', 'Summary (kept here once the wizard is gone):', summaryText(final, process.stdout.columns ?? 80)].join('\n'));
  } else {
    // Below the final frame, as plain text the terminal keeps: every call with its parameters and policies.
    const needsHuman = new Set<string>(STEPS.filter((st) => st.needsHuman).map((st) => st.id));
    write(['', 'The full plan (nothing was changed):', ...formatPlan(planOf(final.steps, needsHuman))].join('\n'));
  }
  return exitCodeOf(result);
}

export function printError(e: unknown): number {
  const { message, remedy, bug } = describeError(e);
  process.stderr.write(`aws-harden: ${message}\n${remedy ? `  → ${remedy}\n` : ''}`);
  if (bug && e instanceof Error && process.env.AWS_HARDEN_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
  return bug ? ExitCode.Bug : e instanceof OperatorError ? e.exitCode : ExitCode.Bug;
}

/**
 * How steps read each other's answers (the admin user's name for its access key, the key alias for the
 * trail): --config first, then the journal, field by field.
 */
function answersOf(presets: Presets, journal: Journal | undefined): (id: StepId) => Answers | undefined {
  return (id) => {
    const merged = { ...journal?.answers(id), ...presets[id] };
    return Object.keys(merged).length ? merged : undefined;
  };
}

export async function runCommand(opts: CliOptions): Promise<number> {
  const cleanups: Cleanup[] = [];
  try {
    if (opts.command === 'wizard' && !opts.yes && !(process.stdin.isTTY && process.stdout.isTTY)) {
      throw new OperatorError('not-a-tty', 'The wizard needs an interactive terminal, and this is not one.',
        'Run it in a terminal, or use --yes for a non-interactive run with defaults, or `aws-harden audit` to only check.', ExitCode.Usage);
    }
    if (opts.debug && opts.command === 'wizard' && !opts.yes && process.stderr.isTTY) {
      throw new OperatorError('usage', '--debug writes to stderr, which is the terminal the wizard draws on: its lines would tear the screen.',
        'Send them to a file: aws-harden --debug 2>aws-harden-debug.log (or use --debug with --yes, audit or plan).', ExitCode.Usage);
    }
    // A dumb terminal (Emacs shell, some IDE consoles) prints cursor movement as garbage: refused before
    // anything is drawn. The --yes run prints plain lines, so it stays available there.
    if (opts.command === 'wizard' && !opts.yes && process.env.TERM === 'dumb') {
      throw new OperatorError('not-a-tty', 'The wizard draws a full-screen frame, and this terminal (TERM=dumb) cannot show one.',
        'Use --yes for a non-interactive run with defaults (plain lines, one per step), `aws-harden audit` to only check, or `aws-harden plan` to see every call; or run the wizard in a terminal emulator.', ExitCode.Usage);
    }
    const presets = opts.config ? loadConfig(opts.config, STEPS) : {};
    const ui = opts.command === 'wizard' && !opts.yes ? preloadUi() : undefined;
    const session = await openSession(opts, cleanups);
    if (opts.command === 'keys') return await (await import('./commands/keys/index.js')).runKeys(session, opts);
    if (opts.command === 'audit') {
      // Audit checks the names the operator chose: --config first, then a readable journal.
      let journal: Journal | undefined;
      try {
        journal = Journal.open(session.identity.account, { env: session.env, writable: false });
      } catch {
        journal = undefined; // a damaged journal is reported by the wizard; audit still checks the defaults
      }
      session.ctx.answersOf = answersOf(presets, journal);
      return await audit(session, opts.json);
    }
    // Listening before the lock exists: a signal that finds no listener kills at once, lock left behind.
    const early = opts.command === 'wizard' ? earlySignals(session.sandbox) : () => undefined;
    cleanups.push(early);
    // One run per account at a time. Dry-run writes nothing, so it needs no lock.
    if (opts.command === 'wizard' && !opts.dryRun) {
      const lock = AccountLock.acquire(session.identity.account, { env: session.env });
      cleanups.push(() => lock.release());
      const notice = takeoverNotice(lock);
      if (notice) process.stderr.write(`aws-harden: ${notice}\n`);
    }
    const journal = Journal.open(session.identity.account, { env: session.env, writable: !opts.dryRun });
    session.ctx.answersOf = answersOf(presets, journal);
    if (opts.command === 'plan') return await plan(session, journal, presets, opts.json);
    if (ui) return await interactive(session, journal, presets, ui, early);
    // headless() puts its own signal listeners on before it first yields; then these can go.
    const running = headless(session, journal, presets);
    early();
    return await running;
  } catch (e) {
    return printError(e);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}
