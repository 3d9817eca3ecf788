/**
 * The recordings (recordings/, made by scripts/record.ts) hold no secret. A fresh full run is recorded
 * into a temp dir while the test collects that run's secrets on its own (the QR code off the recorder's
 * unblanked screen, the access key and console password from the keychain entries the run wrote), and
 * none of them may appear in the recording: not in the escape-stripped output joined whole, not with
 * its spacing squashed, and no frame replayed through a terminal may show a readable QR code. The
 * committed recordings must be valid asciicast v2 with nothing secret-shaped in them.
 * Needs the keyring: run with scripts/with-keyring.sh (the recorder's run writes the keychain).
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { readQrFromScreen } from './helpers/qr.js';
import { blankEvents } from '../scripts/recording/blank.js';
import { parseCast, readCast, type Cast, type CastEvent } from '../scripts/recording/cast.js';
import { recordAll } from '../scripts/recording/record-all.js';
import { FULL_RUN_USER } from '../scripts/recording/scenarios.js';
import { accessKeyEntry, consolePasswordEntry, openKeychain, parseAccessKey } from '../src/keychain/index.js';
import { qrLines } from '../src/ui/components/QrCode.js';
import { secretLines } from '../src/ui/text.js';

const COMMITTED = new URL('../recordings/', import.meta.url);

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\u001b[()][0-9A-Za-z]/g, '');
}

/** What a viewer could read: the output joined whole and stripped of escapes, and the same without any spacing or borders. */
function readable(events: readonly CastEvent[]): { visible: string; squashed: string } {
  const visible = stripAnsi(events.map(([, d]) => d).join(''));
  return { visible, squashed: visible.replace(/[\s│]/g, '') };
}

/** Every frame, replayed through a terminal of the recording's size: each screen once its chunk is drawn. */
async function screens(cast: Cast): Promise<string[]> {
  const term = new xterm.Terminal({ cols: cast.header.width, rows: cast.header.height, allowProposedApi: true });
  const out: string[] = [];
  for (const [, data] of cast.events) {
    await new Promise<void>((r) => term.write(data, r));
    const buf = term.buffer.active;
    const rows: string[] = [];
    for (let y = 0; y < term.rows; y++) rows.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    out.push(rows.join('\n'));
  }
  return out;
}

/** Secret-shaped text: an AWS secret access key (40 characters), a base32 seed (16 or more, also in groups of four), an otpauth URI. */
function secretShaped(visible: string): string[] {
  const found: string[] = [];
  found.push(...(visible.match(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g) ?? []));
  // Access key ids (AKIA…, ASIA…) are shown on purpose and are not secret.
  found.push(...(visible.match(/(?<![A-Za-z0-9])[A-Z2-7]{16,}(?![A-Za-z0-9])/g) ?? []).filter((t) => !/^A[KS]IA/.test(t)));
  found.push(...(visible.match(/(?<![A-Za-z0-9])(?:[A-Z2-7]{4} ){3,}[A-Z2-7]{1,4}(?![A-Za-z0-9])/g) ?? []));
  found.push(...(visible.match(/otpauth:\/\/\S*/gi) ?? []));
  return found;
}

