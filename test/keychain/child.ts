/**
 * Runs keychain work in a child process, so a test can give it a broken D-Bus environment (libsecret
 * reads it once per process). Prints one JSON line: {ok, ...} or {error: {message, remedy}}.
 *   keychain-set ENTRY          → stores a value
 *   keychain-get ENTRY          → reads a value (answers {ok, value})
 *   file-set ENTRY VALUE        → stores a value in the file keychain (--keychain file)
 *   file-get ENTRY              → reads it from the file keychain
 *   choose                      → chooses the keychain as the interactive wizard does (answers {ok, backend})
 *   access-key ENDPOINT ACCOUNT → runs the access-key step (check + apply) against the emulator
 */
import { describeError } from '../../src/errors.js';
import { openKeychain } from '../../src/keychain/index.js';
import { chooseKeychain } from '../../src/keychain/choose.js';
import { Aws } from '../../src/aws/context.js';
import { getCallerIdentity } from '../../src/aws/sts.js';
import { accessKeyStep } from '../../src/steps/access-key/index.js';
import { noOperator } from '../helpers/operator.js';

async function main(): Promise<unknown> {
  const [mode, a, b] = process.argv.slice(2);
  const keychain = openKeychain();
  if (mode === 'keychain-set') {
    await keychain.set(a ?? 'x', 'not-a-real-secret');
    return { ok: true };
  }
  if (mode === 'keychain-get') return { ok: true, value: await keychain.get(a ?? 'x') };
  if (mode === 'file-set') {
    await openKeychain(undefined, 'file').set(a ?? 'x', b ?? '');
    return { ok: true };
  }
  if (mode === 'file-get') return { ok: true, value: await openKeychain(undefined, 'file').get(a ?? 'x') };
  if (mode === 'choose') {
    const chosen = await chooseKeychain({ offer: true });
    if (a) await chosen.set(a, b ?? '');
    return { ok: true, backend: chosen.backend };
  }
  if (mode === 'access-key') {
    const aws = new Aws({ dryRun: false, endpoint: a ?? '', region: 'us-east-1', credentials: JSON.parse(b ?? '{}') as { accessKeyId: string; secretAccessKey: string }, env: {} });
    await aws.init();
    const ctx = { aws, identity: await getCallerIdentity(aws), region: aws.region, keychain, env: process.env };
    const finding = await accessKeyStep.check(ctx);
    await accessKeyStep.apply(ctx, finding, { profile: 'admin-test' }, noOperator());
    return { ok: true };
  }
  throw new Error(`unknown mode ${mode ?? ''}`);
}

main().then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (e: unknown) => {
    const { message, remedy } = describeError(e);
    process.stdout.write(`${JSON.stringify({ error: { message, remedy, exitCode: (e as { exitCode?: number }).exitCode } })}\n`);
  },
);
