import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Aws } from '../../src/aws/context.js';
import { Journal } from '../../src/engine/journal.js';
import { Runner, type RunnerHost, type RunResult } from '../../src/engine/runner.js';
import { initialState } from '../../src/engine/state.js';
import { createWizardStore } from '../../src/hosts/ink-store.js';
import { defineStep, type StepContext } from '../../src/steps/types.js';
import { runWizard, type WizardIO } from '../../src/ui/run.js';
import { CHECKS, FINDING, HEADER, MAX_AGE, PASSWORD_POLICY_INDEX, PLAN, state, stepOf } from './fixtures.js';
import { cleanup, KEYS, renderTui, waitFor, waitForText, type Rendered } from './render.js';

afterEach(() => cleanup());

/** runWizard on the test terminal; `ui()` is the mounted screen, `unmounted()` whether Ink was torn down. */
function testIO(size?: { columns: number; rows: number }) {
  let ui: Rendered | undefined;
  let unmounted = false;
  const io: WizardIO = {
    animate: false,
    mount(node) {
      const mounted = renderTui(node, size);
      ui = mounted;
      return {
        unmount() {
          unmounted = true;
          mounted.unmount();
        },
        waitUntilExit: () => mounted.waitUntilExit(),
      };
    },
  };
  return {
    io,
    ui: () => {
      if (!ui) throw new Error('not mounted yet');
      return ui;
    },
    unmounted: () => unmounted,
  };
}

describe('runWizard', () => {
  it('resolves with the runner result once the final frame is drawn, then unmounts', async () => {
    const t = testIO();
    const start = async (host: RunnerHost): Promise<RunResult> => {
      if ((await host.prompt({ kind: 'start', checks: CHECKS })) === 'quit') return { stopped: 'quit' };
      host.dispatch({ type: 'step-entered', index: PASSWORD_POLICY_INDEX });
      host.dispatch({ type: 'step-updated', id: 'password-policy', patch: { status: 'done', note: 'Password policy meets CIS.' } });
      host.dispatch({ type: 'finished', outcome: 'hardened' });
      return { outcome: 'hardened' };
    };
    const result = runWizard(createWizardStore(state({ dryRun: false })), start, t.io);
    await waitForText(t.ui(), 'Press enter to begin.');
    expect(t.unmounted()).toBe(false);
    await t.ui().press(KEYS.enter);

    await expect(result).resolves.toEqual({ outcome: 'hardened' });
    expect(t.unmounted()).toBe(true);
    expect(t.ui().frame()).toContain('All steps done and verified.');
    expect(t.ui().frame()).toContain('│ ✓ Password policy   done         Password policy meets CIS. ');
  });

  it('q on the start screen: the runner stops and the frame says so', async () => {
    const t = testIO();
    const start = async (host: RunnerHost): Promise<RunResult> => {
      if ((await host.prompt({ kind: 'start', checks: CHECKS })) === 'quit') {
        host.dispatch({ type: 'stopped', reason: 'quit' });
        return { stopped: 'quit' };
      }
      return { outcome: 'hardened' };
    };
    const result = runWizard(createWizardStore(state()), start, t.io);
    await waitForText(t.ui(), 'Press enter to begin.');
    await t.ui().press('q');
    await expect(result).resolves.toEqual({ stopped: 'quit' });
    expect(t.ui().frame()).toContain('Stopped before the end.');
  });

  it.each([
    {
      screen: 'the start screen',
      drive: async (host: RunnerHost) => {
        await host.prompt({ kind: 'start', checks: CHECKS });
      },
      shown: 'Press enter to begin.',
    },
    {
      screen: 'a text input',
      drive: async (host: RunnerHost) => {
        host.dispatch({ type: 'step-entered', index: PASSWORD_POLICY_INDEX });
        await host.prompt({ kind: 'questions', stepId: 'password-policy', questions: [MAX_AGE], defaults: { maxAgeDays: '0' } });
      },
      shown: '› 0',
    },
    {
      screen: 'the confirm screen',
      drive: async (host: RunnerHost) => {
        host.dispatch({ type: 'step-entered', index: PASSWORD_POLICY_INDEX });
        await host.prompt({ kind: 'confirm', stepId: 'password-policy', plan: PLAN, dryRun: true });
      },
      shown: 'Would call:',
    },
    {
      screen: 'a spinner (no prompt)',
      drive: async (host: RunnerHost) => {
        host.dispatch({ type: 'step-entered', index: PASSWORD_POLICY_INDEX });
        host.dispatch({ type: 'step-updated', id: 'password-policy', patch: { status: 'applying' } });
        await new Promise(() => {});
      },
      shown: 'Applying…',
    },
  ])('Ctrl-C at $screen resolves "interrupted" at once', async ({ drive, shown }) => {
    const t = testIO();
    const result = runWizard(
      createWizardStore(state()),
      async (host) => {
        await drive(host);
        return { outcome: 'hardened' };
      },
      t.io,
    );
    await waitForText(t.ui(), shown);
    await t.ui().press(KEYS.ctrlC);
    await expect(result).resolves.toBe('interrupted');
    expect(t.unmounted()).toBe(true);
    // The last frame on screen says what happened, not the question that was open.
    expect(t.ui().frame()).toContain('Interrupted.');
    expect(t.ui().frame()).not.toContain(shown);
  });

  it('Ctrl-C works on the "terminal too small" message', async () => {
    const t = testIO({ columns: 40, rows: 24 });
    const result = runWizard(
      createWizardStore(state()),
      async (host) => {
        await host.prompt({ kind: 'start', checks: CHECKS });
        return { outcome: 'hardened' };
      },
      t.io,
    );
    await waitForText(t.ui(), 'needs a terminal');
    await t.ui().press(KEYS.enter);
    await t.ui().press(KEYS.ctrlC);
    await expect(result).resolves.toBe('interrupted');
  });

  it('rejects with the runner error (a bug) after unmounting', async () => {
    const t = testIO();
    const result = runWizard(
      createWizardStore(state()),
      async () => {
        throw new Error('runner bug');
      },
      t.io,
    );
    await expect(result).rejects.toThrow('runner bug');
    expect(t.unmounted()).toBe(true);
  });
});

