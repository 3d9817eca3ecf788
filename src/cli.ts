#!/usr/bin/env node
/**
 * Entry point. Kept small so `--version` and `--help` answer without loading the SDK or Ink;
 * everything heavy is imported when a command needs it.
 */
import { readFileSync } from 'node:fs';
import { USAGE, parseCli } from './args.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  let opts: ReturnType<typeof parseCli>;
  try {
    opts = parseCli(argv);
  } catch (e) {
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
  const { runCommand } = await import('./app.js');
  return runCommand(opts);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`aws-harden: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nThis is a bug; please report it.\n`);
    process.exitCode = 70;
  },
);
