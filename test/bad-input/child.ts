/**
 * Runs one identity step (check + apply, as the runner does) in a child process, so a test can give it
 * a keychain environment of its own: no D-Bus session, or a private one whose keyring is locked
 * (libsecret reads the environment once per process). Prints one JSON line: {ok} or {error}.
 *   node --import tsx child.ts STEP ENDPOINT CREDENTIALS_JSON ANSWERS_JSON
 */
import { Aws } from '../../src/aws/context.js';
import { getCallerIdentity } from '../../src/aws/sts.js';
import { describeError } from '../../src/errors.js';
import { openKeychain } from '../../src/keychain/index.js';
import { accessKeyStep } from '../../src/steps/access-key/index.js';
import { adminUserStep } from '../../src/steps/admin-user.js';
import type { Answers, Step } from '../../src/steps/types.js';
import { noOperator } from '../helpers/operator.js';

const STEPS: Record<string, Step> = { 'admin-user': adminUserStep, 'access-key': accessKeyStep };

async function main(): Promise<unknown> {
  const [stepId, endpoint, credentials, answersJson] = process.argv.slice(2);
  const step = STEPS[stepId ?? ''];
  if (!step) throw new Error(`unknown step ${stepId ?? ''}`);
  const aws = new Aws({ dryRun: false, endpoint: endpoint ?? '', region: 'us-east-1', credentials: JSON.parse(credentials ?? '{}') as { accessKeyId: string; secretAccessKey: string }, env: {} });
  await aws.init();
  const answers = JSON.parse(answersJson ?? '{}') as Answers;
  const ctx = { aws, identity: await getCallerIdentity(aws), region: aws.region, keychain: openKeychain('aws-harden-test'), env: process.env, answersOf: () => answers };
  const finding = await step.check(ctx);
  await step.apply(ctx, finding, answers, noOperator());
  return { ok: true };
}

main().then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (e: unknown) => {
    const { message, remedy } = describeError(e);
    process.stdout.write(`${JSON.stringify({ error: { message, remedy } })}\n`);
  },
);
