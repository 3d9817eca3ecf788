/**
 * A QR code drawn with half blocks (two modules per character cell). Its colours are explicit — light
 * modules bright white, dark modules black, each cell painting both — so the code reads the same on a
 * light and a dark terminal theme; around it a light quiet zone keeps the panel's border and text out
 * of the scanner's way. (Drawn light on the terminal's default background, as qrcode-terminal draws
 * it, a light theme turns the code into white on white.) Without colours (NO_COLOR) the glyphs alone
 * are light-on-dark. `qrLines` is separate so screens can measure it.
 */
import { createRequire } from 'node:module';
import { Box, Text } from 'ink';

/** The model behind qrcode-terminal (its vendored copy of Kazuhiko Arase's QRCode, MIT). */
interface QrModel {
  addData(data: string): void;
  make(): void;
  getModuleCount(): number;
  isDark(row: number, col: number): boolean;
}

const require = createRequire(import.meta.url);
const QRCode = require('qrcode-terminal/vendor/QRCode') as new (typeNumber: number, level: number) => QrModel;
const LEVELS = require('qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel') as { L: number };

/** Light modules around the code on each side. The standard asks for 4; 2 with explicit colours reads well and saves room. */
export const QUIET_ZONE = 2;

/** The code's modules, dark = true, with the quiet zone around them. */
export function qrModules(text: string): boolean[][] {
  const qr = new QRCode(-1, LEVELS.L);
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const size = n + 2 * QUIET_ZONE;
  return Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => {
      const row = r - QUIET_ZONE;
      const col = c - QUIET_ZONE;
      return row >= 0 && row < n && col >= 0 && col < n && qr.isDark(row, col);
    }),
  );
}

/** Half-block lines, one per two rows of modules: `█` both light, `▀` top light, `▄` bottom light, space both dark. */
export function qrLines(text: string): string[] {
  const modules = qrModules(text);
  const lines: string[] = [];
  for (let r = 0; r < modules.length; r += 2) {
    const top = modules[r] ?? [];
    const bottom = modules[r + 1];
    lines.push(
      top
        .map((dark, c) => {
          const topLight = !dark;
          const bottomLight = bottom === undefined ? true : !bottom[c];
          return topLight ? (bottomLight ? '█' : '▀') : bottomLight ? '▄' : ' ';
        })
        .join(''),
    );
  }
  return lines;
}

export function QrCode({ lines }: { lines: readonly string[] }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((l, i) => (
        <Text key={i} color="whiteBright" backgroundColor="black">
          {l}
        </Text>
      ))}
    </Box>
  );
}
