/**
 * What each recording shows, as a person at the keyboard would do it. `full-run` and
 * `dry-run-and-plan` use `--sandbox` (the CLI's own throwaway account, as `scripts/demo.sh` does);
 * `interrupted-and-resume` and `audit-json` need an account that outlives one run, so the recorder
 * starts the same sandbox itself and points the CLI at it (AWS_ENDPOINT_URL and the root user's key).
 */
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { defaultProfileName } from '../../src/steps/access-key/index.js';
import { KEY, recordingEnv, type Session } from './session.js';
import { answer, enrollMfa, press, walk, type Observer } from './walker.js';
import { totp } from '../../test/helpers/totp.js';
import { runShellInPty } from '../../test/helpers/pty.js';

export interface ScenarioContext {
  /** MFA seeds the recorder read off the screen: blanked from the recording. */
  seeds: string[];
  /** Seeds of the scenarios recorded before this one in the same run, for a scenario that types a code of an earlier device. */
  earlierSeeds: readonly string[];
  observe?: Observer;
  /** The persistent sandbox, shared by the scenarios that need one (started on first use). */
  sandbox(): Promise<Sandbox>;
}

export interface Scenario {
  name: string;
  title: string;
  run(s: Session, ctx: ScenarioContext): Promise<void>;
}

/** Its own account id: keychain entries are named by account, and tests share one test keyring. */
export const PERSISTENT_ACCOUNT = '210000000090';

async function ended(s: Session, exited: Promise<{ exitCode: number }>, expected: number, what: string): Promise<void> {
  const { exitCode } = await exited;
  if (exitCode !== expected) throw new Error(`${what} exited ${exitCode}, expected ${expected}. Screen:\n${await s.screen()}`);
  await s.pause(900, 1000);
}

/** The full run's admin user; its keychain entries are named `<the run's account>/ops-admin/…` while the run lasts. */
export const FULL_RUN_USER = 'ops-admin';

const fullRun: Scenario = {
  name: 'full-run',
  title: 'aws-harden --sandbox: a whole run on a new account',
  async run(s, ctx) {
    await s.shell('aws-harden --sandbox');
    const p = s.start(['--sandbox'], recordingEnv());
    await walk(
      s,
      /All steps done and verified/,
      [
        // No console in the sandbox: `m` does the console part of root MFA.
        press(/Watching (AWS for the change|for an MFA session)/, 'm'),
        // Before the user name's: the alias question's screen still shows the answered name.
        answer(/Account alias for a friendlier sign-in URL/, 'acme-demo'),
        // Not the default "admin": the wizard's own pty test uses that name in the same sandbox account.
        answer(/Name of the admin user/, FULL_RUN_USER, 'admin'.length),
        enrollMfa(ctx.seeds, true),
        answer(/E-mail address for the alerts/, 'ops@example.com'),
        answer(/Security contact: name *(│|$)/m, 'Ops Security'),
        answer(/Phone number *(│|$)/m, '+1 206 555 0100'),
        answer(/access key\(s\) now\? Type yes/, 'yes'),
      ],
      ctx.observe,
    );
    await ended(s, p.exited, 0, 'the full run');
  },
};

const dryRunAndPlan: Scenario = {
  name: 'dry-run-and-plan',
  title: 'aws-harden --sandbox --dry-run, then aws-harden --sandbox plan',
  async run(s, ctx) {
    await s.shell('aws-harden --sandbox --dry-run');
    const dry = s.start(['--sandbox', '--dry-run'], recordingEnv());
    await walk(
      s,
      /Total: \d+ calls in \d+ steps\. Nothing was changed\./,
      [
        press(/Watching AWS for the change/, 's'),
        answer(/E-mail address for the alerts/, 'ops@example.com'),
        answer(/Security contact: name *(│|$)/m, 'Ops Security'),
        answer(/Phone number *(│|$)/m, '+1 206 555 0100'),
      ],
      ctx.observe,
    );
    await ended(s, dry.exited, 0, 'the dry run');
    await s.shell('aws-harden --sandbox plan');
    const plan = s.start(['--sandbox', 'plan'], recordingEnv());
    await ended(s, plan.exited, 0, 'plan');
  },
};

function persistentEnv(sb: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return recordingEnv({
    AWS_ACCESS_KEY_ID: sb.rootCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sb.rootCredentials.secretAccessKey,
    AWS_REGION: sb.region,
    AWS_ENDPOINT_URL: sb.endpoint,
    ...extra,
  });
}

