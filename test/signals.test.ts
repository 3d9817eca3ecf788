import { constants } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../src/errors.js';
import { INTERRUPTED_EXIT_CODE, STOP_SIGNALS, isStopExitCode, onStopSignals, signalExitCode } from '../src/signals.js';

afterEach(() => vi.restoreAllMocks());

describe('stop signals', () => {
  it('end with 128 + the signal number, as shells report it', () => {
    for (const signal of STOP_SIGNALS) expect(signalExitCode(signal)).toBe(128 + constants.signals[signal]);
    expect(ExitCode.Interrupted).toBe(INTERRUPTED_EXIT_CODE);
    expect(INTERRUPTED_EXIT_CODE).toBe(130);
  });

  it('tells a stopped run from one that ended by itself', () => {
    expect([130, 143, 129].every(isStopExitCode)).toBe(true);
    expect([0, 1, 2, 3, 70, 137].some(isStopExitCode)).toBe(false);
  });

  it('hand the first signal over, end the process on the second, and come off again', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const first = vi.fn();
    const before = process.listenerCount('SIGTERM');
    const off = onStopSignals(first);
    for (const signal of STOP_SIGNALS) expect(process.listenerCount(signal)).toBeGreaterThan(0);
    const listener = process.listeners('SIGTERM').at(-1) as (signal: NodeJS.Signals) => void;
    listener('SIGTERM');
    expect(first).toHaveBeenCalledWith('SIGTERM');
    expect(exit).not.toHaveBeenCalled();
    listener('SIGHUP');
    expect(exit).toHaveBeenCalledWith(129);
    expect(first).toHaveBeenCalledTimes(1);
    off();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
