/**
 * Records scenarios into asciicast v2 files: runs each in a Session, blanks the secrets, caps idle
 * gaps, checks its own output for what it blanked (and refuses to write a file that still holds it).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../../src/sandbox/index.js';
import { blankEvents, seedGroups } from './blank.js';
import { capIdle, writeCast, type Cast } from './cast.js';
import { thin } from './thin.js';
import { SCENARIOS, startPersistentSandbox, type Scenario } from './scenarios.js';
import { Session } from './session.js';
import type { Observer } from './walker.js';

export const SIZE = { cols: 110, rows: 34 } as const;
export const MAX_IDLE = 1;

export interface RecordOptions {
  outDir: string;
  /** Only these scenarios (by name), in their fixed order. */
  only?: readonly string[];
  /** Multiplies every human pause; 1 for the committed recordings. */
  pace?: number;
  observe?: Observer;
}

export interface Recorded {
  name: string;
  path: string;
  seconds: number;
  events: number;
}

/** Fails when the blanked output still holds a seed (any 8 characters of it, escapes and spacing aside) or a QR row. */
export function assertBlanked(cast: Cast, seeds: readonly string[]): void {
  const visible = cast.events
    .map(([, d]) => d)
    .join('')
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
  const squashed = visible.replace(/[\s│]/g, '');
  if (/[█▀▄]/.test(visible)) throw new Error(`${cast.header.title}: a QR glyph is left in the recording`);
  for (const seed of seeds) {
    for (let i = 0; i + 8 <= seed.length; i++) {
      if (squashed.includes(seed.slice(i, i + 8))) throw new Error(`${cast.header.title}: part of an MFA seed is left in the recording`);
    }
    for (const g of seedGroups(seed)) if (new RegExp(`(?<![A-Z0-9])${g}(?![A-Z0-9])`).test(visible)) throw new Error(`${cast.header.title}: a group of an MFA seed is left in the recording`);
  }
}

async function recordOne(scenario: Scenario, opts: RecordOptions, sandbox: () => Promise<Sandbox>, index: number, earlierSeeds: string[]): Promise<Recorded> {
  const session = new Session({ ...SIZE, pace: opts.pace ?? 1, seed: 1000 + index });
  const timestamp = Math.floor(Date.now() / 1000);
  const seeds: string[] = [];
  try {
    await scenario.run(session, { seeds, earlierSeeds: [...earlierSeeds], sandbox, ...(opts.observe ? { observe: opts.observe } : {}) });
  } finally {
    earlierSeeds.push(...seeds);
  }
  // Idle gaps capped last: thinning can leave a long wait where a spinner was all that moved.
  const events = capIdle(await thin(blankEvents(session.events, seeds), SIZE.cols, SIZE.rows), MAX_IDLE);
  const end = (events[events.length - 1]?.[0] ?? 0) + MAX_IDLE;
  // A last, empty event: the final frame stays up for a moment before a player loops or stops.
  events.push([Math.round(end * 1e6) / 1e6, '']);
  const cast: Cast = {
    header: { version: 2, width: SIZE.cols, height: SIZE.rows, timestamp, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' }, title: scenario.title },
    events,
  };
  assertBlanked(cast, seeds);
  const path = join(opts.outDir, `${scenario.name}.cast`);
  writeCast(path, cast);
  return { name: scenario.name, path, seconds: end, events: events.length };
}

export async function recordAll(opts: RecordOptions): Promise<Recorded[]> {
  mkdirSync(opts.outDir, { recursive: true });
  let sb: Promise<Sandbox> | undefined;
  const sandbox = () => (sb ??= startPersistentSandbox());
  const out: Recorded[] = [];
  try {
    const chosen = SCENARIOS.filter((s) => !opts.only || opts.only.includes(s.name));
    const seeds: string[] = [];
    for (const [i, scenario] of chosen.entries()) out.push(await recordOne(scenario, opts, sandbox, i, seeds));
  } finally {
    if (sb) await (await sb).stop();
  }
  return out;
}
