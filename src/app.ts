/**
 * The composition root: opens the session (session.ts) and hands it to the command asked for
 * (commands/). All operator-facing failures end here as a message, a remedy and a documented exit code.
 * `credential-process` does not come here: cli.ts runs it without the SDK (commands/credential-process.ts).
 */
import type { CliOptions } from './args.js';
import { audit } from './commands/audit.js';
import { headless } from './commands/headless.js';
import { plan } from './commands/plan.js';
import { openJournal } from './commands/run.js';
import { earlySignals, preloadUi, refuseUnfitTerminal, wizard } from './commands/wizard.js';
import { loadConfig } from './config.js';
import { ExitCode, OperatorError, describeError } from './errors.js';
import { openSession, type Cleanup } from './session.js';
import { STEPS } from './steps/index.js';

function printError(e: unknown): number {
  const { message, remedy, bug } = describeError(e);
  process.stderr.write(`aws-harden: ${message}\n${remedy ? `  → ${remedy}\n` : ''}`);
  if (bug && e instanceof Error && process.env.AWS_HARDEN_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
  return bug ? ExitCode.Bug : e instanceof OperatorError ? e.exitCode : ExitCode.Bug;
}

export async function runCommand(opts: CliOptions): Promise<number> {
  const cleanups: Cleanup[] = [];
  try {
    const interactive = opts.command === 'wizard' && !opts.yes;
    if (interactive) refuseUnfitTerminal(opts);
    const presets = opts.config ? loadConfig(opts.config, STEPS) : {};
    const ui = interactive ? preloadUi() : undefined;
    const session = await openSession(opts, cleanups);
    switch (opts.command) {
      case 'keys':
        return await (await import('./commands/keys/index.js')).runKeys(session, opts);
      case 'audit':
        return await audit(session, presets, opts.json);
      case 'plan':
        return await plan(session, openJournal(session, opts, presets, cleanups), presets, opts.json);
      case 'wizard': {
        // Listening before the lock exists: a signal that finds no listener kills at once, lock left behind.
        const early = earlySignals(session.sandbox);
        cleanups.push(early);
        const journal = openJournal(session, opts, presets, cleanups);
        if (ui) return await wizard(session, journal, presets, ui, early);
        // headless() puts its own signal listeners on before it first yields; then these can go.
        const running = headless(session, journal, presets);
        early();
        return await running;
      }
      default: {
        const never: never = opts.command;
        throw new Error(`unhandled command ${String(never)}`);
      }
    }
  } catch (e) {
    return printError(e);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}
