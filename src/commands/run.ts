/**
 * What the commands share once the session is open: the header every screen and first line shows, how
 * steps read the operator's answers, the journal and lock of a run, and a run's exit code.
 */
import type { CliOptions } from '../args.js';
import type { Presets } from '../config.js';
import { Journal } from '../engine/journal.js';
import { AccountLock, takeoverNotice } from '../engine/lock.js';
import type { RunResult } from '../engine/runner.js';
import type { RunHeader } from '../engine/state.js';
import { ExitCode } from '../errors.js';
import type { Cleanup, Session } from '../session.js';
import type { Answers, StepId } from '../steps/types.js';

export const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function runHeader(s: Session, journal: Journal): RunHeader {
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

/**
 * How steps read each other's answers (the admin user's name for its access key, the key alias for the
 * trail): --config first, then the journal, field by field.
 */
export function answersOf(presets: Presets, journal: Journal | undefined): (id: StepId) => Answers | undefined {
  return (id) => {
    const merged = { ...journal?.answers(id), ...presets[id] };
    return Object.keys(merged).length ? merged : undefined;
  };
}

/**
 * The journal of a run (the wizard, --yes or plan), its answers given to the steps. One run per account
 * at a time: a run that changes the account takes the account's lock first (dry runs write nothing).
 */
export function openJournal(s: Session, opts: Pick<CliOptions, 'command' | 'dryRun'>, presets: Presets, cleanups: Cleanup[]): Journal {
  if (opts.command === 'wizard' && !opts.dryRun) {
    const lock = AccountLock.acquire(s.identity.account, { env: s.env });
    cleanups.push(() => lock.release());
    const notice = takeoverNotice(lock);
    if (notice) process.stderr.write(`aws-harden: ${notice}\n`);
  }
  const journal = Journal.open(s.identity.account, { env: s.env, writable: !opts.dryRun });
  s.ctx.answersOf = answersOf(presets, journal);
  return journal;
}

/** The exit code of a run that ended without a signal (a signal's is `signalExitCode`). */
export function exitCodeOf(result: RunResult | 'interrupted'): number {
  if (result === 'interrupted') return ExitCode.Interrupted;
  if ('stopped' in result) return result.stopped === 'failed' ? ExitCode.StepFailed : ExitCode.NotHardened;
  return result.outcome === 'incomplete' ? ExitCode.NotHardened : ExitCode.Ok;
}
