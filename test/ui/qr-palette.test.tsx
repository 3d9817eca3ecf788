/**
 * The QR code reads on a light and on a dark terminal theme. The component's output (with colours on)
 * goes through a real terminal emulator (@xterm/headless); each cell is then painted as a light- or a
 * dark-themed terminal would paint it (the theme decides the default colours; explicit ones are the
 * ANSI palette's), and the picture is decoded as a phone camera would, without inverting it.
 */
import { describe, expect, it } from 'vitest';
import xterm from '@xterm/headless';
import jsQRModule from 'jsqr';

// Ink's chalk decides on colours when it loads: turn them on first, then load Ink and the component.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const React = await import('react');
const { QrCode, qrLines } = await import('../../src/ui/components/QrCode.js');

const jsQR = jsQRModule.default;
const URI = 'otpauth://totp/AWS%3Aadmin%40123456789012?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=AWS';

interface Theme {
  name: string;
  fg: boolean;
  bg: boolean;
}
/** Light = true. A theme's default foreground and background; ANSI black stays dark and bright white light in both. */
const THEMES: Theme[] = [
  { name: 'dark', fg: true, bg: false },
  { name: 'light', fg: false, bg: true },
];
/** ANSI palette indexes, light or dark, as common themes draw them (0 black … 7 white, 8–15 bright). */
const LIGHT_INDEX = new Set([7, 15, 11, 14, 13, 10]);

async function screenCells(text: string): Promise<xterm.Terminal> {
  const term = new xterm.Terminal({ cols: 100, rows: 40, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(text.replace(/\n/g, '\r\n'), resolve));
  return term;
}

function decode(term: xterm.Terminal, theme: Theme): string | undefined {
  const buf = term.buffer.active;
  const cell = buf.getNullCell();
  const rows: boolean[][] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(y);
    if (!line) continue;
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (let x = 0; x < term.cols; x++) {
      line.getCell(x, cell);
      const fg = cell.isFgDefault() ? theme.fg : LIGHT_INDEX.has(cell.getFgColor());
      const bg = cell.isBgDefault() ? theme.bg : LIGHT_INDEX.has(cell.getBgColor());
      const ch = cell.getChars() || ' ';
      top.push(ch === '█' || ch === '▀' ? fg : bg);
      bottom.push(ch === '█' || ch === '▄' ? fg : bg);
    }
    rows.push(top, bottom);
  }
  const scale = 4;
  const width = term.cols * scale;
  const height = rows.length * scale;
  const pixels = new Uint8ClampedArray(width * height * 4);
  rows.forEach((row, my) =>
    row.forEach((light, mx) => {
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = ((my * scale + dy) * width + (mx * scale + dx)) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = light ? 255 : 0;
          pixels[i + 3] = 255;
        }
      }
    }),
  );
  return jsQR(pixels, width, height, { inversionAttempts: 'dontInvert' })?.data;
}

describe('the QR code on light and dark themes', () => {
  it('decodes in both palettes, without inverting', async () => {
    const r = render(React.createElement(QrCode, { lines: qrLines(URI) }));
    const frame = r.lastFrame() ?? '';
    r.unmount();
    // Colours are really there: bright white on black.
    expect(frame).toContain('\u001b[97m');
    expect(frame).toContain('\u001b[40m');
    const term = await screenCells(frame);
    for (const theme of THEMES) expect(decode(term, theme), theme.name).toBe(URI);
  });

  it('the comparison is not vacuous: the same glyphs on the default background fail on a light theme', async () => {
    const plainFrame = qrLines(URI)
      .map((l) => `\u001b[97m${l}\u001b[39m`)
      .join('\n');
    const term = await screenCells(plainFrame);
    expect(decode(term, THEMES[0]!)).toBe(URI);
    expect(decode(term, THEMES[1]!)).toBeUndefined();
  });
});
