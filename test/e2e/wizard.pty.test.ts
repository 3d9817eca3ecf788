import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv } from '../helpers/cli.js';
import { isMutatingRecorded, recordedRequests, resetEmulator, startEmulator, type Emulator } from '../helpers/emulator.js';
import { KEY, runInPty, walkToEnd } from '../helpers/pty.js';

let em: Emulator;
beforeAll(async () => {
  em = await startEmulator();
});
afterAll(async () => {
  await em?.stop();
});
beforeEach(async () => {
  await resetEmulator(em);
});

function rootEnv() {
  return cleanEnv({
    AWS_ACCESS_KEY_ID: em.rootCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: em.rootCredentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: em.endpoint,
  });
}

const SHOW_CURSOR = '\u001b[?25h';

describe('the wizard in a real terminal', () => {
  it('walks the sandbox account from preflight to a verified password policy', async () => {
    const t = runInPty(['--sandbox'], cleanEnv());
    const start = await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
    expect(start).toMatch(/aws-harden · account 123456789012 · root · us-east-1/);
    expect(start).toMatch(/SANDBOX/);
    expect(start).toMatch(/Security status/);
    expect(start).toMatch(/✗ Password policy/);
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('Expire passwords'), 'the expiry question');
    t.write(KEY.enter);
    const confirm = await t.waitFor((s) => s.includes('Will call'), 'the plan');
    expect(confirm).toMatch(/iam:UpdateAccountPasswordPolicy/);
    expect(confirm).toMatch(/minimum length\s+— \(no policy\)\s+→ 14/);
    t.write(KEY.enter);
    await t.waitFor((s) => /✓ Password policy/.test(s), 'the password policy to be verified');
    const done = await walkToEnd(t, /All steps done and verified/, [[/E-mail address for the alerts/, 'ops@example.com']]);
    expect(done).toMatch(/Password policy/);
    expect(done).not.toMatch(/✗|failed/);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect(t.raw()).toContain(SHOW_CURSOR);
  });

  it('previews in dry-run and changes nothing', async () => {
    const env = rootEnv();
    const t = runInPty(['--dry-run'], env);
    const start = await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
    expect(start).toMatch(/DRY-RUN/);
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('Expire passwords'), 'the expiry question');
    t.write(KEY.enter);
    const plan = await t.waitFor((s) => s.includes('Would call'), 'the plan');
    expect(plan).toMatch(/iam:UpdateAccountPasswordPolicy/);
    t.write(KEY.enter);
    await walkToEnd(t, /Dry run complete: nothing was changed/, [[/E-mail address for the alerts/, 'ops@example.com']]);
    expect(await t.exited).toMatchObject({ exitCode: 0 });
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
    expect(existsSync(join(env.XDG_STATE_HOME!, 'aws-harden'))).toBe(false);
  });

  it('Ctrl-C at a question restores the terminal, keeps the journal, and says how to continue', async () => {
    const env = rootEnv();
    const t = runInPty([], env);
    await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('Expire passwords'), 'the expiry question');
    t.write('9');
    t.write(KEY.ctrlC);
    expect(await t.exited).toMatchObject({ exitCode: 130 });
    expect(t.screen()).toMatch(/interrupted\. Progress is saved: run the same command again to continue/);
    expect(t.raw().lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(t.raw().lastIndexOf('\u001b[?25l'));
    const journal = join(env.XDG_STATE_HOME!, 'aws-harden', `${em.accountId}.json`);
    if (existsSync(journal)) expect(() => JSON.parse(readFileSync(journal, 'utf8'))).not.toThrow();
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('says so when the terminal is too small, and carries on when it grows', async () => {
    const t = runInPty([], rootEnv(), { cols: 40, rows: 20 });
    await t.waitFor((s) => /needs a terminal at least 50×16/.test(s.replace(/\n/g, ' ')), 'the too-small message');
    t.resize(100, 30);
    await t.waitFor((s) => s.includes('Press enter to begin'), 'the preflight screen after resizing');
    t.write('q');
    expect(await t.exited).toMatchObject({ exitCode: 1 });
  });
});
