/**
 * `aws-harden keys list | rotate | remove`: the life of the access keys aws-harden keeps in the
 * keychain after the wizard (issue 12, part 5). Dispatch only; one file per command.
 */
import type { CliOptions } from '../../args.js';
import { AccountLock, takeoverNotice } from '../../engine/lock.js';
import { askTerminal } from '../../keychain/tty.js';
import type { Session } from '../../session.js';
import type { KeysContext } from './context.js';

export async function runKeys(s: Session, opts: CliOptions): Promise<number> {
  const keys = opts.keys;
  if (!s.ctx.keychain || !keys) throw new Error('keys: the session has no keychain or no action');
  const k: KeysContext = {
    aws: s.aws,
    account: s.identity.account,
    callerArn: s.identity.arn,
    keychain: s.ctx.keychain,
    env: s.env,
    yes: opts.yes,
    out: (line) => process.stdout.write(`${line}\n`),
    ask: (prompt, remedy) => askTerminal(prompt, { what: 'a confirmation', remedy, echo: true }),
  };
  if (keys.action === 'list') return (await import('./list.js')).list(k, opts.json);
  // A change to the keychain and IAM: not while a wizard run (or another rotation) works on the account.
  const lock = s.aws.dryRun ? undefined : AccountLock.acquire(s.identity.account, { env: s.env });
  try {
    const notice = lock && takeoverNotice(lock);
    if (notice) process.stderr.write(`aws-harden: ${notice}\n`);
    if (keys.action === 'rotate') return await (await import('./rotate.js')).rotate(k, keys.user);
    return await (await import('./remove.js')).remove(k, keys.user ?? '');
  } finally {
    lock?.release();
  }
}
