/**
 * The contract every step follows. A step reads AWS in `check`, says what it needs to know in
 * `questions`, says exactly which calls it would make in `plan`, and makes them in `apply`. The runner
 * (engine/runner.ts) drives the order, dry-run, verification and journaling; steps never look at
 * `dryRun` and never touch the terminal.
 */
import type { PlannedCall } from '../aws/actions/index.js';
import type { Aws } from '../aws/context.js';
import type { CallerIdentity } from '../aws/sts.js';
import type { Keychain } from '../keychain/index.js';

/** Stable ids: keys of the journal and of --config. Titles can change; ids cannot. */
export type StepId =
  | 'root-mfa'
  | 'admin-group'
  | 'admin-user'
  | 'admin-mfa'
  | 'access-key'
  | 'password-policy'
  | 'kms-key'
  | 'cloudtrail'
  | 'budget'
  | 'security-contact'
  | 's3-public-access'
  | 'support-role'
  | 'ebs-encryption'
  | 'access-analyzer'
  | 'default-security-groups'
  | 'trail-bucket-logging'
  | 'trail-alarms'
  | 'guardduty'
  | 'aws-config'
  | 'security-hub'
  | 'root-access-keys'
  | 'mfa-guard';

export interface StepContext {
  aws: Aws;
  identity: CallerIdentity;
  region: string;
  /**
   * The OS keychain (src/keychain). Steps that keep a secret need it; without one (a context built
   * for a test that does not opt in) they report `blocked` instead of reaching for the real keychain.
   */
  keychain?: Keychain;
  /** Environment for local files (AWS_CONFIG_FILE, HOME). Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Answers given to another step (--config first, then the journal), e.g. the admin user's name for
   * the access-key step. Undefined when the step has none yet.
   */
  answersOf?(step: StepId): Answers | undefined;
  /** Set in --sandbox runs: stands in for what only the AWS console can do. */
  sandbox?: {
    enrollRootMfa(): Promise<void>;
    /** The current code of an MFA device the sandbox saw made: what the operator's app would show. */
    mfaCode(serial: string): Promise<string>;
  };
}

/** A console action the operator does while the wizard watches AWS for its effect. */
export interface WaitRequest {
  title: string;
  /** Numbered instructions, one action each. */
  instructions: string[];
  link?: string;
  /** Reads AWS; true once the action has taken effect. Polled every `intervalMs`. */
  poll(): Promise<boolean>;
  intervalMs?: number;
  /** What the spinner line says is watched; default "Watching AWS for the change". */
  watching?: string;
  /** Sandbox only: do the console action for the operator. */
  simulate?(): Promise<void>;
  /** Sandbox only: what `m` (simulate) does, when it is not a console action. */
  simulates?: string;
}

/** A virtual MFA device to enroll: the QR's otpauth URI and the seed (in memory only). */
export interface MfaRequest {
  uri: string;
  /** Base32 seed, for typing into an authenticator by hand. A secret: never logged or written. */
  secret: string;
  /** Authenticator label, `<user>@<alias or account id>`. */
  label: string;
  /** Checks two codes locally; an operator-facing message when they will not do. */
  check(code1: string, code2: string): string | undefined;
}

/**
 * What a step may ask of the person at the keyboard while it applies. Only steps with `needsHuman`
 * use it; `--yes` runs skip those before apply.
 */
export interface Operator {
  /** Shows the instructions and waits until `poll` reads true, or the operator skips. */
  waitFor(request: WaitRequest): Promise<'done' | 'skipped'>;
  /** Shows the QR code and returns two codes that passed `check`, or 'skipped'. */
  enrollMfa(request: MfaRequest): Promise<{ code1: string; code2: string } | 'skipped'>;
  /**
   * Offers to show a secret once (the operator presses a key to see it); it leaves the screen when they
   * go on. Headless runs never show it: it is in the keychain.
   */
  reveal(request: RevealRequest): Promise<void>;
}

export interface RevealRequest {
  title: string;
  /** What the secret is for, e.g. "admin at https://…signin.aws.amazon.com/console". */
  label: string;
  secret: string;
  note?: string;
}

/** What apply may return: nothing (applied), or why it stopped without applying (operator skipped). */
export type ApplyResult = void | { skipped: string };

/** What `check` found. `blocked` means it could not tell or cannot proceed (see `summary`). */
export interface Finding<Data = unknown> {
  status: 'done' | 'todo' | 'blocked';
  /** One line an operator understands, e.g. "Minimum length is 8; CIS asks for 14." */
  summary: string;
  /** Optional side-by-side view, e.g. current vs proposed settings. */
  table?: ComparisonTable;
  /** Step-private facts for plan/apply (never a secret). */
  data?: Data;
  /**
   * For a `blocked` finding that only waits for an earlier step of the same run (the root keys wait
   * for the admin key): that step, what this one would then do, and why a preview cannot get there.
   * When a dry run previewed that step (a real run would make it), the runner previews this one too,
   * with `then` and `preview` as its summary, instead of showing it as blocked.
   */
  waitsFor?: { step: StepId; then: string; preview: string };
}