/** One HOME for both runs and the audit: the journal and ~/.aws/config carry over, as on a laptop. */
let persistentHome: Record<string, string> | undefined;
function home(): Record<string, string> {
  persistentHome ??= (({ HOME, XDG_STATE_HOME }) => ({ HOME: HOME!, XDG_STATE_HOME: XDG_STATE_HOME! }))(recordingEnv());
  return persistentHome;
}

const interruptedAndResume: Scenario = {
  name: 'interrupted-and-resume',
  title: 'aws-harden, stopped with Ctrl-C, then run again: it resumes',
  async run(s, ctx) {
    const sb = await ctx.sandbox();
    await s.shell('# a sandbox account that outlives one run: AWS_ENDPOINT_URL and its root access key are set');
    await s.shell('aws-harden');
    const env = persistentEnv(sb, home());
    const first = s.start([], env);
    await walk(
      s,
      /Name of the admin user/,
      [
        {
          when: /Add an MFA device to the root user/,
          act: async (ss) => {
            await ss.read();
            await sb.markRootMfaEnrolled();
          },
        },
      ],
      ctx.observe,
    );
    await answer(/Name of the admin user/, 'alice', 'admin'.length).act(s, await s.screen());
    // Its other questions (defaults), up to the plan; then stop there.
    await walk(s, /enter apply/, [], ctx.observe);
    await s.read();
    s.press(KEY.ctrlC);
    await ended(s, first.exited, 130, 'the interrupted run');
    await s.shell('aws-harden');
    const second = s.start([], env);
    await s.waitFor((x) => x.includes('Press enter to resume'), 'the resume screen');
    await s.pause(1500, 2000);
    await walk(
      s,
      /All steps done and verified/,
      [
        enrollMfa(ctx.seeds, false),
        answer(/E-mail address for the alerts/, 'ops@example.com'),
        answer(/Security contact: name *(│|$)/m, 'Ops Security'),
        answer(/Phone number *(│|$)/m, '+1 206 555 0100'),
        answer(/access key\(s\) now\? Type yes/, 'yes'),
        {
          // The MFA guard: the operator runs the admin profile once in another terminal (the real AWS CLI), one code.
          when: /Show that an MFA session of "alice" works/,
          async act(ss) {
            await ss.read();
            const other: NodeJS.ProcessEnv = { ...env };
            delete other.AWS_ACCESS_KEY_ID;
            delete other.AWS_SECRET_ACCESS_KEY;
            const seed = ctx.seeds.at(-1);
            if (seed === undefined) throw new Error('no MFA seed was read off the screen before the MFA guard');
            const cli = await runShellInPty(`aws sts get-caller-identity --profile ${defaultProfileName('alice', sb.accountId)}`, other, { when: /MFA code for .*: $/, answer: () => totp(seed) });
            if (cli.code !== 0) throw new Error(`the AWS CLI with the admin profile exited ${cli.code}: ${cli.screen}`);
          },
        },
      ],
      ctx.observe,
    );
    await ended(s, second.exited, 0, 'the resumed run');
  },
};

const auditJson: Scenario = {
  name: 'audit-json',
  title: 'aws-harden audit --json, on the account the resumed run hardened',
  async run(s, ctx) {
    const sb = await ctx.sandbox();
    const profile = defaultProfileName('alice', sb.accountId);
    await s.shell("# the root user's keys are gone: the admin profile uses the MFA session the MFA guard step saw made (one code, an hour)");
    await s.shell(`aws-harden audit --json --profile ${profile}`);
    const env = recordingEnv({ AWS_REGION: sb.region, AWS_ENDPOINT_URL: sb.endpoint, ...home() });
    const p = s.start(['audit', '--json', '--profile', profile], env);
    // No code asked: credential-process --mfa-serial finds the session in the keychain.
    await ended(s, p.exited, 0, 'audit --json');
    await ctx.observe?.(await s.screen());
  },
};

/** In order: audit-json reads the account interrupted-and-resume hardened. */
export const SCENARIOS: readonly Scenario[] = [fullRun, dryRunAndPlan, interruptedAndResume, auditJson];

export function startPersistentSandbox(): Promise<Sandbox> {
  return startSandbox({ accountId: PERSISTENT_ACCOUNT });
}
