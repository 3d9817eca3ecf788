/**
 * The wizard's state and the pure reducer that changes it. The runner and the UI both speak through
 * `WizardEvent`s; the UI renders `WizardState` and nothing else.
 */
import type { Answers, Finding, PlannedCall, Question, StepCost, StepId } from '../steps/types.js';
import type { JournalStepStatus } from './journal.js';

export type StepStatus = 'pending' | 'checking' | 'todo' | 'applying' | 'verifying' | 'done' | 'previewed' | 'skipped' | 'blocked' | 'failed';

export interface StepView {
  id: StepId;
  title: string;
  why: string;
  status: StepStatus;
  finding?: Finding;
  plan?: PlannedCall[];
  /** Why it was skipped or blocked, or what happened, in one line. */
  note?: string;
  error?: { message: string; remedy?: string };
  /** While the step waits for AWS to catch up (propagation, read-back): what it waits for, in one line. */
  progress?: string;
  /** Set for a step only a person can do (Step.needsHuman): why. */
  needsHuman?: string;
  /** Set for a step that costs money (Step.cost): said before it applies. */
  cost?: StepCost;
  /** This run applied the step (it changed the account), rather than finding it already in place. */
  applied?: boolean;
}

export interface RunHeader {
  account: string;
  arn: string;
  isRoot: boolean;
  region: string;
  /** Where the region came from, e.g. "--region", "AWS_REGION", "default: none set". */
  regionSource?: string;
  /** How the run was started and what that means (aws/credential-source.ts), for the first screen. */
  credentials?: { label: string; meaning: string };
  dryRun: boolean;
  sandbox: boolean;
  journalPath: string;
}

export interface AuditCheck {
  id: StepId;
  title: string;
  why: string;
  status: 'pass' | 'fail' | 'unknown';
  detail: string;
  /** The CIS controls this check decides (src/audit/cis.ts `controlsOf`); empty for a step outside CIS. */
  controls?: readonly string[];
}

/** One step as an earlier run left it in the journal. */
export interface EarlierStep {
  id: StepId;
  title: string;
  status: JournalStepStatus;
  /** ISO time of that status. */
  at: string;
  /** What AWS shows for the step now (this run's check), when known. */
  now?: { status: AuditCheck['status']; detail: string };
}

/**
 * What the journal says an earlier run did, for the start screen's Resume / Start over. Present only
 * when the journal existed before this run and remembers something.
 */
export interface ResumeInfo {
  /** ISO time the journal was last written. */
  lastRun: string;
  /** In step order; steps the earlier run never reached are left out. */
  steps: EarlierStep[];
}

/** What the wizard is waiting for from the operator. */
export type Prompt =
  | { kind: 'start'; checks: AuditCheck[]; resume?: ResumeInfo }
  | { kind: 'questions'; stepId: StepId; questions: Question[]; defaults: Answers }
  | { kind: 'confirm'; stepId: StepId; plan: PlannedCall[]; dryRun: boolean }
  | { kind: 'failure'; stepId: StepId; error: { message: string; remedy?: string } }
  /** Waiting for the operator to do something in the AWS console; the runner polls AWS meanwhile. */
  | { kind: 'wait'; stepId: StepId; title: string; instructions: string[]; link?: string; startedAt: number; canSimulate: boolean; watching?: string; simulates?: string }
  /**
   * Enrolling a virtual MFA device: draw `uri` as a QR code, offer `secret` as text on request, take two
   * codes. `error` is the reason the last two codes were refused. Held in memory only.
   */
  | { kind: 'mfa'; stepId: StepId; uri: string; secret: string; label: string; error?: string }
  /** A secret the operator may look at once (p shows it); gone from the screen when they go on. */
  | { kind: 'reveal'; stepId: StepId; title: string; label: string; secret: string; note?: string };

export type Outcome = 'hardened' | 'incomplete' | 'previewed';

export type Phase =
  | { name: 'starting' }
  | { name: 'running'; index: number }
  | { name: 'finished'; outcome: Outcome }
  | { name: 'stopped'; reason: 'quit' | 'interrupted' | 'failed'; error?: { message: string; remedy?: string } };

export interface WizardState {
  header: RunHeader;
  steps: StepView[];
  phase: Phase;
  prompt: Prompt | undefined;
  showDetails: boolean;
}

export type WizardEvent =
  | { type: 'step-entered'; index: number }
  | { type: 'step-updated'; id: StepId; patch: Partial<Omit<StepView, 'id' | 'title' | 'why'>> }
  | { type: 'prompt-opened'; prompt: Prompt }
  | { type: 'prompt-closed' }
  | { type: 'finished'; outcome: Outcome }
  | { type: 'stopped'; reason: 'quit' | 'interrupted' | 'failed'; error?: { message: string; remedy?: string } }
  | { type: 'details-toggled' };

export function initialState(header: RunHeader, steps: ReadonlyArray<{ id: StepId; title: string; why: string; needsHuman?: string; cost?: StepCost }>): WizardState {
  return {
    header,
    steps: steps.map((s) => ({ id: s.id, title: s.title, why: s.why, status: 'pending', ...(s.needsHuman ? { needsHuman: s.needsHuman } : {}), ...(s.cost ? { cost: s.cost } : {}) })),
    phase: { name: 'starting' },
    prompt: undefined,
    showDetails: false,
  };
}

function assertNever(x: never): never {
  throw new Error(`unhandled event ${JSON.stringify(x)}`);
}

export function reduce(state: WizardState, event: WizardEvent): WizardState {
  switch (event.type) {
    case 'step-entered':
      return { ...state, phase: { name: 'running', index: event.index }, showDetails: false };
    case 'step-updated':
      return {
        ...state,
        steps: state.steps.map((s) => (s.id === event.id ? { ...s, ...event.patch } : s)),
      };
    case 'prompt-opened':
      return { ...state, prompt: event.prompt };
    case 'prompt-closed':
      return { ...state, prompt: undefined };
    case 'finished':
      return { ...state, phase: { name: 'finished', outcome: event.outcome }, prompt: undefined };
    case 'stopped':
      return { ...state, phase: { name: 'stopped', reason: event.reason, ...(event.error ? { error: event.error } : {}) }, prompt: undefined };
    case 'details-toggled':
      return { ...state, showDetails: !state.showDetails };
    default:
      return assertNever(event);
  }
}

/** The step the wizard is on, if any. */
export function currentStep(state: WizardState): StepView | undefined {
  return state.phase.name === 'running' ? state.steps[state.phase.index] : undefined;
}

/** Counts for the collapsed step list ("3/10") and the summary. */
export function progress(state: WizardState): { position: number; total: number; finished: number } {
  const finished = state.steps.filter((s) => s.status === 'done' || s.status === 'previewed' || s.status === 'skipped').length;
  const position = state.phase.name === 'running' ? state.phase.index + 1 : state.phase.name === 'finished' ? state.steps.length : 0;
  return { position, total: state.steps.length, finished };
}