describe('runWizard with the real runner', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('walks a dry run: start, question, confirm, summary', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aws-harden-ui-'));
    const step = defineStep({
      // The real step's name and reason; its AWS side is stood in for (a dry run never applies).
      ...stepOf('password-policy'),
      check: async () => FINDING,
      questions: () => [MAX_AGE],
      plan: (_ctx, _finding, answers) => [{ ...PLAN[0]!, params: { ...PLAN[0]!.params, MaxPasswordAge: Number(answers.maxAgeDays) } }],
      apply: async () => {
        throw new Error('apply must not run in dry-run');
      },
    });
    const ctx = { aws: new Aws({ dryRun: true, env: {} }), identity: { account: HEADER.account, arn: HEADER.arn, userId: 'AID', isRoot: true }, region: HEADER.region } satisfies StepContext;
    const journal = Journal.open(HEADER.account, { env: { XDG_STATE_HOME: dir }, writable: false });
    const t = testIO();

    const result = runWizard(createWizardStore(initialState({ ...HEADER, dryRun: true }, [step])), (host) => new Runner(ctx, [step], journal, host, { dryRun: true, presets: {} }).run(), t.io);

    await waitForText(t.ui(), 'Press enter to begin.');
    expect(t.ui().frame()).toContain('│ ✗ Password policy  Password policy is weak: minimum l…');
    await t.ui().press(KEYS.enter);

    await waitForText(t.ui(), '› 0');
    await t.ui().press(KEYS.backspace);
    await t.ui().type('365');
    await waitForText(t.ui(), '› 365');
    await t.ui().press(KEYS.enter);

    await waitForText(t.ui(), 'Would call: iam:UpdateAccountPasswordPolicy');
    await t.ui().press('d');
    await waitForText(t.ui(), '"MaxPasswordAge": 365');
    await t.ui().press(KEYS.enter);

    await expect(result).resolves.toEqual({ outcome: 'previewed' });
    await waitFor(() => t.unmounted());
    expect(t.ui().frame()).toContain('│ ◇ Password policy  previewed    would make 1 call ');
    expect(t.ui().frame()).toContain('Dry run complete: nothing was changed.');
  });
});
