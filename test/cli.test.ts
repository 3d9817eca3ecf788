import { writeFileSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, rootEnv, runCli } from './helpers/cli.js';
import { describeRecorded, isMutatingRecorded, recordedRequests, startAuthorizingSandbox, useEmulator } from './helpers/emulator.js';
import type { Sandbox } from '../src/sandbox/index.js';
import { CIS_CONTROLS } from '../src/audit/cis.js';
import { STEPS } from '../src/steps/index.js';

const em = useEmulator({ accountId: '210000000001' });

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

describe('aws-harden CLI', () => {
  it('prints its version and help without touching AWS', async () => {
    const v = await runCli(['--version']);
    expect(v).toMatchObject({ code: 0 });
    expect(v.stdout).toMatch(/^aws-harden \d+\.\d+\.\d+\n$/);
    const h = await runCli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--endpoint-url URL');
    expect(h.stdout).toContain('Exit codes');
  });

  it('refuses an unknown flag with exit 2 and the usage', async () => {
    const r = await runCli(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/aws-harden: Unknown option '--frobnicate'/);
    expect(r.stderr).toContain('Usage: aws-harden');
  });

  it('refuses the wizard without a terminal and without --yes', async () => {
    const r = await runCli([], rootEnv(em));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an interactive terminal/);
    expect(r.stderr).toMatch(/--yes/);
    noStack(r.stderr);
  });

  it('refused root keys after an earlier run deleted them: names the admin profile to use instead, exit 2', async () => {
    const env = rootEnv(em);
    // The earlier run: its journal says it was deleting the root keys (the answer may have been lost) …
    const state = join(env.XDG_STATE_HOME ?? '', 'aws-harden');
    mkdirSync(state, { recursive: true });
    writeFileSync(
      join(state, `${em.accountId}.json`),
      JSON.stringify({
        schema: 1,
        account: em.accountId,
        answers: { 'access-key': { profile: 'ops-admin' } },
        steps: { 'root-access-keys': { status: 'applying', at: new Date().toISOString() } },
        resources: {},
      }),
    );
    // … and the key is gone.
    const { IAMClient, DeleteAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const iam = new IAMClient({ endpoint: em.endpoint, region: 'us-east-1', credentials: em.rootCredentials });
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: em.rootCredentials.accessKeyId }));
    iam.destroy();
    const r = await runCli(['--yes'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AWS rejected the credentials/);
    expect(r.stderr).toMatch(/An earlier aws-harden run deleted the root user's access keys/);
    expect(r.stderr).toContain('aws-harden --profile ops-admin');
    noStack(r.stderr);
    // Without such a journal, the plain message.
    const plain = await runCli(['--yes'], rootEnv(em));
    expect(plain.stderr).not.toMatch(/earlier aws-harden run/);
  });

  it('--sandbox with AWS_HARDEN_SANDBOX_FAULTS rides out throttling; a value that is not JSON is refused with exit 2', async () => {
    const bad = await runCli(['--sandbox', '--yes', '--dry-run'], cleanEnv({ AWS_HARDEN_SANDBOX_FAULTS: 'throttle=0.2' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/AWS_HARDEN_SANDBOX_FAULTS is not a JSON object: throttle=0\.2/);
    noStack(bad.stderr);
    const plain = await runCli(['--sandbox', '--yes', '--dry-run'], cleanEnv());
    const throttled = await runCli(['--sandbox', '--yes', '--dry-run'], cleanEnv({ AWS_HARDEN_SANDBOX_FAULTS: JSON.stringify({ seed: 3, throttle: 0.3 }) }));
    expect(throttled.code).toBe(plain.code);
    // The same steps end the same way (the journal path and times aside).
    const steps = (out: string) =>
      out
        .split('\n')
        .filter((l) => /^[✓✗◇?–] [a-z-]+\s/.test(l))
        .map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    expect(steps(throttled.stdout)).toEqual(steps(plain.stdout));
    expect(steps(plain.stdout).length).toBeGreaterThan(5);
    // The faults are really on: AWS answering every call with a 500 stops the run before anything.
    const down = await runCli(['--sandbox', '--yes', '--dry-run'], cleanEnv({ AWS_HARDEN_SANDBOX_FAULTS: JSON.stringify({ serverError: 1 }) }));
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/AWS kept answering sts:GetCallerIdentity with a server error/);
  });

  it('says clearly when there are no credentials', async () => {
    const r = await runCli(['audit', '--endpoint-url', em.endpoint, '--region', 'us-east-1'], cleanEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No AWS credentials found/);
    expect(r.stderr).toMatch(/→ Set AWS_ACCESS_KEY_ID/);
    noStack(r.stderr);
  });

  it('says clearly when the profile does not exist', async () => {
    const r = await runCli(['audit', '--profile', 'prod-typo'], cleanEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/The profile "prod-typo" is not defined/);
    noStack(r.stderr);
  });

  it('uses a profile from ~/.aws', async () => {
    const env = cleanEnv();
    mkdirSync(join(env.HOME!, '.aws'));
    writeFileSync(join(env.HOME!, '.aws', 'credentials'), `[ops]\naws_access_key_id = ${em.rootCredentials.accessKeyId}\naws_secret_access_key = ${em.rootCredentials.secretAccessKey}\n`);
    writeFileSync(join(env.HOME!, '.aws', 'config'), '[profile ops]\nregion = eu-west-1\n');
    const r = await runCli(['audit', '--json', '--profile', 'ops', '--endpoint-url', em.endpoint], env);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ caller: `arn:aws:iam::${em.accountId}:root` });
  });

  it('says clearly when the endpoint is unreachable', async () => {
    const r = await runCli(['audit', '--endpoint-url', 'http://127.0.0.1:9'], rootEnv(em, { AWS_ENDPOINT_URL: '' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
    noStack(r.stderr);
  });

  it('AWS answering 500s from the first call: a clear message and exit 2, nothing changed', async () => {
    const set = await fetch(`${em.endpoint}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ serverError: 1 }) });
    expect(set.ok).toBe(true);
    const r = await runCli(['--yes'], rootEnv(em));
    await fetch(`${em.endpoint}/sandbox/faults`, { method: 'DELETE' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AWS kept answering sts:GetCallerIdentity with a server error \(HTTP 500 InternalFailure\)/);
    expect(r.stderr).toMatch(/run the same command again/);
    noStack(r.stderr);
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('refuses an invalid --config naming the file and field, before touching AWS', async () => {
    const env = rootEnv(em);
    const file = join(env.HOME!, 'answers.json');
    writeFileSync(file, JSON.stringify({ 'password-policy': { maxAgeDays: 'often' } }));
    const r = await runCli(['--yes', '--config', file], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: password-policy.maxAgeDays: Enter a whole number`);
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('audit --json on a fresh account: the shape the issue asks for, exit 1', async () => {
    const r = await runCli(['audit', '--json'], rootEnv(em));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      account: em.accountId,
      caller: `arn:aws:iam::${em.accountId}:root`,
      checks: expect.arrayContaining([
        { id: 'password-policy', status: 'fail', detail: expect.stringMatching(/no password policy/), controls: ['CIS 1.7', 'CIS 1.8'] },
        { id: 'budget', status: 'fail', detail: expect.any(String), controls: [] },
        { id: 'one-active-key', status: 'pass', detail: 'No user has more than one active access key.', controls: ['CIS 1.12'] },
      ]),
      controls: expect.any(Array),
    });
    // Every control of the benchmark, once, with what decided it.
    expect(out.controls).toHaveLength(CIS_CONTROLS.length);
    expect(out.controls).toContainEqual({ id: 'CIS 1.7', title: 'Ensure IAM password policy requires minimum length of 14 or greater', status: 'fail', decidedBy: ['password-policy'] });
    expect(out.controls).toContainEqual({ id: 'CIS 1.12', title: 'Ensure there is only one active access key for any single IAM user', status: 'pass', decidedBy: ['one-active-key'] });
    expect(out.controls).toContainEqual(expect.objectContaining({ id: 'CIS 5.7', status: 'not applicable', decidedBy: [], why: expect.any(String) }));
    expect(out.controls).toContainEqual(expect.objectContaining({ id: 'CIS 1.5', status: 'not possible', decidedBy: [] }));
    // A check that waits for an earlier step checks something that is not there yet: the root key is
    // there (its deletion waits for the admin key), the alarms are not (they wait for the trail). Fails, not unknowns.
    expect(out.controls).toContainEqual(expect.objectContaining({ id: 'CIS 1.3', status: 'fail', decidedBy: ['root-access-keys'] }));
    expect(out.controls).toContainEqual(expect.objectContaining({ id: 'CIS 4.3', status: 'fail', decidedBy: ['trail-alarms'] }));
    // Each check names the controls it decides, and those controls name it back.
    for (const c of out.checks as Array<{ id: string; controls: string[] }>) {
      for (const id of c.controls) expect((out.controls as Array<{ id: string; decidedBy: string[] }>).find((x) => x.id === id)?.decidedBy).toContain(c.id);
    }
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('audit as text: a CIS report by control id that fits 80 columns', async () => {
    const r = await runCli(['audit'], rootEnv(em, { COLUMNS: '80' }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(lines).toContain('CIS Amazon Web Services Foundations Benchmark v5.0.0');
    expect(lines).toContain("  ✗ CIS 1.4   fail            Ensure MFA is enabled for the 'root' user account");
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}✓ CIS 1\.12 {2}pass {12}Ensure there is only one active access key/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}– CIS 2\.2\.1 not applicable {2}Ensure that encryption-at-rest is enabled for RDS/));
    expect(r.stdout.replace(/\n/g, ' ')).toMatch(/ Not possible for aws-harden \(.*\): CIS 1\.1, CIS 1\.5, /);
    expect(lines.at(-1)).toMatch(/^\d+ of \d+ checks do not pass\.$/);
  });

  it('--yes without a budget e-mail skips that step, says how to give it, and exits 1', async () => {
    const r = await runCli(['--yes'], rootEnv(em));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^– budget\s+skipped\s+no usable answer for email \(.*\); put \{"budget": \{"email": "…"\}\} in a JSON file and pass it with --config FILE$/m);
    // The remedy works as printed: that file, with an address, answers the step.
    expect(r.stdout).not.toContain('.;');
    expect(r.stdout).toMatch(/Finished with steps not done/);
  });

  it('--yes --dry-run prints the calls and sends no mutating request', async () => {
    const env = rootEnv(em);
    const r = await runCli(['--yes', '--dry-run'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DRY-RUN/);
    expect(r.stdout).toMatch(/would call iam:UpdateAccountPasswordPolicy/);
    expect(r.stdout).toMatch(/Dry run: nothing was changed\./);
    expect(r.stdout).toMatch(/^Plan: \d+ calls in \d+ steps\. `aws-harden plan` prints the plan/m);
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    expect(existsSync(join(env.XDG_STATE_HOME!, 'aws-harden'))).toBe(false);
  });

  it('--yes does everything a person is not needed for, says what is left, and audit agrees', async () => {
    const env = rootEnv(em);
    const file = join(env.HOME!, 'answers.json');
    writeFileSync(file, JSON.stringify({ budget: { email: 'ops@example.com' } }));
    const r = await runCli(['--yes', '--config', file], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    for (const id of ['admin-group', 'admin-user', 'access-key', 'password-policy', 'kms-key', 'cloudtrail', 'budget']) {
      expect(r.stdout).toMatch(new RegExp(`^✓ ${id}\\s+done`, 'm'));
    }
    expect(r.stdout).toMatch(/^– root-mfa\s+skipped\s+needs a person: AWS allows enrolling root MFA only in the AWS console/m);
    expect(r.stdout).toMatch(/^– admin-mfa\s+skipped\s+needs a person/m);
    expect(r.stdout).toMatch(/^– root-access-keys\s+skipped/m);
    expect(r.stdout).toMatch(/Finished with steps not done/);
    expect(readdirSync(join(env.XDG_STATE_HOME!, 'aws-harden'))).toEqual([`${em.accountId}.json`]);
    const audit = await runCli(['audit', '--json'], env);
    expect(audit.code).toBe(1);
    const status = Object.fromEntries((JSON.parse(audit.stdout).checks as Array<{ id: string; status: string }>).map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ 'password-policy': 'pass', cloudtrail: 'pass', 'admin-user': 'pass', 'root-mfa': 'fail', 'admin-mfa': 'fail' });
    // The admin the run made gets its rights through the group and has one key; its console password waits for MFA (admin-mfa).
    expect(status).toMatchObject({ 'group-permissions': 'pass', 'admin-policies': 'pass', 'one-active-key': 'pass', 'key-rotation': 'pass', 'unused-credentials': 'pass', 'console-mfa': 'fail' });
    const controls = Object.fromEntries((JSON.parse(audit.stdout).controls as Array<{ id: string; status: string }>).map((c) => [c.id, c.status]));
    expect(controls).toMatchObject({
      'CIS 1.7': 'pass',
      'CIS 1.8': 'pass',
      'CIS 3.1': 'pass',
      'CIS 3.2': 'pass',
      'CIS 3.5': 'pass',
      'CIS 3.6': 'pass',
      'CIS 1.14': 'pass',
      'CIS 1.4': 'fail',
      'CIS 1.9': 'fail',
    });
  });

  it('--yes honours --config answers', async () => {
    const env = rootEnv(em);
    const file = join(env.HOME!, 'answers.json');
    writeFileSync(file, JSON.stringify({ 'password-policy': { maxAgeDays: 180 } }));
    const r = await runCli(['--yes', '--dry-run', '--config', file], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"MaxPasswordAge": 180/);
  });

  it('refuses an unknown sandbox shape, region or partition with exit 2, before any AWS call', async () => {
    const shape = await runCli(['--sandbox=bogus', '--yes'], cleanEnv());
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/--sandbox=bogus is not an account shape the sandbox has; choose one of: fresh, org-member, console-trail, aws-cn/);
    const region = await runCli(['--yes', '--region', 'mars-1'], rootEnv(em));
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/--region "mars-1" is not a region name/);
    // From the environment too: an aws-iso region is refused before the first call.
    const iso = await runCli(['--yes'], rootEnv(em, { AWS_REGION: 'us-iso-east-1' }));
    expect(iso.code).toBe(2);
    expect(iso.stderr).toMatch(/Region: the region us-iso-east-1 is in the aws-iso partition, which aws-harden does not support/);
    noStack(iso.stderr);
    expect(await recordedRequests(em)).toEqual([]);
  });

  it('a disabled opt-in region is named, with how to enable it, and nothing changes', async () => {
    const r = await runCli(['--sandbox', '--yes', '--region', 'af-south-1'], cleanEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/in af-south-1, an opt-in region: AWS answers this way in a region that is not enabled for the account/);
    expect(r.stderr).toMatch(/→ Enable af-south-1 .* or choose an enabled region with --region/);
    expect(r.stderr).not.toMatch(/^aws-harden: AWS rejected the credentials \(InvalidClientTokenId\) while calling/m);
  });

  it('says which region is used and where it came from', async () => {
    const env = rootEnv(em);
    expect((await runCli(['--yes', '--dry-run'], env)).stdout).toMatch(/^region us-east-1 \(from AWS_REGION\)$/m);
    expect((await runCli(['--yes', '--dry-run', '--region', 'eu-west-1'], env)).stdout).toMatch(/^region eu-west-1 \(from --region\)$/m);
    const unset = rootEnv(em, { AWS_REGION: '' });
    delete unset.AWS_REGION;
    expect((await runCli(['--yes', '--dry-run'], unset)).stdout).toMatch(/^region us-east-1 \(from default: no --region, AWS_REGION, AWS_DEFAULT_REGION or profile region\)$/m);
  });

  it('--sandbox --yes --dry-run works with no AWS account at all', async () => {
    const r = await runCli(['--sandbox', '--yes', '--dry-run'], cleanEnv());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/account \d{12} · root · us-east-1 · DRY-RUN/);
    expect(r.stdout).not.toContain('123456789012');
  });
});

