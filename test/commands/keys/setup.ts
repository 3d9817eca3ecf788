/**
 * What the keys tests start from: the admin user aws-harden made, with the key the access-key step
 * made (secret in the real keychain, a credential_process profile in a temp HOME's ~/.aws/config),
 * exactly as after a wizard run. Built with the product's own step, against the strict sandbox.
 */
import { noOperator } from '../../helpers/operator.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type { KeysContext } from '../../../src/commands/keys/context.js';
import { accessKeyEntry, parseAccessKey, pendingAccessKeyEntry, type Keychain, type StoredAccessKey } from '../../../src/keychain/index.js';
import { sessionEntry } from '../../../src/keychain/mfa-session.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { accessKeyStep, defaultProfileName } from '../../../src/steps/access-key/index.js';
import type { StepContext } from '../../../src/steps/types.js';
import { emulatorContext } from '../../helpers/aws.js';
import { eventually } from '../../helpers/emulator.js';

export interface Admin {
  ctx: StepContext;
  home: string;
  config: string;
  profile: string;
  key: StoredAccessKey;
}

export function rootIam(sb: Sandbox): IAMClient {
  return new IAMClient({ endpoint: sb.endpoint, region: sb.region, credentials: sb.rootCredentials });
}

/** The admin user with its aws-harden key and profile, in a new temp HOME. */
export async function adminWithKey(sb: Sandbox, keychain: Keychain): Promise<Admin> {
  const iam = rootIam(sb);
  await iam.send(new CreateUserCommand({ UserName: 'admin', Tags: [{ Key: 'created-by', Value: 'aws-harden' }] }));
  iam.destroy();
  const home = mkdtempSync(join(tmpdir(), 'aws-harden-keys-home-'));
  const config = join(home, '.aws', 'config');
  const ctx: StepContext = { ...(await emulatorContext(sb)), keychain, env: { HOME: home, AWS_CONFIG_FILE: config } };
  // The strict sandbox shows the new user after a moment, as IAM does.
  await eventually(async () => {
    // Read AWS again on each try, as the runner does: the user made above shows after a moment.
    ctx.aws.forgetReads();
    const finding = await accessKeyStep.check(ctx);
    await accessKeyStep.apply(ctx, finding, {}, noOperator());
    ctx.aws.forgetReads();
    const v = await accessKeyStep.verify!(ctx, {});
    if (v.status !== 'done') throw new Error(v.summary);
  }, 30_000);
  const key = parseAccessKey(await keychain.get(accessKeyEntry(sb.accountId, 'admin')));
  if (!key) throw new Error('the access-key step stored no key');
  return { ctx, home, config, profile: defaultProfileName('admin', sb.accountId), key };
}

/** A KeysContext over the admin's context; lines said go to `lines`, questions to `ask`. */
export function keysContext(a: Admin, keychain: Keychain, opts: { yes?: boolean; ask?: (prompt: string) => Promise<string>; aws?: StepContext['aws'] } = {}): { k: KeysContext; lines: string[] } {
  const lines: string[] = [];
  const aws = opts.aws ?? a.ctx.aws;
  // Each command is a new process with a read cache of its own; the tests change the account in between.
  aws.forgetReads();
  const k: KeysContext = {
    aws,
    account: a.ctx.identity.account,
    callerArn: a.ctx.identity.arn,
    keychain,
    env: a.ctx.env ?? {},
    yes: opts.yes ?? false,
    out: (l) => void lines.push(l),
    ask: opts.ask ?? (() => Promise.reject(new Error('this test expects no question'))),
  };
  return { k, lines };
}

/** Removes every entry the keys tests may leave for `user` of `account`. */
export async function forget(keychain: Keychain, account: string, user = 'admin'): Promise<void> {
  for (const e of [accessKeyEntry(account, user), pendingAccessKeyEntry(account, user), sessionEntry(account, user)]) await keychain.delete(e).catch(() => false);
}