export interface ComparisonTable {
  columns: [string, string, string];
  rows: Array<{ label: string; current: string; proposed: string; changes: boolean }>;
}

export type Answers = Record<string, string>;

export type Question =
  | {
      kind: 'text';
      id: string;
      prompt: string;
      default: string;
      help?: string;
      /** Returns an error message, or undefined when valid. */
      validate?: (value: string) => string | undefined;
      /**
       * The answer destroys something: keys typed before the question was on screen (an Enter meant for
       * the screen before) are dropped, never taken as an answer.
       */
      destructive?: boolean;
    }
  | {
      kind: 'choice';
      id: string;
      prompt: string;
      default: string;
      help?: string;
      options: Array<{ value: string; label: string }>;
      /** As for text questions: the answer destroys something (see there). */
      destructive?: boolean;
    };

/** One call the step would make, shown verbatim in dry-run and before applying (src/aws/actions). */
export type { PlannedCall } from '../aws/actions/index.js';

export interface Step<Data = unknown> {
  id: StepId;
  title: string;
  /** One sentence of best practice: why this step exists. */
  why: string;
  /**
   * Set when the step cannot be done without a person at the keyboard (scanning a QR code, clicking
   * in the console). `--yes` runs skip it and print this reason.
   */
  needsHuman?: string;
  /**
   * For a step that needs a person: the repairs it makes without one, run even when `--yes` skips the
   * step — deleting what an interrupted run of it left unusable (an MFA device whose seed is gone).
   * `plan` lists the calls (shown, and the only ones `apply` makes); nothing in a dry run.
   */
  tidy?: {
    plan(ctx: StepContext, finding: Finding<Data>): PlannedCall[];
    apply(ctx: StepContext, finding: Finding<Data>): Promise<void>;
  };
  /**
   * Earlier steps whose answers or results this step's check reads (the admin user's name, the KMS
   * key's alias, the proven admin key). A --yes run checks the steps without any ahead of their turn,
   * all at once (engine/runner.ts); a step with some is checked when its turn comes.
   */
  dependsOn?: readonly StepId[];
  /**
   * Set when what the step makes costs money. The confirmation says it before anything is applied, and
   * a `--yes` run applies the step only when `--config` names it (an entry for its id, even `{}`).
   */
  cost?: StepCost;
  /**
   * Answers this step accepts from --config, each with its validator (an error message or undefined).
   * Checked before anything runs, so a bad config never stops a run halfway.
   */
  configKeys?: Readonly<Record<string, (value: string) => string | undefined>>;
  /** Read-only. Must not throw for expected states; AWS errors propagate as OperatorErrors. */
  check(ctx: StepContext): Promise<Finding<Data>>;
  questions?(ctx: StepContext, finding: Finding<Data>): Question[];
  /**
   * Read-only. The finding for the operator's answers, when they change what the confirmation says:
   * another name than the one checked (read again), or a value the table proposes (a budget's amount).
   * The runner calls it once the answers are in; the confirmation's sentence and table, and `plan`,
   * come from its finding, so the screen shows what apply will do. Without it, `check`'s finding stands.
   */
  recheck?(ctx: StepContext, finding: Finding<Data>, answers: Answers): Promise<Finding<Data>>;
  plan(ctx: StepContext, finding: Finding<Data>, answers: Answers): PlannedCall[];
  /**
   * Idempotent: tolerates what already exists. Makes the calls `plan` lists (the same list of actions,
   * read afresh where the step reads again first). `operator` (the runner always gives it) is for the
   * steps that need a person; the others ignore it.
   */
  apply(ctx: StepContext, finding: Finding<Data>, answers: Answers, operator: Operator): Promise<ApplyResult>;
  /**
   * Read AWS back after apply. Defaults to `check`; a step overrides it when "done" must also match
   * the operator's answers exactly.
   */
  verify?(ctx: StepContext, answers: Answers): Promise<Finding<Data>>;
}

/** What a paid step costs, said before it applies. */
export interface StepCost {
  /** One line, e.g. "GuardDuty bills by events analysed: about $1–5 a month for a quiet account (30 days free)." */
  summary: string;
  /** AWS's pricing page. */
  pricing: string;
}

/** Erases a step's private Data type so steps of different kinds live in one list. */
export function defineStep<Data>(step: Step<Data>): Step {
  return step; // methods are bivariant in their parameters, so Step<Data> is a Step
}
