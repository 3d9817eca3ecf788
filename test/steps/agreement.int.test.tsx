/**
 * The screen is a promise (issue 10): for every step with questions, non-default answers are typed,
 * and the confirmation on screen, the plan the runner holds, and the calls that reached the emulator
 * must all say the same thing. The real Runner drives the real App (ink-testing-library, 140×80 so
 * nothing scrolls) against the strict sandbox and a real keychain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/engine/journal.js';
import { Runner, type ReplyTo, type RunnerHost } from '../../src/engine/runner.js';
import { initialState, type Prompt } from '../../src/engine/state.js';
import { openKeychain } from '../../src/keychain/index.js';
import { adminGroupStep } from '../../src/steps/admin-group.js';
import { adminUserStep } from '../../src/steps/admin-user.js';
import { accessKeyStep } from '../../src/steps/access-key/index.js';
import { budgetStep } from '../../src/steps/budget/index.js';
import { trailAlarmsStep } from '../../src/steps/trail-alarms/index.js';
import { trailBucketLoggingStep } from '../../src/steps/trail-bucket-logging/index.js';
import { cloudtrailStep } from '../../src/steps/cloudtrail/index.js';
import { kmsKeyStep } from '../../src/steps/kms-key/index.js';
import { passwordPolicyStep } from '../../src/steps/password-policy.js';
import { securityContactStep } from '../../src/steps/security-contact/index.js';
import { supportRoleStep } from '../../src/steps/support-role.js';
import type { Answers, PlannedCall, Step, StepId } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, isMutatingRecorded, recordedBody, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { mountApp } from '../ui/app.js';
import { resetRecording } from './logging-helpers.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const em = useEmulator({ accountId: '210000000077' });

const STEPS: readonly Step[] = [
  adminGroupStep,
  adminUserStep,
  accessKeyStep,
  passwordPolicyStep,
  kmsKeyStep,
  cloudtrailStep,
  budgetStep,
  securityContactStep,
  supportRoleStep,
  trailBucketLoggingStep,
  trailAlarmsStep,
];

/** Every answer differs from the step's default. */
const ANSWERS: Partial<Record<StepId, Answers>> = {
  'admin-group': { groupName: 'Ops-Admins' },
  'admin-user': { userName: 'ops-alice', accountAlias: 'acme-ops-77' },
  'access-key': { profile: 'ops-alice-profile' },
  'password-policy': { maxAgeDays: '90' },
  'kms-key': { alias: 'alias/ops-logs' },
  cloudtrail: { trail: 'ops-trail', bucket: 'ops-trail-logs-210000000077', keyAlias: 'alias/ops-logs' },
  budget: { name: 'ops-budget', amount: '25', email: 'ops@example.com' },
  'security-contact': { name: 'Ops Security', title: 'SecOps', email: 'secops@example.com', phone: '+1 206 555 0100', also: 'yes' },
  'support-role': { roleName: 'ops-support' },
  'trail-bucket-logging': { bucket: 'ops-trail-access-210000000077' },
  'trail-alarms': { email: 'alarms@example.com' },
};

/** What the screen must show for those answers, and what it must no longer show (the defaults). */
const SHOWN: Partial<Record<StepId, { shows: string[]; not: string[] }>> = {
  'admin-group': { shows: ['Ops-Admins'], not: ['"Administrators"'] },
  'admin-user': { shows: ['ops-alice', 'acme-ops-77'], not: ['"admin"'] },
  'access-key': { shows: ['ops-alice-profile', 'ops-alice'], not: ['admin-210000000077'] },
  'password-policy': { shows: ['90'], not: [] },
  'kms-key': { shows: ['alias/ops-logs'], not: ['alias/aws-harden'] },
  cloudtrail: { shows: ['ops-trail', 'ops-trail-logs-210000000077', 'alias/ops-logs'], not: ['aws-harden-trail'] },
  budget: { shows: ['ops-budget', '25 USD', 'ops@example.com'], not: ['10 USD', 'aws-harden-monthly'] },
  'security-contact': { shows: ['Ops Security (SecOps) <secops@example.com> +1 206 555 0100', 'billing', 'operations'], not: ['(Security)'] },
  'support-role': { shows: ['ops-support'], not: ['aws-harden-support'] },
  'trail-bucket-logging': { shows: ['ops-trail-access-210000000077', 'ops-trail-logs-210000000077'], not: ['-access-logs'] },
  'trail-alarms': { shows: ['alarms@example.com', 'ops-trail'], not: ['ops@example.com'] },
};

