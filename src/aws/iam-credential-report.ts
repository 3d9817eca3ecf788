/**
 * The IAM credential report (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html):
 * one CSV row per user with its password, MFA and access keys and when each was last used or changed,
 * read with two calls however many users the account has. GenerateCredentialReport starts a report
 * (State STARTED, then INPROGRESS) or says one younger than four hours is there (COMPLETE); only then
 * does GetCredentialReport give it, so it is asked again until COMPLETE, within a deadline. Both calls
 * change nothing in the account (operations.ts lists them as reads) and are never answered from the
 * read cache (read-cache.ts): the state moves on between two asks.
 */
import { OperatorError } from '../errors.js';
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';

/** One user of the report, in our names. Dates are undefined where AWS writes N/A, no_information or not_supported. */
export interface CredentialRow {
  user: string;
  arn: string;
  /** The root user's row (`<root_account>`). */
  root: boolean;
  created?: Date;
  passwordEnabled: boolean;
  passwordLastUsed?: Date;
  passwordLastChanged?: Date;
  mfaActive: boolean;
  keys: Array<{ active: boolean; lastRotated?: Date; lastUsed?: Date }>;
}

/** How long to wait for AWS to finish a report before the checks that read it say `unknown`. */
export const REPORT_DEADLINE_MS = 30_000;
const POLL_MS = [250, 500, 1_000, 2_000];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The report's rows (the root user's first, as AWS writes it, when there is one). */
export async function credentialReport(aws: Aws, deadlineMs = REPORT_DEADLINE_MS): Promise<CredentialRow[]> {
  const { GenerateCredentialReportCommand, GetCredentialReportCommand } = await import('@aws-sdk/client-iam');
  const client = await aws.client('iam');
  const until = Date.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    const state = (await client.send(new GenerateCredentialReportCommand({}))).State;
    if (state === 'COMPLETE') {
      try {
        const out = await client.send(new GetCredentialReportCommand({}));
        return parseCredentialReport(new TextDecoder().decode(out.Content ?? new Uint8Array()));
      } catch (e) {
        // Made between our two calls by someone else's request, or expired just then: ask again.
        if (!isAwsError(e, 'ReportInProgress', 'ReportExpired', 'ReportNotPresent')) throw e;
      }
    }
    if (Date.now() >= until) {
      throw new OperatorError('aws', `AWS was still generating the IAM credential report after ${deadlineMs / 1000} s.`, 'Run the audit again in a minute: AWS keeps a report for four hours.');
    }
    await sleep(POLL_MS[Math.min(attempt, POLL_MS.length - 1)] ?? 2_000);
  }
}

/** The CSV as rows, by the header's column names (AWS may add columns; their order is not relied on). */
export function parseCredentialReport(csv: string): CredentialRow[] {
  const [header, ...lines] = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!header) return [];
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const get = (name: string) => cells[columns.indexOf(name)] ?? '';
    const key = (n: 1 | 2) => ({
      active: get(`access_key_${n}_active`) === 'true',
      ...dated('lastRotated', get(`access_key_${n}_last_rotated`)),
      ...dated('lastUsed', get(`access_key_${n}_last_used_date`)),
    });
    return {
      user: get('user'),
      arn: get('arn'),
      root: get('user') === '<root_account>',
      ...dated('created', get('user_creation_time')),
      passwordEnabled: get('password_enabled') === 'true',
      ...dated('passwordLastUsed', get('password_last_used')),
      ...dated('passwordLastChanged', get('password_last_changed')),
      mfaActive: get('mfa_active') === 'true',
      keys: [key(1), key(2)],
    };
  });
}

/** `{ [field]: date }` for an ISO date; `{}` for AWS's words for none (N/A, no_information, not_supported). */
function dated<K extends string>(field: K, value: string): { [P in K]?: Date } {
  const time = Date.parse(value);
  return (Number.isNaN(time) ? {} : { [field]: new Date(time) }) as { [P in K]?: Date };
}
