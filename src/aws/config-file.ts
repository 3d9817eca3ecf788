/**
 * Writes one profile into the shared AWS config file (~/.aws/config, or AWS_CONFIG_FILE), keeping every
 * other line of the file as it was. The write is atomic (temp file in the same directory + rename), so
 * an interrupted run leaves the old file or the new one, never half of one. A symbolic link (dotfiles
 * kept in a repository) stays a link: the file it points to is the one rewritten.
 */
import { chmodSync, closeSync, constants, existsSync, fsyncSync, lstatSync, mkdirSync, readlinkSync, realpathSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/**
 * The profile the AWS CLI and SDKs use (the one named, else AWS_PROFILE, else "default") and its
 * settings in the config file (none when it has no section there).
 */
export function profileInForce(env: NodeJS.ProcessEnv, profile: string | undefined): { name: string; settings: Record<string, string> } {
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  return { name, settings: readProfile(configFilePath(env), name) ?? {} };
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
  return new OperatorError(
    'usage',
    `Cannot write the AWS config file ${path} (${what}: ${code}).`,
    `Make ${path} and its directory writable by you (or set AWS_CONFIG_FILE to a writable file), then run again; the run resumes here.`,
    ExitCode.StepFailed,
    { cause: e },
  );
}

/** The operator error for a config file that cannot be written: the exact problem, and a command that fixes it. */
function unwritable(path: string, problem: string, remedy: string, cause?: unknown): OperatorError {
  return new OperatorError(
    'usage',
    `Cannot write the AWS config file ${path}: ${problem}.`,
    `${remedy}${remedy.includes('AWS_CONFIG_FILE') ? '' : ' (or set AWS_CONFIG_FILE to a file you can write)'}, then run again; the run resumes here.`,
    ExitCode.StepFailed,
    cause === undefined ? {} : { cause },
  );
}

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

/** " (it belongs to uid N, not to you)" and a chown when another user owns `path` (the usual cause: `sudo aws configure`), else a chmod. */
function ownerNote(path: string): { note: string; fix: string } {
  const uid = process.getuid?.();
  try {
    const owner = statSync(path).uid;
    if (uid !== undefined && owner !== uid) return { note: ` (it belongs to uid ${owner}, not to you)`, fix: `sudo chown "$(id -u):$(id -g)" ${shellQuote(path)}` };
  } catch {
    // gone meanwhile: no owner to name
  }
  return { note: '', fix: `chmod u+rwx ${shellQuote(path)}` };
}

/** The nearest ancestor of `path` that exists (for "… is a file, not a directory"). */
function existingAncestor(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** Why the directory cannot take the file: a part of its path is a file, it is not writable, or read-only. */
function checkDirectory(path: string, dir: string, shown: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    const ancestor = existingAncestor(dir);
    if (errno(e) === 'ENOTDIR' || (existsSync(ancestor) && !statSync(ancestor).isDirectory())) {
      throw unwritable(shown, `${ancestor} is a file, not a directory, so ${dir} cannot be made`, `Move ${ancestor} aside (mv ${shellQuote(ancestor)} ${shellQuote(`${ancestor}.bak`)})`, e);
    }
    const { note, fix } = ownerNote(ancestor);
    throw unwritable(shown, `the directory ${dir} cannot be made in ${ancestor}${note} (${errno(e)})`, `Fix it with: ${fix}`, e);
  }
  if (!statSync(dir).isDirectory()) {
    throw unwritable(shown, `${dir} is a file, not a directory`, `Move ${dir} aside (mv ${shellQuote(dir)} ${shellQuote(`${dir}.bak`)})`);
  }
  // The write is a temp file in this directory, renamed over the file: try exactly that (root ignores
  // permission bits, not a read-only file system or an immutable directory).
  const probe = `${tempPath(path)}.probe`;
  try {
    closeSync(openSync(probe, 'w', 0o600));
    rmSync(probe, { force: true });
  } catch (e) {
    if (errno(e) === 'EROFS') throw unwritable(shown, `the directory ${dir} is on a read-only file system (EROFS)`, 'Point AWS_CONFIG_FILE at a file on a writable file system');
    const { note, fix } = ownerNote(dir);
    throw unwritable(shown, `the directory ${dir} is not writable by you${note} (${errno(e)})`, `Fix it with: ${fix}`, e);
  }
}

/** Why the file itself cannot be read and rewritten: a directory, not a regular file, or read-only. */
function checkFile(path: string, shown: string): void {
  let kind: 'missing' | 'directory' | 'file' | 'other';
  try {
    const st = statSync(path);
    kind = st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
  } catch (e) {
    // ENOTDIR: a part of the path is a file; the directory check names it.
    if (errno(e) !== 'ENOENT' && errno(e) !== 'ENOTDIR') throw unwritable(shown, `it cannot be examined (${errno(e)})`, `Check ${path} and its directories`, e);
    kind = 'missing';
  }
  const aside = `mv ${shellQuote(path)} ${shellQuote(`${path}.bak`)}`;
  if (kind === 'directory') throw unwritable(shown, 'it is a directory, not a file', `Move it aside (${aside})`);
  if (kind === 'other') throw unwritable(shown, 'it is not a regular file (a device, socket or pipe)', `Move it aside (${aside})`);
  if (kind === 'missing') return;
  // Opened for reading and writing, changing nothing: what the rewrite needs (its text, and the right to replace it).
  try {
    closeSync(openSync(path, constants.O_RDWR));
  } catch (e) {
    const code = errno(e);
    if (code === 'EROFS') throw unwritable(shown, 'it is on a read-only file system (EROFS)', 'Point AWS_CONFIG_FILE at a file on a writable file system', e);
    if (code === 'EPERM') throw unwritable(shown, 'it is marked immutable (EPERM)', `Remove the mark with: sudo chattr -i ${shellQuote(path)}`, e);
    const { note } = ownerNote(path);
    const fix = note === '' ? `chmod u+rw ${shellQuote(path)}` : `sudo chown "$(id -u):$(id -g)" ${shellQuote(path)}`;
    const mode = (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
    throw unwritable(shown, `you cannot read and write it${note} (mode ${mode}, ${code})`, `Fix it with: ${fix}`, e);
  }
}

function tempPath(path: string): string {
  return `${path}.aws-harden-${process.pid}.tmp`;
}

/**
 * Throws the operator error a write would hit, naming the exact problem, without changing the file:
 * checked before an access key is created, so a file that cannot take the profile never leaves a key
 * behind. It may create the (empty) directory, as the write would.
 */
export function assertConfigWritable(path: string): void {
  const file = linkTarget(path);
  const shown = file === path ? path : `${path} (a link to ${file})`;
  checkFile(file, shown);
  checkDirectory(file, dirname(file), shown);
}

/**
 * The file a write must replace: `path` itself, or, when it is a symbolic link (dotfiles kept in a
 * repository), the file it points to, so that the link stays a link.
 */
function linkTarget(path: string): string {
  try {
    if (!lstatSync(path).isSymbolicLink()) return path;
  } catch {
    return path;
  }
  try {
    return realpathSync(path);
  } catch {
    // A link to a file not made yet: where it points.
    return resolve(dirname(path), readlinkSync(path));
  }
}

/** Sets one profile in the config file atomically; everything else in the file is kept. */
export function writeProfile(link: string, profile: string, settings: Record<string, string>): void {
  rewrite(link, (text) => withProfile(text, profile, settings));
}

/** The file's text without `profile`'s section (and the blank lines that ended it); unchanged when absent. */
export function withoutProfile(text: string, profile: string): string {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const s = findSection(lines, profile);
  if (!s) return text;
  lines.splice(s.start, s.end - s.start);
  // No blank line left dangling where the section was the file's last.
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Removes one profile from the config file atomically; everything else is kept. False when it was not there. */
export function removeProfile(link: string, profile: string): boolean {
  if (readProfile(link, profile) === undefined) return false;
  rewrite(link, (text) => withoutProfile(text, profile));
  return true;
}

/** Rewrites the file atomically (temp file + rename), keeping its mode; a link stays a link. */
function rewrite(link: string, edit: (text: string) => string): void {
  assertConfigWritable(link);
  const path = linkTarget(link);
  let text = '';
  let mode = 0o600;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw configError(path, 'cannot read it', e);
  }
  const tmp = tempPath(path);
  try {
    const fd = openSync(tmp, 'w', mode);
    try {
      writeSync(fd, edit(text));
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
