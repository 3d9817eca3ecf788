/**
 * Writes one profile into the shared AWS config file (~/.aws/config, or AWS_CONFIG_FILE), keeping every
 * other line of the file as it was. The write is atomic (temp file in the same directory + rename), so
 * an interrupted run leaves the old file or the new one, never half of one.
 */
import { accessSync, chmodSync, closeSync, constants, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExitCode, OperatorError } from '../errors.js';
import { configFilePath } from './profiles.js';

export { configFilePath };

/** AWS CLI profile names we write: letters, digits and `_.@+-`, up to 64. */
export function validateProfileName(value: string): string | undefined {
  if (value === '') return 'Enter a profile name.';
  if (value === 'default') return 'aws-harden does not overwrite the default profile; choose a name.';
  if (/\s/.test(value)) return 'A profile name cannot contain spaces.';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$/.test(value)) return 'Use up to 64 letters, digits and _ . @ + - (starting with a letter or digit).';
  return undefined;
}

function sectionName(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

interface Section {
  start: number;
  /** Index of the first line after the section. */
  end: number;
}

function findSection(lines: string[], profile: string, credentialsFile = false): Section | undefined {
  // ~/.aws/credentials names sections by the bare profile name, ~/.aws/config as "profile NAME".
  const wanted = credentialsFile ? profile : sectionName(profile);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(lines[i] ?? '');
    if (m?.[1]?.replace(/\s+/g, ' ') !== wanted) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*\[/.test(lines[end] ?? '')) end++;
    return { start: i, end };
  }
  return undefined;
}

/**
 * A profile's settings as written in the file, or undefined when the file or the profile is absent.
 * `credentialsFile`: the file is ~/.aws/credentials (sections are bare profile names).
 */
export function readProfile(path: string, profile: string, credentialsFile = false): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/);
  const s = findSection(lines, profile, credentialsFile);
  if (!s) return undefined;
  const out: Record<string, string> = {};
  for (const line of lines.slice(s.start + 1, s.end)) {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** The file's text with `profile` set to exactly `settings` (its section replaced, or appended). */
export function withProfile(text: string, profile: string, settings: Record<string, string>): string {
  const body = [`[${sectionName(profile)}]`, ...Object.entries(settings).map(([k, v]) => `${k} = ${v}`)];
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const s = findSection(lines, profile);
  if (s) {
    // Keep blank lines that separated this section from the next one.
    let end = s.end;
    while (end > s.start + 1 && (lines[end - 1] ?? '').trim() === '') end--;
    lines.splice(s.start, end - s.start, ...body);
  } else {
    if (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() !== '') lines.push('');
    lines.push(...body);
  }
  return `${lines.join('\n')}\n`;
}

function configError(path: string, what: string, e: unknown): OperatorError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  return new OperatorError('usage', `Cannot write the AWS config file ${path} (${what}: ${code}).`,
    `Make ${path} and its directory writable by you (or set AWS_CONFIG_FILE to a writable file), then run again; the run resumes here.`,
    ExitCode.StepFailed, { cause: e });
}

/** Throws the operator error a write would hit, without writing: checked before a key is created. */
export function assertConfigWritable(path: string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw configError(path, `directory ${dir} is not writable`, e);
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw configError(path, 'the file is not writable', e);
  }
}

/** Sets one profile in the config file atomically; everything else in the file is kept. */
export function writeProfile(path: string, profile: string, settings: Record<string, string>): void {
  assertConfigWritable(path);
  let text = '';
  let mode = 0o600;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw configError(path, 'cannot read it', e);
  }
  const tmp = `${path}.aws-harden-${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', mode);
    try {
      writeSync(fd, withProfile(text, profile, settings));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw configError(path, 'write failed', e);
  }
}

/** Quotes one word for `credential_process`, which the AWS CLI splits like a POSIX shell (shlex) and the SDKs run in a shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_/.,:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
