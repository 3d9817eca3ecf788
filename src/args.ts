/**
 * Command-line arguments: parsed strictly, every mistake a UsageError with a specific message.
 */
import { parseArgs } from 'node:util';
import { unsupportedRegion } from './aws/partition.js';

/** `--keychain` values (kept here, not imported from keychain/, so --help loads no keychain code). */
export type KeychainBackend = 'os' | 'file';
const KEYCHAINS: readonly KeychainBackend[] = ['os', 'file'];

function keychainOf(value: string | undefined, where: string): KeychainBackend | undefined {
  if (value === undefined) return undefined;
  if (!(KEYCHAINS as readonly string[]).includes(value)) throw new UsageError(`${where}--keychain "${value}" is not a keychain aws-harden has; choose one of: ${KEYCHAINS.join(', ')}.`);
  return value as KeychainBackend;
}

/** The sandbox's account shapes (src/sandbox/shapes.ts; kept here so --help loads no sandbox code). */
export const SANDBOX_SHAPES = ['fresh', 'org-member', 'console-trail', 'aws-cn', 'console-login'] as const;
export type SandboxShapeName = (typeof SANDBOX_SHAPES)[number];

export const USAGE = `Usage: aws-harden [command] [options]

Hardens a new AWS account step by step, verifying each step by reading AWS back.

Commands:
  (none)             the interactive wizard (needs a terminal; see --yes)
  audit [--json]     every check, read-only; exit 0 when all pass, 1 when any fails
  plan [--json]      the dry run of the whole run, without a terminal: per step the calls that would
                     be made (secrets redacted, policies as JSON) and their total; uses the defaults
                     and --config; changes nothing; exit 0
  keys list [--json] every IAM user's access keys: status, age, last use, whether the keychain
                     holds it and which ~/.aws/config profile reads it; flags a key older than 90
                     days (CIS 1.13) and a user with more than one active key (CIS 1.12); read-only;
                     exit 0, or 1 when something is flagged
  keys rotate [--user NAME]
                     replace the access key aws-harden holds for NAME (default: the one user whose
                     key the keychain holds): create, prove with STS, switch the keychain, delete
                     the old key, read IAM back; an interrupted rotation is resumed by running it again
  keys remove --user NAME
                     delete NAME's keychain-held key in IAM (type its id to confirm; --yes does not
                     ask), its keychain entries and the ~/.aws/config profile aws-harden wrote for it
  credential-process --account ID --user NAME [--keychain file]
                     [--mfa-serial ARN [--duration SECONDS] [--region REGION]]
                     print the user's access key from the keychain in the AWS CLI's
                     credential_process format (used by the ~/.aws/config profile aws-harden writes);
                     with --mfa-serial, a session from sts:GetSessionToken instead: the MFA code is
                     asked on the terminal once, and the session kept in the keychain until it
                     expires (--duration, default 3600, 900 to 129600)

Options:
  --profile NAME     use this AWS profile (default: the SDK's standard credential chain)
  --region REGION    region for regional resources (default: AWS_REGION, AWS_DEFAULT_REGION, the
                     profile's region, else us-east-1; the first screen says which and why)
  --endpoint-url URL send every AWS call to this endpoint (also: AWS_ENDPOINT_URL)
  --sandbox[=SHAPE]  run against a throwaway emulated account on loopback (no AWS account needed);
                     SHAPE: fresh (default), org-member, console-trail, aws-cn, console-login
  --dry-run          show every call that would be made; change nothing
  -y, --yes          non-interactive: use defaults (and --config); skip steps that need a human
  --config FILE      answers as JSON, keyed by step id (see README)
  --keychain KIND    where secrets are kept: os (default: macOS Keychain, Windows Credential
                     Manager, Linux Secret Service) or file (encrypted with a passphrase asked on
                     the terminal, for servers, SSH and containers; see README). Without it, an
                     interactive run where no Secret Service answers offers the file
  --json             (audit, plan, keys list) print JSON
  --debug            print each AWS call's status, time and request id to stderr (never a body);
                     with the wizard, send it to a file: 2>aws-harden-debug.log
  -h, --help         this help
  -V, --version      print the version

Exit codes: 0 done / all checks pass · 1 not fully hardened (keys list: something flagged) · 2 usage,
config, credential or connection error, or (keys) an unknown user, no key in the keychain, a key
aws-harden does not hold in the way, no terminal to confirm on, found before anything changed · 3 a
step (or a key rotation or removal) failed while applying · 130 interrupted (Ctrl-C) · 143 SIGTERM ·
129 SIGHUP`;

