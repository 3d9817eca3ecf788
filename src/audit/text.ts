/**
 * `audit` as text: the checks, then the CIS report control by control, every line fitted to the
 * terminal's width (words wrap under their column, nothing is cut). Pure: lines in, lines out.
 */
import type { AuditCheck } from '../engine/state.js';
import { AUDIT_MARKS, GLYPHS, type Mark } from '../format/glyphs.js';
import { wrapWords } from '../format/wrap.js';
import { CIS_BENCHMARK } from './cis.js';
import type { CheckResult } from './checks/types.js';
import { tally, type ControlResult, type ControlStatus } from './report.js';

/** Narrower than this, the columns would leave no room for words: lines wrap as if it were this wide. */
const MIN_WIDTH = 40;

const CONTROL_MARKS: Readonly<Record<ControlStatus, Mark>> = { ...AUDIT_MARKS, 'not applicable': GLYPHS.skipped, 'not possible': GLYPHS.skipped };

export interface AuditTextInput {
  account: string;
  caller: string;
  region: string;
  checks: ReadonlyArray<Pick<AuditCheck, 'id' | 'status' | 'detail'> | Pick<CheckResult, 'id' | 'status' | 'detail'>>;
  controls: readonly ControlResult[];
  width: number;
}

/** `prefix` then `text` wrapped to `width`, its other lines indented as far as the prefix. */
function hanging(prefix: string, text: string, width: number): string[] {
  const room = Math.max(10, width - prefix.length);
  return wrapWords(text, room).map((t, i) => `${i === 0 ? prefix : ' '.repeat(prefix.length)}${t}`.trimEnd());
}

export function auditText(input: AuditTextInput): string[] {
  const width = Math.max(MIN_WIDTH, input.width);
  const lines: string[] = [];
  lines.push(...wrapWords(`aws-harden audit · account ${input.account} · ${input.region}`, width), ...hanging('caller ', input.caller, width));
  lines.push('', 'Checks');
  const checkWidth = Math.max(...input.checks.map((c) => c.id.length)) + 1;
  for (const c of input.checks) lines.push(...hanging(`  ${AUDIT_MARKS[c.status].symbol} ${c.id.padEnd(checkWidth)}`, c.detail, width));

  const shown = input.controls.filter((c) => c.status !== 'not possible');
  const idWidth = Math.max(...shown.map((c) => c.id.length)) + 1;
  lines.push('', ...wrapWords(CIS_BENCHMARK, width));
  for (const c of shown) {
    const by = c.decidedBy.length > 0 ? ` [${c.decidedBy.join(', ')}]` : '';
    const why = c.status === 'unknown' && c.why ? ` (${c.why})` : '';
    lines.push(...hanging(`  ${CONTROL_MARKS[c.status].symbol} ${c.id.padEnd(idWidth)}${c.status.padEnd(15)} `, `${c.title}${by}${why}`, width));
  }
  const impossible = input.controls.filter((c) => c.status === 'not possible');
  if (impossible.length > 0) {
    lines.push('', ...wrapWords(`Not possible for aws-harden (manual or console-only; why: --json or the README): ${impossible.map((c) => c.id).join(', ')}.`, width));
  }
  const t = tally(input.controls);
  lines.push(...wrapWords(`CIS controls: ${t.pass} pass, ${t.fail} fail, ${t.unknown} unknown, ${t['not applicable']} not applicable, ${t['not possible']} not possible.`, width));
  const failing = input.checks.filter((c) => c.status !== 'pass').length;
  lines.push(failing === 0 ? `All ${input.checks.length} checks pass.` : `${failing} of ${input.checks.length} checks do not pass.`);
  return lines;
}
