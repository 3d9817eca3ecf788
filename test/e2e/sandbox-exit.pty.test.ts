/**
 * Stopping a sandbox run in the middle of a step (issue 10, defect 10): the call AWS is answering gets
 * its answer before the emulator goes, the sandbox's temp folder goes with it, and the exit message
 * names the command the operator actually has. Every request waits 1.2 s (the sandbox's latency fault),
 * so the interrupt lands while a call is in flight.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cleanEnv } from '../helpers/cli.js';
import { KEY, runInPty, toGroupQuestion } from '../helpers/pty.js';
import { resumeHint, sandboxCommand } from '../../src/stop.js';
import { accessKeyEntry, openKeychain, parseAccessKey } from '../../src/keychain/index.js';
import { runCli } from '../helpers/cli.js';

const SLOW = JSON.stringify({ latencyMs: 1200 });

/** A private TMPDIR: the sandbox's temp folder is made there, so what is left behind can be counted. */
function privateTmp(): string {
  return mkdtempSync(join(tmpdir(), 'aws-harden-exit-'));
}

const leftBehind = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('aws-harden-sandbox-'));

describe('how a sandbox run names the command that starts a new one', () => {
  it('names the launcher that started it: demo.sh, node dist/cli.js, or aws-harden', () => {
    expect(sandboxCommand(undefined, { AWS_HARDEN_LAUNCHER: 'bash scripts/demo.sh' }, '/x/dist/cli.js')).toBe('bash scripts/demo.sh');
    expect(sandboxCommand('org-member', { AWS_HARDEN_LAUNCHER: 'bash scripts/demo.sh' }, '/x/dist/cli.js')).toBe('bash scripts/demo.sh --sandbox=org-member');
    expect(sandboxCommand(undefined, {}, '/home/op/aws-harden/dist/cli.js')).toBe('node dist/cli.js --sandbox');
    expect(sandboxCommand('aws-cn', {}, '/usr/local/bin/aws-harden')).toBe('aws-harden --sandbox=aws-cn');
    expect(resumeHint(false)).toMatch(/run the same command again/);
  });
});

describe('interrupting a sandbox run in the middle of a step', () => {
  it('--yes: SIGINT waits for the call in flight, removes the temp folder, and exits 130', async () => {
    const tmp = privateTmp();
    const env = cleanEnv({ TMPDIR: tmp, AWS_HARDEN_SANDBOX_FAULTS: SLOW });
    const child = spawn(process.execPath, [CLI, '--sandbox', '--yes'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The first step's line: the run is under way, its calls each taking 1.2 s.
    const deadline = Date.now() + 60_000;
    while (!/admin-group/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stdout).toMatch(/admin-group/);
    expect(leftBehind(tmp)).toHaveLength(1);
    child.kill('SIGINT');
    const code = await closed;
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted (SIGINT)');
    expect(stderr).toMatch(/waiting for AWS to answer (iam|sts|kms|s3):\w+/);
    expect(stderr).toContain('run `node dist/cli.js --sandbox` to start a new one');
    expect(`${stdout}\n${stderr}`).not.toMatch(/ECONNREFUSED|could not reach|failed/i);
    expect(leftBehind(tmp)).toEqual([]);
  });

  it('the wizard: Ctrl-C while a step applies leaves nothing behind and names bash scripts/demo.sh', async () => {
    const tmp = privateTmp();
    const t = runInPty(['--sandbox'], cleanEnv({ TMPDIR: tmp, AWS_HARDEN_SANDBOX_FAULTS: SLOW, AWS_HARDEN_LAUNCHER: 'bash scripts/demo.sh' }), { cols: 100, rows: 30 });
    await toGroupQuestion(t);
    t.write(KEY.enter); // the default group name
    await t.waitFor((s) => /enter apply/.test(s), 'the admin group confirmation', 30_000);
    t.write(KEY.enter);
    await t.waitFor((s) => /Applying|applying/.test(s), 'the step applying', 30_000);
    t.write(KEY.ctrlC);
    expect((await t.exited).exitCode).toBe(130);
    const raw = t.raw();
    expect(raw).toMatch(/waiting for AWS to answer iam:\w+/);
    expect(raw).toContain('run `bash scripts/demo.sh` to start a new one');
    expect(raw).not.toMatch(/ECONNREFUSED/);
    expect(leftBehind(tmp)).toEqual([]);
  }, 120_000);
});

describe("a sandbox run and the operator's keychain", () => {
  it('never touches entries of another account, and removes its own on exit', async () => {
    const keychain = openKeychain();
    // What a non-sandbox run against an emulator with moto's default account id would have written.
    const theirs = accessKeyEntry('123456789012', 'admin');
    const secret = JSON.stringify({ AccessKeyId: 'AKIAOTHERRUN000000001', SecretAccessKey: 'x'.repeat(40) });
    await keychain.set(theirs, secret);
    try {
      const r = await runCli(['--sandbox', '--yes'], cleanEnv(), 120_000);
      const account = /account (\d{12})/.exec(r.stdout)?.[1];
      expect(account).toMatch(/^\d{12}$/);
      expect(account).not.toBe('123456789012');
      // The run stored its admin key (the access-key step ran) …
      expect(r.stdout).toMatch(/access-key.*(done|✓)/);
      // … and took it away with the account; the other run's entry is as it was.
      expect(parseAccessKey(await keychain.get(accessKeyEntry(account!, 'admin')))).toBeUndefined();
      expect(await keychain.get(theirs)).toBe(secret);
    } finally {
      await keychain.delete(theirs);
    }
  }, 150_000);
});
