#!/usr/bin/env node
/**
 * Entry point. Kept small so `--version` and `--help` answer without loading the SDK or Ink;
 * everything heavy is imported when a command needs it.
 */
import { readFileSync } from 'node:fs';
import { USAGE, parseCli } from './args.js';
import { isStopExitCode } from './signals.js';

// The SDK warns on Node < 22 about releases after January 2027. package-lock.json pins versions that
// support Node 20, and the warning would be drawn over the wizard's screen. An explicit setting wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseCli>;
  try {
    opts = parseCli(argv);
  } catch (e) {
    // credential-process is read by the AWS CLI: one line and exit 1, as its protocol expects.
    if (argv[0] === 'credential-process') {
      process.stderr.write(`aws-harden: ${(e as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`aws-harden: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (opts === 'version') {
    process.stdout.write(`aws-harden ${version()}\n`);
    return 0;
  }
  if (opts.command === 'credential-process') {
    // The fast path the AWS CLI runs for every command of the profile: keychain only, no SDK, no Ink.
    const { credentialProcessCommand } = await import('./commands/credential-process.js');
    return credentialProcessCommand(opts);
  }
  // Loading the SDK and Ink takes several times Node's own start: say something at once, on the
  // wizard's terminal only (never in output a script reads). Ink's first frame is drawn below it.
  if (opts.command === 'wizard' && !opts.yes && process.stdout.isTTY && process.stdin.isTTY) process.stdout.write('aws-harden · starting…\n');
  const { runCommand } = await import('./app.js');
  return runCommand(opts);
}

main(process.argv.slice(2)).then(
  (code) => {
    // After an interrupt the runner may still be awaiting AWS; it has nothing left to say, so leave now
    // (the journal is written atomically, and the next run re-checks AWS).
    if (isStopExitCode(code)) process.exit(code);
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`aws-harden: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nThis is a bug; please report it.\n`);
    process.exitCode = 70;
  },
);
