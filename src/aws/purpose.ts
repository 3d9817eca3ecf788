/**
 * What the AWS calls being made are for (a step and its phase, e.g. `admin-user check`), carried with
 * the async work that makes them (AsyncLocalStorage), so that `--debug` names it on every call line
 * without threading a label through every service function. Steps whose checks run at the same time
 * still get their own label on each line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const purpose = new AsyncLocalStorage<string>();

/** Runs `work` with its AWS calls labelled `label` in --debug lines. */
export function callsFor<T>(label: string, work: () => Promise<T>): Promise<T> {
  return purpose.run(label, work);
}

/** ` · admin-user check`: the current label as --debug appends it to a call's line, or nothing. */
export function purposeSuffix(): string {
  const label = purpose.getStore();
  return label ? ` · ${label}` : '';
}