/** `keys list | rotate | remove` (src/commands/keys/). */
export type KeysAction = 'list' | 'rotate' | 'remove';
export const KEYS_ACTIONS: readonly KeysAction[] = ['list', 'rotate', 'remove'];

export interface CliOptions {
  command: 'wizard' | 'audit' | 'plan' | 'keys';
  /** With `keys`: what to do, and for whom (--user). */
  keys?: { action: KeysAction; user?: string };
  profile?: string;
  region?: string;
  endpointUrl?: string;
  sandbox: boolean;
  /** The sandbox account's shape; set only with --sandbox. */
  sandboxShape?: SandboxShapeName;
  dryRun: boolean;
  yes: boolean;
  config?: string;
  json: boolean;
  /** --debug: a line per AWS call attempt on stderr. */
  debug: boolean;
  /** --keychain, when given. */
  keychain?: KeychainBackend;
}

/** `credential-process --account ID --user NAME`: its own small option set. */
export interface CredentialProcessOptions {
  command: 'credential-process';
  account: string;
  user: string;
  /** --keychain file: read the encrypted file (the profile line says so when the wizard used it). */
  keychain?: KeychainBackend;
  /** --mfa-serial: print an MFA-guarded session (sts:GetSessionToken), not the long-term key. */
  mfa?: { serial: string; durationSeconds: number; region?: string };
}

/** GetSessionToken's limits for an IAM user (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html). */
export const SESSION_SECONDS = { min: 900, max: 129_600, default: 3_600 } as const;

export class UsageError extends Error {}

/** `--sandbox=SHAPE` → `--sandbox` plus the shape (parseArgs has no optional-value options). */
function takeShape(argv: string[]): { argv: string[]; shape?: string } {
  let shape: string | undefined;
  const rest = argv.filter((a) => {
    const m = /^--sandbox=(.*)$/.exec(a);
    if (m) shape = m[1] ?? '';
    return !m;
  });
  return shape === undefined ? { argv } : { argv: [...rest, '--sandbox'], shape };
}

