/**
 * kms-key: a customer-managed symmetric KMS key behind an alias (default `alias/aws-harden`), with
 * automatic rotation and a key policy that keeps the account's own access and lets CloudTrail encrypt
 * logs with it. The alias is the key's identity: an existing alias is used, never a second key made.
 */
import { plannedCalls } from '../../aws/actions/index.js';
import { ExitCode, OperatorError } from '../../errors.js';
import { defineStep, type Question } from '../types.js';
import { actionsFor, applyKeyActions } from './actions.js';
import { inspectKey, keyBehindAlias, unusableReason, type KeyInspection } from './inspect.js';
import { DEFAULT_KEY_ALIAS, aliasOf, checkedAlias, validateAlias } from './names.js';
import { findingFor } from './report.js';
import { MIN_DELETION_DAYS, validateStrays } from './strays.js';

export { ALIAS_TAG, CREATED_BY, DEFAULT_KEY_ALIAS, NEW_KEY_ID, validateAlias } from './names.js';
export { keyBehindAlias, type KeyFacts, type KeyInspection } from './inspect.js';
export { scopeOf, wantedKeyPolicy } from './policy.js';
export { findingFor } from './report.js';

export const kmsKeyStep = defineStep<KeyInspection>({
  id: 'kms-key',
  title: 'KMS key',
  why: "Logs encrypted with the account's own rotating key can only be read by those the key policy allows, and every use of the key is itself logged.",

  configKeys: { alias: validateAlias, strays: validateStrays },

  async check(ctx) {
    return findingFor(ctx, await inspectKey(ctx, checkedAlias(ctx)));
  },

  questions(_ctx, finding): Question[] {
    return [
      {
        kind: 'text',
        id: 'alias',
        prompt: 'Alias of the key for CloudTrail logs',
        default: finding.data?.alias ?? DEFAULT_KEY_ALIAS,
        help: 'An existing alias is reused (its key is fixed up, never replaced); a new one gets a new key. The CloudTrail step finds the key by this alias.',
        validate: validateAlias,
      },
      ...(finding.data?.strays.length
        ? [
            {
              kind: 'choice' as const,
              id: 'strays',
              prompt: `${finding.data.strays.length === 1 ? 'A key' : `${finding.data.strays.length} keys`} aws-harden made that no alias points to (${finding.data.strays.map((k) => k.keyId).join(', ')})`,
              default: 'keep',
              help: `Each is billed every month. Scheduled deletion waits ${MIN_DELETION_DAYS} days (AWS's minimum), and can be cancelled until then.`,
              options: [
                { value: 'keep', label: 'keep them' },
                { value: 'schedule-deletion', label: `schedule their deletion (in ${MIN_DELETION_DAYS} days)` },
              ],
              destructive: true,
            },
          ]
        : []),
    ];
  },

  /** Another alias than the one checked: read it, so the sentence, table and calls are about that key. */
  async recheck(ctx, finding, answers) {
    const alias = aliasOf(answers);
    return finding.data?.alias === alias ? finding : findingFor(ctx, await inspectKey(ctx, alias));
  },

  plan(ctx, finding, answers) {
    const alias = aliasOf(answers);
    if (finding.data && finding.data.alias === alias) return plannedCalls(actionsFor(ctx, finding.data, answers.strays));
    // Another alias than the one checked: apply reads it first and makes only the calls still needed.
    return plannedCalls(actionsFor(ctx, { alias, key: undefined, via: 'none', strays: finding.data?.strays ?? [] }, answers.strays)).map((c) => ({
      ...c,
      note: `${c.note ?? ''} (if ${alias} does not exist yet; apply reads it first)`,
    }));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the plan may be minutes old, and the answer may name another alias than the check did.
    const ins = await inspectKey(ctx, aliasOf(answers));
    const blocked = ins.key ? unusableReason(ins.alias, ins.key) : undefined;
    if (blocked) throw new OperatorError('aws', blocked, 'Run again and choose another alias.', ExitCode.StepFailed);
    await applyKeyActions(ctx.aws, actionsFor(ctx, ins, answers.strays));
  },

  /** Done only for the alias the operator chose, read back through the alias itself. */
  async verify(ctx, answers) {
    const alias = aliasOf(answers);
    const key = await keyBehindAlias(ctx, alias);
    return findingFor(ctx, { alias, key, via: key ? 'alias' : 'none', strays: [] });
  },
});