/** The value in the request AWS received that must be the answer. */
const SENT: Partial<Record<StepId, Array<[string, string]>>> = {
  'admin-group': [['iam:CreateGroup', 'GroupName=Ops-Admins']],
  'admin-user': [
    ['iam:CreateUser', 'UserName=ops-alice'],
    ['iam:CreateAccountAlias', 'AccountAlias=acme-ops-77'],
    ['iam:AddUserToGroup', 'GroupName=Ops-Admins'],
  ],
  'access-key': [['iam:CreateAccessKey', 'UserName=ops-alice']],
  'password-policy': [['iam:UpdateAccountPasswordPolicy', 'MaxPasswordAge=90']],
  'kms-key': [['kms:CreateAlias', '"AliasName":"alias/ops-logs"']],
  cloudtrail: [
    ['cloudtrail:CreateTrail', '"Name":"ops-trail"'],
    ['cloudtrail:CreateTrail', '"S3BucketName":"ops-trail-logs-210000000077"'],
  ],
  budget: [
    ['budgets:CreateBudget', '"BudgetName":"ops-budget"'],
    ['budgets:CreateBudget', '"Amount":"25"'],
    ['budgets:CreateBudget', '"Address":"ops@example.com"'],
  ],
  'security-contact': [
    ['account:PutAlternateContact', '"AlternateContactType":"SECURITY"'],
    ['account:PutAlternateContact', '"AlternateContactType":"BILLING"'],
    ['account:PutAlternateContact', '"AlternateContactType":"OPERATIONS"'],
    ['account:PutAlternateContact', '"EmailAddress":"secops@example.com"'],
  ],
  'support-role': [
    ['iam:CreateRole', 'RoleName=ops-support'],
    ['iam:AttachRolePolicy', 'RoleName=ops-support'],
  ],
  'trail-bucket-logging': [['s3:PUT ?logging', '<TargetBucket>ops-trail-access-210000000077</TargetBucket>']],
  'trail-alarms': [
    ['sns:Subscribe', 'Endpoint=alarms@example.com'],
    ['cloudtrail:UpdateTrail', '"Name":"ops-trail"'],
  ],
};

const AWS_SERVICES = new Set(['iam', 'kms', 's3', 'cloudtrail', 'budgets', 'account', 'logs', 'cloudwatch', 'sns']);
/** Services the emulator's recording names by their signing name. */
const SIGNING_NAME: Record<string, string> = { cloudwatch: 'monitoring' };
const READ = /^(Get|List|Describe|Head)/;

/** S3's REST calls as the emulator's recording names them (test/helpers/emulator.ts classifyRecorded). */
const S3_REST: Record<string, string> = {
  CreateBucket: 'PUT',
  PutBucketPolicy: 'PUT ?policy',
  PutPublicAccessBlock: 'PUT ?publicAccessBlock',
  PutBucketVersioning: 'PUT ?versioning',
  PutBucketEncryption: 'PUT ?encryption',
  PutBucketOwnershipControls: 'PUT ?ownershipControls',
  PutBucketTagging: 'PUT ?tagging',
  PutBucketLifecycleConfiguration: 'PUT ?lifecycle',
  PutBucketLogging: 'PUT ?logging',
};

/** The plan's changes to AWS, named as the emulator records them. */
function plannedMutations(plan: PlannedCall[]): string[] {
  return plan
    .filter((c) => AWS_SERVICES.has(c.service) && !READ.test(c.operation))
    .map((c) => `${SIGNING_NAME[c.service] ?? c.service}:${c.service === 's3' ? (S3_REST[c.operation] ?? c.operation) : c.operation}`);
}

