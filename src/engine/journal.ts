/**
 * The journal: what this account's runs intended and reached, so a later run can resume.
 * `$XDG_STATE_HOME/aws-harden/<account-id>.json`, mode 0600, written atomically (temp file + rename),
 * schema-versioned. It never holds a secret: only answers (names, choices), statuses and resource ids.
 * AWS is the truth; the journal remembers intent.
 */
import { mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync, readFileSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExitCode, OperatorError } from '../errors.js';
import type { Answers, StepId } from '../steps/types.js';

export const JOURNAL_SCHEMA = 1;

export type JournalStepStatus = 'applying' | 'done' | 'skipped' | 'failed';

export interface JournalStep {
  status: JournalStepStatus;
  at: string;
  detail?: string;
}

export interface JournalData {
  schema: typeof JOURNAL_SCHEMA;
  account: string;
  createdAt: string;
  updatedAt: string;
  answers: Partial<Record<StepId, Answers>>;
  steps: Partial<Record<StepId, JournalStep>>;
  /**
   * Ids of what aws-harden created, by step; never secrets. No step records any today (they find what
   * they made by reading AWS); the field stays so the file keeps its schema.
   */
  resources: Partial<Record<StepId, Record<string, string>>>;
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'aws-harden');
}

export function journalPath(account: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), `${account}.json`);
}

/**
 * The journals of accounts whose root access keys an earlier run deleted, or was deleting when it
 * stopped (its answer may have been lost): when credentials are refused before the account is even
 * known, these say which admin profile to use instead. Unreadable files are passed over: this only
 * adds a hint.
 */
export function accountsAfterRootKeys(env: NodeJS.ProcessEnv = process.env): Array<{ account: string; answers: JournalData['answers'] }> {
  const dir = stateDir(env);
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /^\d{12}\.json$/.test(f));
  } catch {
    return [];
  }
  return names.flatMap((f) => {
    try {
      const data = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Partial<JournalData>;
      const status = data.steps?.['root-access-keys']?.status;
      return status === 'done' || status === 'applying' ? [{ account: f.slice(0, 12), answers: data.answers ?? {} }] : [];
    } catch {
      return [];
    }
  });
}

function journalError(path: string, what: string, remedy: string, cause?: unknown): OperatorError {
  return new OperatorError('journal', `The journal ${path} ${what}.`, remedy, ExitCode.Usage, { cause });
}

const MOVE_ASIDE = (path: string) => `Move it aside (mv "${path}" "${path}.bak") and run again: AWS is the source of truth, so only earlier answers are forgotten.`;

/** Parses and validates journal text; throws an OperatorError naming the file on anything off. */
export function parseJournal(text: string, path: string, account: string): JournalData {
  if (text.trim() === '') throw journalError(path, 'is empty', MOVE_ASIDE(path));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw journalError(path, 'is not valid JSON (perhaps truncated)', MOVE_ASIDE(path), e);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw journalError(path, 'is not a journal object', MOVE_ASIDE(path));
  const j = raw as Partial<JournalData> & { schema?: unknown };
  if (typeof j.schema !== 'number') throw journalError(path, 'has no schema version', MOVE_ASIDE(path));
  if (j.schema > JOURNAL_SCHEMA) {
    throw journalError(path, `was written by a newer aws-harden (schema ${j.schema}; this version reads ${JOURNAL_SCHEMA})`, 'Upgrade aws-harden, or move the file aside to start fresh.');
  }
  if (j.account !== account) throw journalError(path, `belongs to account ${String(j.account)}, not ${account}`, MOVE_ASIDE(path));
  if (typeof j.steps !== 'object' || typeof j.answers !== 'object') throw journalError(path, 'is missing its steps or answers', MOVE_ASIDE(path));
  return { ...(j as JournalData), resources: j.resources ?? {} };
}

export class Journal {
  private constructor(
    readonly path: string,
    private data: JournalData,
    /** False in dry-run: nothing is ever written. */
    private readonly writable: boolean,
    readonly existed: boolean,
  ) {}

  /** Opens the account's journal, or starts an empty one in memory (written on first save). */
  static open(account: string, opts: { env?: NodeJS.ProcessEnv; writable: boolean }): Journal {
    const path = journalPath(account, opts.env);
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        const remedy =
          code === 'EISDIR'
            ? `It is a directory, not a file: move it aside (mv "${path}" "${path}.bak") and run again.`
            : "Check the file's owner and permissions (it should be yours, mode 600), or move it aside, and run again.";
        throw journalError(path, `cannot be read (${code ?? 'error'})`, remedy, e);
      }
    }
    if (text !== undefined) return new Journal(path, parseJournal(text, path, account), opts.writable, true);
    const now = new Date().toISOString();
    return new Journal(path, { schema: JOURNAL_SCHEMA, account, createdAt: now, updatedAt: now, answers: {}, steps: {}, resources: {} }, opts.writable, false);
  }

  get snapshot(): Readonly<JournalData> {
    return this.data;
  }

  answers(step: StepId): Answers | undefined {
    return this.data.answers[step];
  }

  setAnswers(step: StepId, answers: Answers): void {
    this.data.answers[step] = { ...answers };
    this.save();
  }

  setStatus(step: StepId, status: JournalStepStatus, detail?: string): void {
    this.data.steps[step] = { status, at: new Date().toISOString(), ...(detail ? { detail } : {}) };
    this.save();
  }

  /**
   * Start over: forgets the answers and step statuses (AWS stays the truth and is checked again).
   * `resources` stays: what AWS holds exists whatever the operator chooses.
   */
  reset(): void {
    this.data.answers = {};
    this.data.steps = {};
    this.save();
  }

  /** Atomic write: a crash leaves either the old file or the new one, never half of one. */
  private save(): void {
    if (!this.writable) return;
    this.data.updatedAt = new Date().toISOString();
    const target = this.path;
    const dir = dirname(target);
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(this.data, null, 2)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      chmodSync(tmp, 0o600);
      renameSync(tmp, target);
    } catch (e) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Best effort: the error that matters is the one below.
      }
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new OperatorError('journal', `Cannot write the journal ${target} (${code}).`, `Make ${dir} writable (or set XDG_STATE_HOME to a writable directory) and run again.`, ExitCode.Usage, {
        cause: e,
      });
    }
  }
}