export function parseCli(argv: string[]): CliOptions | CredentialProcessOptions | 'help' | 'version' {
  if (argv[0] === 'credential-process') return parseCredentialProcess(argv.slice(1));
  const taken = takeShape(argv);
  if (taken.shape !== undefined && !(SANDBOX_SHAPES as readonly string[]).includes(taken.shape)) {
    throw new UsageError(`--sandbox=${taken.shape} is not an account shape the sandbox has; choose one of: ${SANDBOX_SHAPES.join(', ')}.`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: taken.argv,
      allowPositionals: true,
      strict: true,
      options: {
        profile: { type: 'string' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        sandbox: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        config: { type: 'string' },
        keychain: { type: 'string' },
        json: { type: 'boolean', default: false },
        user: { type: 'string' },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'V', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (v.version) return 'version';
  const command = positionals[0] ?? 'wizard';
  if (command === 'credential-process') throw new UsageError('credential-process comes first: aws-harden credential-process --account ID --user NAME');
  if (command !== 'wizard' && command !== 'audit' && command !== 'plan' && command !== 'keys') throw new UsageError(`Unknown command "${command}".`);
  const keys = command === 'keys' ? keysOf(positionals[1], v) : undefined;
  if (positionals.length > (command === 'keys' ? 2 : 1)) throw new UsageError(`Unexpected argument "${positionals[command === 'keys' ? 2 : 1]}".`);
  if (v.user !== undefined && command !== 'keys') throw new UsageError('--user goes with keys rotate and keys remove.');
  if (v.json && command !== 'audit' && command !== 'plan' && keys?.action !== 'list') throw new UsageError('--json goes with the audit, plan and keys list commands.');
  if (v.sandbox && (v.profile || v['endpoint-url'])) throw new UsageError('--sandbox brings its own account; drop --profile/--endpoint-url.');
  if (v['endpoint-url'] !== undefined && !/^https?:\/\/[^\s/]+/.test(v['endpoint-url'])) {
    throw new UsageError(`--endpoint-url must be an http(s) URL, got "${v['endpoint-url']}".`);
  }
  if (v.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(v.region)) throw new UsageError(`--region "${v.region}" is not a region name like us-east-1.`);
  const badRegion = v.region === undefined ? undefined : unsupportedRegion(v.region);
  if (badRegion) throw new UsageError(`--region: ${badRegion}`);
  const keychain = keychainOf(v.keychain, '');
  return {
    command,
    ...(keys ? { keys } : {}),
    ...(v.profile !== undefined ? { profile: v.profile } : {}),
    ...(v.region !== undefined ? { region: v.region } : {}),
    ...(v['endpoint-url'] !== undefined ? { endpointUrl: v['endpoint-url'] } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(keychain ? { keychain } : {}),
    sandbox: v.sandbox,
    ...(v.sandbox ? { sandboxShape: (taken.shape ?? 'fresh') as SandboxShapeName } : {}),
    // plan is a dry run that nobody answers, by definition.
    dryRun: v['dry-run'] || command === 'plan',
    yes: v.yes || command === 'plan',
    json: v.json,
    debug: v.debug,
  };
}

/** `keys ACTION [--user NAME]`: the action named, and --user where it belongs. */
function keysOf(action: string | undefined, v: { user?: string | undefined; config?: string | undefined }): NonNullable<CliOptions['keys']> {
  if (action === undefined) throw new UsageError(`keys needs an action: ${KEYS_ACTIONS.map((a) => `keys ${a}`).join(', ')}.`);
  if (!(KEYS_ACTIONS as readonly string[]).includes(action)) throw new UsageError(`keys ${action}: not an action; choose one of: ${KEYS_ACTIONS.join(', ')}.`);
  const user = v.user;
  if (user !== undefined && !/^[\w+=,.@-]{1,64}$/.test(user)) throw new UsageError(`--user "${user}" is not an IAM user name (up to 64 letters, digits and + = , . @ _ -).`);
  if (action === 'list' && user !== undefined) throw new UsageError('keys list shows every user; --user goes with keys rotate and keys remove.');
  if (action === 'remove' && user === undefined) throw new UsageError('keys remove needs --user NAME: the user whose key aws-harden holds and should remove.');
  if (v.config !== undefined) throw new UsageError("--config holds the wizard's answers; keys commands take none.");
  return { action: action as KeysAction, ...(user !== undefined ? { user } : {}) };
}

function parseCredentialProcess(argv: string[]): CredentialProcessOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: { account: { type: 'string' }, user: { type: 'string' }, keychain: { type: 'string' }, 'mfa-serial': { type: 'string' }, duration: { type: 'string' }, region: { type: 'string' } },
    });
  } catch (e) {
    throw new UsageError(`credential-process: ${(e as Error).message}`);
  }
  const { account, user } = parsed.values;
  const keychain = keychainOf(parsed.values.keychain, 'credential-process: ');
  if (account === undefined || user === undefined) throw new UsageError('credential-process needs --account ID and --user NAME.');
  if (!/^\d{12}$/.test(account)) throw new UsageError(`credential-process: --account must be a 12-digit AWS account id, got "${account}".`);
  if (!/^[\w+=,.@-]{1,64}$/.test(user)) throw new UsageError(`credential-process: --user "${user}" is not an IAM user name.`);
  const serial = parsed.values['mfa-serial'];
  const { duration, region } = parsed.values;
  if (serial === undefined && (duration !== undefined || region !== undefined)) throw new UsageError('credential-process: --duration and --region go with --mfa-serial.');
  let mfa: CredentialProcessOptions['mfa'];
  if (serial !== undefined) {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=,.@/-]{1,256}$/.test(serial))
      throw new UsageError(`credential-process: --mfa-serial "${serial}" is not an MFA device ARN (arn:aws:iam::ACCOUNT:mfa/NAME).`);
    const seconds = duration === undefined ? SESSION_SECONDS.default : Number(duration);
    if (!/^\d+$/.test(duration ?? '0') || seconds < SESSION_SECONDS.min || seconds > SESSION_SECONDS.max) {
      throw new UsageError(`credential-process: --duration must be whole seconds from ${SESSION_SECONDS.min} to ${SESSION_SECONDS.max} (36 hours), got "${duration}".`);
    }
    if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`credential-process: --region "${region}" is not a region name like us-east-1.`);
    mfa = { serial, durationSeconds: seconds, ...(region ? { region } : {}) };
  }
  return { command: 'credential-process', account, user, ...(keychain ? { keychain } : {}), ...(mfa ? { mfa } : {}) };
}
