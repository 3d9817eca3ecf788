/** What the operator sees: the comparison table and the one-line finding. */
import { configHint } from '../../config.js';
import { KEY_SIDS, keepsAccountAccess, keyPolicyGaps } from '../policies/index.js';
import type { ComparisonTable, Finding, StepContext } from '../types.js';
import { keyActions } from './actions.js';
import { unusableReason, type KeyFacts, type KeyInspection } from './inspect.js';
import { scopeOf, wantedKeyPolicy } from './policy.js';
import { straysSentence } from './strays.js';

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

function describeState(key: KeyFacts): string {
  if (key.state === 'PendingDeletion') return `pending deletion${key.deletionDate ? ` (on ${key.deletionDate.toISOString().slice(0, 10)})` : ''}`;
  return key.state.toLowerCase();
}

function tableFor(ctx: StepContext, ins: KeyInspection): ComparisonTable {
  const key = ins.key;
  const scope = scopeOf(ctx);
  const wanted = wantedKeyPolicy(ctx, key?.policy);
  const gaps = key ? keyPolicyGaps(key.policy, wanted, scope) : [];
  const has = (sid: string) => (key?.policy?.Statement ?? []).some((s) => s.Sid === sid) && !gaps.some((g) => g.includes(sid));
  const row = (label: string, current: string, proposed: string) => ({ label, current, proposed, changes: current !== proposed });
  return {
    columns: ['', 'current', 'proposed'],
    rows: [
      row(
        `key of ${ins.alias.length > 24 ? 'the alias' : ins.alias}`,
        key ? (ins.via === 'orphan' ? `${key.keyId} (no alias)` : key.keyId) : '— (no such alias)',
        key ? key.keyId : 'a new symmetric key',
      ),
      row('state', key ? describeState(key) : '—', 'enabled'),
      row('yearly rotation', key ? yesNo(key.rotation) : '—', 'yes'),
      row('account keeps control', key ? yesNo(keepsAccountAccess(key.policy, scope)) : '—', 'yes'),
      row('CloudTrail may encrypt', key ? yesNo(has(KEY_SIDS.encrypt) && has(KEY_SIDS.describe)) : '—', 'yes'),
      row('account may decrypt logs', key ? yesNo(has(KEY_SIDS.decrypt)) : '—', 'yes'),
      row('CloudTrail may use the Bucket Key', key ? yesNo(has(KEY_SIDS.bucketKey)) : '—', 'yes'),
    ],
  };
}

/** The finding for an inspection: done only when no call is left to make. */
export function findingFor(ctx: StepContext, ins: KeyInspection): Finding<KeyInspection> {
  const key = ins.key;
  const table = tableFor(ctx, ins);
  if (!key) {
    return {
      status: 'todo',
      summary: `No key has the alias ${ins.alias} yet: a symmetric key with yearly rotation and a CloudTrail key policy will be made.${straysSentence(ins.strays)}`,
      table,
      data: ins,
    };
  }
  const blocked = unusableReason(ins.alias, key);
  if (blocked) return { status: 'blocked', summary: `${blocked} Choose another alias (with --yes: ${configHint('kms-key', { alias: 'alias/…' })}).`, table, data: ins };
  const actions = keyActions(ctx, ins);
  if (actions.length === 0) {
    return { status: 'done', summary: `Key ${key.keyId} (${ins.alias}) is enabled, rotates yearly, and lets CloudTrail encrypt logs.${straysSentence(ins.strays)}`, table, data: ins };
  }
  const problems: string[] = [];
  if (ins.via === 'orphan') problems.push(`key ${key.keyId} was made for ${ins.alias} by an interrupted run but has no alias`);
  if (key.state === 'PendingDeletion') problems.push(`the key is ${describeState(key)}: the deletion will be cancelled and the key enabled`);
  else if (key.state !== 'Enabled') problems.push('the key is disabled: it will be enabled');
  if (!key.rotation) problems.push('rotation is off');
  const gaps = keyPolicyGaps(key.policy, wantedKeyPolicy(ctx, key.policy), scopeOf(ctx));
  if (gaps.length) problems.push(`key policy: ${gaps.join('; ')}`);
  return { status: 'todo', summary: `${ins.alias} → key ${key.keyId}: ${problems.join('; ')}.${straysSentence(ins.strays)}`, table, data: ins };
}
