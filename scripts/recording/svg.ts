/**
 * The README's picture of the main flow: recordings/full-run.cast rendered as an animated SVG (CSS
 * keyframes, no script, so GitHub shows it in a README) by svg-term-cli, preloaded with react16.cjs
 * (see there why).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../node_modules/svg-term-cli/lib/cli.js', import.meta.url));
const SHIM = fileURLToPath(new URL('./react16.cjs', import.meta.url));

export function renderSvg(castPath: string, svgPath: string): string {
  execFileSync(process.execPath, ['--max-old-space-size=4096', '--require', SHIM, CLI, '--in', castPath, '--out', svgPath, '--window', '--no-cursor'], { stdio: 'inherit' });
  return `${svgPath}: ${(statSync(svgPath).size / 1024).toFixed(0)} KiB`;
}
