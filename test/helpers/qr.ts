/**
 * Reads a QR code off a terminal screen, as a phone camera would read it off the display. The wizard
 * draws QR codes with qrcode-terminal's half blocks, light on dark: `█` both halves light, `▀` top
 * light, `▄` bottom light, space both dark. Each cell becomes two modules, rasterized for jsQR.
 */
import jsQRModule from 'jsqr';

// jsqr is CommonJS whose exports are the function, with `.default` pointing at itself.
const jsQR = jsQRModule.default;

const LIGHT_TOP = new Set(['█', '▀']);
const LIGHT_BOTTOM = new Set(['█', '▄']);
const QR_CHARS = /^[█▀▄ ]+$/;

/** The block of QR rows on the screen: starts at its light top border, a run of at least 21 `▄` or `█`. */
function findQr(screen: string): string[] | undefined {
  const rows = screen.split('\n');
  for (let y = 0; y < rows.length; y++) {
    const m = /▄{21,}|█{21,}/.exec(rows[y] ?? '');
    if (!m) continue;
    const x = m.index;
    const width = m[0].length;
    const block: string[] = [];
    for (let yy = y; yy < rows.length; yy++) {
      const slice = [...(rows[yy] ?? '')].slice(x, x + width).join('');
      if (slice.length < width || !QR_CHARS.test(slice)) break;
      block.push(slice);
    }
    if (block.length >= 11) return block;
  }
  return undefined;
}

/** The text encoded in the first QR code on the screen, or undefined when none can be read. */
export function readQrFromScreen(screen: string): string | undefined {
  const block = findQr(screen);
  if (!block) return undefined;
  const scale = 4;
  const quiet = 4; // extra light modules around, as the display around the code would be
  const cols = [...(block[0] ?? '')].length;
  const modulesX = cols + 2 * quiet;
  const modulesY = block.length * 2 + 2 * quiet;
  const width = modulesX * scale;
  const height = modulesY * scale;
  const pixels = new Uint8ClampedArray(width * height * 4).fill(255);
  const paint = (mx: number, my: number, light: boolean) => {
    if (light) return;
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const i = ((my * scale + dy) * width + (mx * scale + dx)) * 4;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
      }
    }
  };
  block.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      paint(x + quiet, 2 * y + quiet, LIGHT_TOP.has(ch));
      paint(x + quiet, 2 * y + 1 + quiet, LIGHT_BOTTOM.has(ch));
    });
  });
  // Light-on-dark on screen: the code's dark modules are the cells' dark halves, as painted above.
  return jsQR(pixels, width, height, { inversionAttempts: 'attemptBoth' })?.data;
}
