/**
 * trail-alarms: the CIS monitoring controls (a log metric filter and alarm each for unauthorized API
 * calls, console sign-in without MFA, root user use, IAM policy, CloudTrail, console authentication
 * failures, KMS key disabling or deletion, S3 bucket policy, AWS Config, security group, network ACL,
 * network gateway, route table, VPC and AWS Organizations changes). The trail also delivers to a
 * CloudWatch Logs group (`aws-harden/cloudtrail`, kept a year) through a role only CloudTrail may
 * assume for this trail; each filter's alarm fires on one match in five minutes and e-mails the
 * operator through an SNS topic. The e-mail subscription waits for the recipient to click the
 * confirmation link AWS sends: that is said on screen and in the finding, and is not a failure.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 *
 * Only aws-harden's own trail (the cloudtrail step's) is wired; a trail made elsewhere that covers the
 * account is not changed here. Paid: CloudWatch Logs ingestion and storage, and the alarms.
 */
import { plannedCalls, runActions } from '../../aws/actions/index.js';
import { answerOf } from '../answers.js';
import { validateEmail } from '../budget/index.js';
import { defineStep, type Answers, type Question } from '../types.js';
import { actionsFor } from './actions.js';
import { CIS_FILTERS } from './filters.js';
import { inspectAlarms, type AlarmsInspection } from './inspect.js';
import { findingFor, stopReason } from './report.js';

export { CIS_FILTERS, METRIC_NAMESPACE, alarmName, filterName, type CisFilter } from './filters.js';
export { LOG_GROUP, ROLE_NAME, TOPIC_NAME, type AlarmsInspection } from './inspect.js';

/** An earlier address: this step's answer, else the budget's (the same person reads both). */
function earlierEmail(ctx: Parameters<typeof answerOf>[0]): string | undefined {
  return answerOf(ctx, 'trail-alarms', 'email', validateEmail) ?? answerOf(ctx, 'budget', 'email', validateEmail);
}

function emailOf(answers: Answers, fallback: string | undefined): string | undefined {
  const v = (answers.email ?? fallback ?? '').trim();
  return v === '' ? undefined : v;
}

export const trailAlarmsStep = defineStep<AlarmsInspection>({
  id: 'trail-alarms',
  // The trail is the cloudtrail step's; the address is the budget's by default.
  dependsOn: ['cloudtrail', 'budget'],
  title: 'Security alarms',
  why: 'An e-mail within minutes of root use, a sign-in without MFA or a trail being stopped turns a silent compromise into one you can act on.',
  cost: {
    summary: `CloudWatch Logs ingests the trail's events (about $0.50 per GB; a quiet account sends well under 1 GB a month) and keeps them a year ($0.03 per GB-month), and the ${CIS_FILTERS.length} alarms cost $0.10 each a month: about $2 a month.`,
    pricing: 'https://aws.amazon.com/cloudwatch/pricing/',
  },

  configKeys: { email: validateEmail },

  async check(ctx) {
    return findingFor(ctx, await inspectAlarms(ctx, earlierEmail(ctx)));
  },

  questions(ctx, finding): Question[] {
    return [
      {
        kind: 'text',
        id: 'email',
        prompt: 'E-mail address for the security alarms',
        default: finding.data?.email ?? earlierEmail(ctx) ?? '',
        help: 'SNS first e-mails this address a confirmation link; the alarms reach it only once the link is clicked.',
        validate: validateEmail,
      },
    ];
  },

  /** Another address than the one checked: the sentence and table are about it. */
  recheck(ctx, finding, answers) {
    const ins = finding.data;
    const email = emailOf(answers, ins?.email);
    return Promise.resolve(ins && email !== ins.email ? findingFor(ctx, ins, email) : finding);
  },

  plan(ctx, finding, answers) {
    const ins = finding.data;
    return ins ? plannedCalls(actionsFor(ctx, ins, emailOf(answers, ins.email))) : [];
  },

  async apply(ctx, finding, answers) {
    // Read again: the cloudtrail step may have made the trail since the check.
    const email = emailOf(answers, finding.data?.email ?? earlierEmail(ctx));
    const ins = await inspectAlarms(ctx, email);
    const stop = stopReason(ctx, ins, email);
    if (stop) throw stop;
    await runActions(ctx.aws, actionsFor(ctx, ins, email));
  },

  /** Done only with the operator's address subscribed (pending confirmation counts), everything read back. */
  async verify(ctx, answers) {
    const email = emailOf(answers, earlierEmail(ctx));
    return findingFor(ctx, await inspectAlarms(ctx, email), email);
  },
});