interface Seen {
  frame: string;
  plan: PlannedCall[];
  sent: Array<{ call: string; body: string }>;
}

let unmount: (() => void) | undefined;
afterAll(() => unmount?.());

describe('non-default answers: the confirmation, the plan and the calls agree', () => {
  it('for every step with questions', async () => {
    const ctx = await emulatorContext(em);
    ctx.keychain = openKeychain();
    const journal = Journal.open(ctx.identity.account, { env: { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'agreement-')) }, writable: true });
    ctx.env = { HOME: mkdtempSync(join(tmpdir(), 'agreement-home-')), AWS_CONFIG_FILE: join(mkdtempSync(join(tmpdir(), 'agreement-cfg-')), 'config') };
    ctx.answersOf = (id) => journal.answers(id);
    const header = { account: ctx.identity.account, arn: ctx.identity.arn, isRoot: true, region: ctx.region, dryRun: false, sandbox: true, journalPath: journal.path };
    const app = mountApp(initialState(header, STEPS), { columns: 140, rows: 80 });
    unmount = () => app.ui.unmount();

    const seen = new Map<StepId, Seen>();
    let applying: StepId | undefined;
    /** The mutating requests since the last reset, credited to the step that was applying. */
    const collect = async () => {
      if (!applying) return;
      const sent = (await recordedRequests(em)).filter(isMutatingRecorded).map((r) => ({ call: describeRecorded(r), body: decodeURIComponent(recordedBody(r)) }));
      seen.get(applying)!.sent = sent;
      applying = undefined;
    };

    const host: RunnerHost = {
      dispatch: (e) => void app.ui.act(() => app.store.dispatch(e)),
      async prompt<P extends Prompt>(p: P): Promise<ReplyTo<P>> {
        const asked = await app.ask(p);
        const reply = async (value: unknown) => {
          await app.ui.act(() => void app.store.reply(p.kind, value as never));
          return asked.promise;
        };
        switch (p.kind) {
          case 'start':
            return reply('start');
          case 'questions':
            return reply({ answers: { ...p.defaults, ...ANSWERS[p.stepId] } });
          case 'confirm': {
            await collect();
            seen.set(p.stepId, { frame: app.ui.frame(), plan: p.plan, sent: [] });
            await resetRecording(em);
            applying = p.stepId;
            return reply('apply');
          }
          case 'reveal':
            return reply('done');
          case 'failure':
          case 'mfa':
          case 'wait':
          default:
            throw new Error(`unexpected prompt ${p.kind}: ${JSON.stringify(p).slice(0, 400)}\n${app.ui.frame()}`);
        }
      },
    };
    const result = await new Runner(ctx, STEPS, journal, host, { dryRun: false, presets: {} }).run();
    await collect();
    expect(result).toEqual({ outcome: 'hardened' });

    // Every step has its expectations: none is checked against nothing.
    for (const table of [ANSWERS, SHOWN, SENT]) expect(Object.keys(table).sort()).toEqual(STEPS.map((s) => s.id).sort());
    for (const step of STEPS) {
      const s = seen.get(step.id);
      expect(s, `${step.id} was confirmed`).toBeDefined();
      const { frame, plan, sent } = s!;
      // The screen: the answers, not the defaults.
      for (const text of SHOWN[step.id]!.shows) expect(frame, `${step.id} screen shows ${text}`).toContain(text);
      for (const text of SHOWN[step.id]!.not) expect(frame, `${step.id} screen no longer shows ${text}`).not.toContain(text);
      // Every planned call is on the screen.
      for (const c of plan) expect(frame, `${step.id} screen lists ${c.operation}`).toContain(c.operation);
      // The plan is the calls: same changes, same order.
      expect(
        sent.map((x) => x.call),
        `${step.id} calls`,
      ).toEqual(plannedMutations(plan));
      // And the calls carry the answers.
      for (const [call, text] of SENT[step.id]!) {
        expect(
          sent.some((x) => x.call === call && x.body.includes(text)),
          `${step.id}: ${call} sent with ${text}`,
        ).toBe(true);
      }
    }
  }, 180_000);
});
