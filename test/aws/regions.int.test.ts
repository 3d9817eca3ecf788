import { describe, expect, it } from 'vitest';
import { regionScan } from '../../src/aws/regions.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';

const em = useEmulator();

describe('the region scan against the sandbox', () => {
  it('lists the enabled regions and probes each once', async () => {
    const ctx = await emulatorContext(em);
    const t0 = Date.now();
    const scan = await regionScan(ctx.aws);
    console.log(Date.now() - t0, 'ms', scan.reachable.length, scan.reachable.join(' '), JSON.stringify(scan.unreachable));
    expect(scan.reachable).toContain('us-east-1');
    expect(await regionScan(ctx.aws)).toBe(await regionScan(ctx.aws));
  });
});