describe('recordings', () => {
  it('blanking: a QR code and a seed split across chunks are unreadable after, and readable before', async () => {
    const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const qr = qrLines(`otpauth://totp/AWS%3Aadmin%40acme?secret=${seed}&issuer=AWS`);
    const frame = `${qr.map((l) => `\u001b[97m\u001b[40m${l}\u001b[39m\u001b[49m  step`).join('\r\n')}\r\nSecret:\r\n${secretLines(seed, 34).join('\r\n')}\r\n`;
    // Cut into chunks in the middle of QR rows and of the seed's groups.
    const events: CastEvent[] = [];
    for (let i = 0; i < frame.length; i += 37) events.push([i / 1000, frame.slice(i, i + 37)]);
    const cast = (evs: CastEvent[]): Cast => ({ header: { version: 2, width: 100, height: 40, timestamp: 1, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' }, title: 't' }, events: evs });
    const before = await screens(cast(events));
    expect(readQrFromScreen(before[before.length - 1]!)).toContain(seed);
    expect(readable(events).squashed).toContain(seed);
    expect(secretShaped(readable(events).visible)).not.toEqual([]);
    const after = blankEvents(events, [seed]);
    expect(after.map(([, d]) => d.length)).toEqual(events.map(([, d]) => d.length));
    const shown = await screens(cast(after));
    expect(shown.every((s) => readQrFromScreen(s) === undefined)).toBe(true);
    expect(shown[shown.length - 1]).toContain('[QR hidden in recording]');
    expect(readable(after).squashed).not.toContain(seed.slice(0, 8));
    expect(secretShaped(readable(after).visible)).toEqual([]);
  });

  it('a fresh full run: none of its secrets (MFA seed, access key, console password) is in the recording', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aws-harden-recordings-'));
    const seeds = new Set<string>();
    const kept: Record<string, string> = {};
    const keychain = openKeychain();
    let account: string | undefined;
    const [recorded] = await recordAll({
      outDir: out,
      only: ['full-run'],
      pace: 0.05,
      // The test's own eyes on the recorder's unblanked screen, and on the keychain while the run lasts
      // (a --sandbox run removes its entries when it ends).
      async observe(screen) {
        const uri = readQrFromScreen(screen);
        if (uri) seeds.add(new URL(uri).searchParams.get('secret')!);
        // Each --sandbox run has an account id of its own: the header names it.
        account ??= /aws-harden · account (\d{12})/.exec(screen)?.[1];
        if (/E-mail address for the alerts/.test(screen) && kept['access-key secret'] === undefined && account) {
          const key = parseAccessKey(await keychain.get(accessKeyEntry(account, FULL_RUN_USER)));
          const password = await keychain.get(consolePasswordEntry(account, FULL_RUN_USER));
          if (key) kept['access-key secret'] = key.SecretAccessKey;
          if (password) kept['console password'] = password;
        }
      },
    });
    expect(recorded?.name).toBe('full-run');
    expect(seeds.size).toBe(1);
    const secrets: Record<string, string> = { ...kept, 'MFA seed': [...seeds][0]! };
    expect(Object.keys(secrets).sort()).toEqual(['MFA seed', 'access-key secret', 'console password']);
    const cast = readCast(join(out, 'full-run.cast'));
    expect(cast.header).toMatchObject({ version: 2, width: 110, height: 34 });
    const { visible, squashed } = readable(cast.events);
    expect(visible).toContain('All steps done and verified');
    for (const [what, secret] of Object.entries(secrets)) {
      expect(secret.length, what).toBeGreaterThanOrEqual(16);
      expect(visible.includes(secret), `${what} in the recording`).toBe(false);
      for (let i = 0; i + 8 <= secret.length; i++) expect(squashed.includes(secret.slice(i, i + 8)), `part of the ${what} in the recording`).toBe(false);
    }
    const frames = await screens(cast);
    expect(frames.filter((s) => readQrFromScreen(s) !== undefined)).toEqual([]);
    expect(frames.filter((s) => /[█▀▄]/.test(s))).toEqual([]);
    expect(secretShaped(visible)).toEqual([]);
    expect(visible).toContain('[QR hidden in recording]');
    // Idle gaps are capped at 1 s.
    const gaps = cast.events.map(([t], i) => t - (cast.events[i - 1]?.[0] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1.000001);
  }, 180_000);

  it('the committed recordings are asciicast v2 with nothing secret-shaped in them', () => {
    const names = readdirSync(COMMITTED)
      .filter((f) => f.endsWith('.cast'))
      .sort();
    expect(names).toEqual(['audit-json.cast', 'dry-run-and-plan.cast', 'full-run.cast', 'interrupted-and-resume.cast']);
    for (const name of names) {
      const cast = parseCast(readFileSync(new URL(name, COMMITTED), 'utf8'), name);
      expect(cast.events.length, name).toBeGreaterThan(10);
      expect(Math.max(...cast.events.map(([t], i) => t - (cast.events[i - 1]?.[0] ?? 0))), `longest idle gap in ${name}`).toBeLessThanOrEqual(1.000001);
      const { visible } = readable(cast.events);
      expect(secretShaped(visible), name).toEqual([]);
      expect(/[█▀▄]/.test(visible), `QR glyphs in ${name}`).toBe(false);
    }
    const svg = readFileSync(new URL('full-run.svg', COMMITTED), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(secretShaped(svg.replace(/<[^>]*>/g, ' '))).toEqual([]);
    expect(/[█▀▄]/.test(svg)).toBe(false);
  });
});
