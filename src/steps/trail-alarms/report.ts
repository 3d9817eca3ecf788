/** What the operator sees: the comparison table, the one-line finding, and why apply cannot go ahead. */
import { ExitCode, OperatorError } from '../../errors.js';
import { configHint } from '../../config.js';
import { validateEmail } from '../budget/index.js';
import type { ComparisonTable, Finding, StepContext } from '../types.js';
import { actionsFor, alarmOk, delivering, filterOk, subscribed } from './actions.js';
import { CIS_FILTERS, alarmName } from './filters.js';
import { LOG_GROUP, RETENTION_DAYS, TOPIC_NAME, arnsOf, type AlarmsInspection } from './inspect.js';

/** Said on screen and in the finding: SNS e-mails only a confirmed address (https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html). */
export function pendingNote(email: string): string {
  return `pending confirmation: AWS Notifications e-mailed ${email} a link to confirm; alarms reach it only once it is clicked`;
}

function subscriptionState(ins: AlarmsInspection, email: string | undefined): string {
  const s = subscribed(ins, email);
  if (!email) return 'no address yet';
  if (!s) return 'none';
  return s.pending ? `${email} (pending confirmation)` : `${email} (confirmed)`;
}

function tableFor(ctx: StepContext, ins: AlarmsInspection, email: string | undefined): ComparisonTable {
  const arns = arnsOf(ctx, ins);
  const row = (label: string, current: string, proposed: string) => ({ label, current, proposed, changes: current !== proposed });
  const filters = CIS_FILTERS.filter((f) => filterOk(ins, f)).length;
  const alarms = CIS_FILTERS.filter((f) =>
    alarmOk(
      ins.alarms.find((a) => a.name === alarmName(f)),
      f,
      arns.topic,
    ),
  ).length;
  const retention = ins.group ? (ins.group.retentionInDays ? `${ins.group.retentionInDays} days` : 'never expire') : '—';
  const sub = subscriptionState(ins, email);
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      row('log group', ins.group ? LOG_GROUP : '—', LOG_GROUP),
      row('retention', retention, ins.group?.retentionInDays && ins.group.retentionInDays >= RETENTION_DAYS ? retention : `${RETENTION_DAYS} days`),
      row(`trail ${ins.trailName} delivers to it`, delivering(ctx, ins) ? 'yes' : 'no', 'yes'),
      row('SNS topic', ins.topic ? TOPIC_NAME : '—', TOPIC_NAME),
      row('e-mail subscription', sub, sub.endsWith('(confirmed)') || sub.endsWith('(pending confirmation)') ? sub : `${email ?? '(your address)'} (pending confirmation)`),
      row('CIS metric filters', `${filters} of ${CIS_FILTERS.length}`, `${CIS_FILTERS.length} of ${CIS_FILTERS.length}`),
      row('alarms to the topic', `${alarms} of ${CIS_FILTERS.length}`, `${CIS_FILTERS.length} of ${CIS_FILTERS.length}`),
    ],
  };
}

/** Why apply cannot go ahead, or undefined. Checked before any change. */
export function stopReason(ctx: StepContext, ins: AlarmsInspection, email: string | undefined): OperatorError | undefined {
  if (!ins.trail) {
    return new OperatorError('aws', `The trail ${ins.trailName} does not exist, so there are no events to alarm on.`, 'Run the cloudtrail step first (it comes before this one).', ExitCode.StepFailed);
  }
  if (ins.trail.homeRegion !== ctx.region) {
    return new OperatorError(
      'aws',
      `The trail ${ins.trailName} belongs to region ${ins.trail.homeRegion}, and its CloudWatch Logs delivery is set there.`,
      `Run aws-harden with --region ${ins.trail.homeRegion}.`,
      ExitCode.StepFailed,
    );
  }
  const bad = email === undefined ? 'Enter the e-mail address that should get the alarms.' : validateEmail(email);
  if (bad) return new OperatorError('usage', bad, `Answer the e-mail question (with --yes: ${configHint('trail-alarms', { email: 'ops@example.com' })}).`, ExitCode.Usage);
  return undefined;
}

export function findingFor(ctx: StepContext, ins: AlarmsInspection, email = ins.email): Finding<AlarmsInspection> {
  const data = { ...ins, email };
  if (!ins.trail) {
    return {
      status: 'blocked',
      summary: `The trail ${ins.trailName} does not exist yet (the cloudtrail step makes it).`,
      data,
      waitsFor: {
        step: 'cloudtrail',
        then: `Would deliver trail ${ins.trailName} to CloudWatch Logs group ${LOG_GROUP} and add ${CIS_FILTERS.length} CIS metric filters with alarms that e-mail ${email ?? 'your address'} through SNS topic ${TOPIC_NAME}`,
        preview: `in this preview the trail ${ins.trailName} is not made`,
      },
    };
  }
  if (ins.trail.homeRegion !== ctx.region) {
    return { status: 'blocked', summary: `Trail ${ins.trailName} belongs to region ${ins.trail.homeRegion}; run aws-harden with --region ${ins.trail.homeRegion} to add its alarms.`, data };
  }
  const table = tableFor(ctx, ins, email);
  const actions = actionsFor(ctx, ins, email);
  const sub = subscribed(ins, email);
  if (actions.length === 0 && sub) {
    const tail = sub.pending ? ` (${pendingNote(sub.endpoint)})` : '';
    return {
      status: 'done',
      summary: `Trail ${ins.trailName} delivers to CloudWatch Logs group ${LOG_GROUP}; ${CIS_FILTERS.length} CIS metric filters alarm to SNS topic ${TOPIC_NAME}, which e-mails ${sub.endpoint}${tail}.`,
      table,
      data,
    };
  }
  const problems = table.rows.filter((r) => r.changes).map((r) => `${r.label}: ${r.current}`);
  return { status: 'todo', summary: `Not yet alarmed on: ${problems.join('; ')}.`, table, data };
}