interface PlanJson {
  account: string;
  caller: string;
  steps: Array<{ id: string; status: string; note: string; calls: Array<{ service: string; operation: string; params: Record<string, unknown> }> }>;
  total: number;
}

describe('aws-harden plan', () => {
  it('prints every call with its parameters and the total, without a terminal, changing and writing nothing', async () => {
    const env = rootEnv(em);
    const r = await runCli(['plan'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^aws-harden plan · account ${em.accountId} · root · us-east-1 · nothing will be changed$`, 'm'));
    expect(r.stdout).toMatch(/^◇ password-policy {9}1 call$/m);
    expect(r.stdout).toMatch(/^ {4}iam:UpdateAccountPasswordPolicy \{\n {6}"MinimumPasswordLength": 14,/m);
    // Policies are JSON, not escaped strings; secrets are redacted.
    expect(r.stdout).toMatch(/^ {4}s3:PutBucketPolicy \{\n {6}"Bucket": "[^"]+",\n {6}"Policy": \{\n {8}"Version": "2012-10-17"/m);
    expect(r.stdout).toMatch(/"AuthenticationCode1": "‹redacted›"/);
    expect(r.stdout).toMatch(/^◆ root-mfa {16}needs a person · 0 calls \(done in the AWS console; the wizard only reads\)$/m);
    expect(r.stdout).toMatch(/^– budget {18}skipped · 0 calls\n {4}no usable answer for email/m);
    expect(r.stdout).toMatch(/^Total: \d+ calls in \d+ steps\. Nothing was changed\.$/m);
    expect((await recordedRequests(em)).filter(isMutatingRecorded).map(describeRecorded)).toEqual([]);
    expect(existsSync(join(env.XDG_STATE_HOME!, 'aws-harden'))).toBe(false);
    expect(existsSync(join(env.HOME!, '.aws'))).toBe(false);
  });

  it('--json: account, caller, per step id/status/calls, and a total that adds up', async () => {
    const env = rootEnv(em);
    const file = join(env.HOME!, 'answers.json');
    writeFileSync(file, JSON.stringify({ budget: { email: 'ops@example.com' } }));
    const r = await runCli(['plan', '--json', '--config', file], env);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson;
    expect(plan).toMatchObject({ account: em.accountId, caller: `arn:aws:iam::${em.accountId}:root` });
    const byId = Object.fromEntries(plan.steps.map((s) => [s.id, s]));
    // Every step of the wizard, in the wizard's order: the plan leaves none out.
    expect(plan.steps.map((s) => s.id)).toEqual(STEPS.map((s) => s.id));
    expect(plan.total).toBe(plan.steps.reduce((n, s) => n + s.calls.length, 0));
    expect(byId['root-mfa']).toMatchObject({ status: 'needs-person', calls: [] });
    expect(byId['admin-mfa']?.status).toBe('needs-person');
    expect(byId['admin-mfa']?.calls.map((c) => c.operation)).toEqual(['CreateVirtualMFADevice', 'EnableMFADevice']);
    expect(byId['admin-group']?.calls.map((c) => `${c.service}:${c.operation}`)).toEqual(['iam:CreateGroup', 'iam:AttachGroupPolicy']);
    expect(byId['budget']).toMatchObject({ status: 'would-change', calls: [expect.objectContaining({ service: 'budgets', operation: 'CreateBudget' })] });
    // The root keys wait for the admin key this run would make; --yes would then need "delete": "yes",
    // so no calls here, and the note says both.
    expect(byId['root-access-keys']).toMatchObject({ status: 'skipped', calls: [] });
    // The guard waits for the group, the device and a proven MFA session; the preview shows its two calls.
    expect(byId['mfa-guard']?.status).toBe('needs-person');
    expect(byId['mfa-guard']?.calls.map((c) => `${c.service}:${c.operation}`)).toEqual(['sts:GetCallerIdentity', 'iam:PutGroupPolicy']);
    expect(byId['root-access-keys']?.note).toMatch(
      /^Would delete the root user's access key AKIA\w+, on an explicit yes, once the admin key of "admin" is proven to work; in this preview the admin key is not made, so it cannot be proven yet\. Skipped: no usable answer for delete/,
    );
    // With that answer: its calls, and why it would wait.
    writeFileSync(file, JSON.stringify({ budget: { email: 'ops@example.com' }, 'root-access-keys': { delete: 'yes' } }));
    const withDelete = JSON.parse((await runCli(['plan', '--json', '--config', file], env)).stdout) as PlanJson;
    expect(withDelete.steps.find((s) => s.id === 'root-access-keys')).toMatchObject({
      status: 'would-change',
      note: expect.stringMatching(/^Would delete the root user's access key AKIA\w+, .* in this preview the admin key is not made/),
      calls: [expect.objectContaining({ operation: 'DeleteAccessKey' }), expect.objectContaining({ operation: 'GetAccountSummary' })],
    });
    expect((await recordedRequests(em)).filter(isMutatingRecorded)).toEqual([]);
  });

  it('after a run, the steps already done say so with 0 calls', async () => {
    const env = rootEnv(em);
    const file = join(env.HOME!, 'answers.json');
    writeFileSync(file, JSON.stringify({ budget: { email: 'ops@example.com' } }));
    expect((await runCli(['--yes', '--config', file], env)).code).toBe(1);
    const r = await runCli(['plan', '--json', '--config', file], env);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson;
    const status = Object.fromEntries(plan.steps.map((s) => [s.id, s.status]));
    expect(status).toMatchObject({ 'admin-group': 'done', 'admin-user': 'done', 'access-key': 'done', 'password-policy': 'done', 'kms-key': 'done', cloudtrail: 'done', budget: 'done' });
    // Root keys go only on an explicit "delete": "yes" in --config, as with --yes.
    expect(status).toMatchObject({ 'root-mfa': 'needs-person', 'admin-mfa': 'needs-person', 'root-access-keys': 'skipped', 'mfa-guard': 'needs-person' });
    // admin-mfa's CreateVirtualMFADevice and EnableMFADevice; mfa-guard's GetCallerIdentity and PutGroupPolicy
    expect(plan.total).toBe(4);
    writeFileSync(file, JSON.stringify({ budget: { email: 'ops@example.com' }, 'root-access-keys': { delete: 'yes' } }));
    const withDelete = JSON.parse((await runCli(['plan', '--json', '--config', file], env)).stdout) as PlanJson;
    expect(withDelete.steps.find((s) => s.id === 'root-access-keys')?.calls.map((c) => c.operation)).toEqual(['DeleteAccessKey', 'GetAccountSummary']);
    expect(withDelete.total).toBe(6);
    const text = await runCli(['plan', '--config', file], env);
    expect(text.stdout).toMatch(/^✓ cloudtrail {14}already done · 0 calls$/m);
  });

  it('refuses --json without a command that prints it', async () => {
    const r = await runCli(['--json'], rootEnv(em));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--json goes with the audit, plan and keys list commands/);
  });
});

describe('a caller that may not read what the checks need', () => {
  let sb: Sandbox;
  let creds: { accessKeyId: string; secretAccessKey: string };
  beforeAll(async () => {
    ({ sandbox: sb, credentials: creds } = await startAuthorizingSandbox({ user: 'auditor', allow: ['sts:GetCallerIdentity'] }));
  });
  afterAll(async () => {
    await sb?.stop();
  });

  const env = () => cleanEnv({ AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: sb.endpoint });

  it('audit marks the checks unknown, naming the missing permission, and exits 1', async () => {
    const r = await runCli(['audit', '--json'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { caller: string; checks: Array<{ id: string; status: string; detail: string }> };
    expect(out.caller).toMatch(/:user\/auditor$/);
    expect(out.checks.find((c) => c.id === 'password-policy')).toEqual({
      id: 'password-policy',
      status: 'unknown',
      detail: 'Access denied: the caller may not perform iam:GetAccountPasswordPolicy.',
      controls: ['CIS 1.7', 'CIS 1.8'],
    });
    // The read-only checks too, and so every control they and the steps decide.
    expect(out.checks.find((c) => c.id === 'group-permissions')).toMatchObject({ status: 'unknown', detail: 'Access denied: the caller may not perform iam:ListUsers.' });
    // access-analyzer is the exception: the strict sandbox models Access Analyzer itself (moto has none) and
    // does not evaluate IAM permissions, as moto does for what it serves; on AWS this read is denied too.
    expect(out.checks.filter((c) => c.status !== 'unknown' && c.id !== 'access-analyzer').map((c) => `${c.id}: ${c.status} ${c.detail}`)).toEqual([]);
  });

  it('the wizard (--yes) explains each step it cannot check instead of failing', async () => {
    const r = await runCli(['--yes'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\? password-policy\s+blocked\s+Access denied: the caller may not perform iam:GetAccountPasswordPolicy\./m);
    expect(r.stdout).toMatch(/Finished with steps not done/);
  });
});
