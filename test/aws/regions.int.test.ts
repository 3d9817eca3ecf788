/**
 * The run's region scan (src/aws/regions.ts) against the strict sandbox: the account's enabled regions as
 * AWS lists them, each probed once; and a region that does not answer at all (the sandbox's
 * `unreachableRegions` fault), left out after the deadline without holding up the others.
 */
import { describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { REGION_DEADLINE_MS, regionScan } from '../../src/aws/regions.js';
import { emulatorContext } from '../helpers/aws.js';
import { useEmulator } from '../helpers/emulator.js';

const em = useEmulator();

/** The default regions of a new commercial account: all it has enabled. */
const DEFAULT_AWS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** How much later than the deadline the scan may end (the other probes, the machine's load). */
const SLACK_MS = 3_000;

describe('the region scan against the sandbox', () => {
  it("lists the account's enabled regions (not China, GovCloud or opt-in ones) and probes each once", async () => {
    const ctx = await emulatorContext(em);
    const before = em.received()['ec2:DescribeRegions'] ?? 0;
    const t0 = performance.now();
    const scan = await regionScan(ctx.aws);
    const ms = performance.now() - t0;
    const requests = (em.received()['ec2:DescribeRegions'] ?? 0) - before;
    console.log(`regionScan, all reachable: ${Math.round(ms)} ms, ${requests} requests, ${scan.reachable.length} regions`);
    expect(scan).toEqual({ reachable: DEFAULT_AWS, unreachable: [] });
    // One list in the run's region, one probe in each other region.
    expect(requests).toBe(DEFAULT_AWS.length);
    expect(await regionScan(ctx.aws)).toBe(await regionScan(ctx.aws));
  });

  it('works in a dry run: ec2:DescribeRegions is a read (the dry-run guard refuses only mutations)', async () => {
    const ctx = await emulatorContext(em, { dryRun: true });
    expect(await regionScan(ctx.aws)).toEqual({ reachable: DEFAULT_AWS, unreachable: [] });
    expect(ctx.aws.recorder.calls.filter((c) => c.operation === 'DescribeRegions')).toEqual([expect.objectContaining({ service: 'ec2', kind: 'read', outcome: 'ok' })]);
  });

  it('a region that never answers is left out after the deadline, asked once, while other regions answer', async () => {
    const set = await fetch(`${em.endpoint}/sandbox/faults`, { method: 'POST', body: JSON.stringify({ unreachableRegions: ['eu-west-3'] }) });
    expect(set.status).toBe(200);
    const ctx = await emulatorContext(em);
    const before = em.received()['ec2:DescribeRegions'] ?? 0;
    const t0 = performance.now();
    const scanning = regionScan(ctx.aws);
    // Another region's reads go on while the probe of eu-west-3 waits.
    const other = await ctx.aws.inRegion('eu-west-2');
    const identity = await (await other.client('sts')).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(em.accountId);
    expect(performance.now() - t0).toBeLessThan(REGION_DEADLINE_MS / 2);

    const scan = await scanning;
    const ms = performance.now() - t0;
    const requests = (em.received()['ec2:DescribeRegions'] ?? 0) - before;
    console.log(`regionScan, eu-west-3 unreachable: ${Math.round(ms)} ms, ${requests} requests`);
    expect(scan).toEqual({ reachable: DEFAULT_AWS.filter((r) => r !== 'eu-west-3'), unreachable: [{ region: 'eu-west-3', reason: 'no answer in 10 s' }] });
    expect(ms).toBeGreaterThanOrEqual(REGION_DEADLINE_MS - 50);
    expect(ms).toBeLessThan(REGION_DEADLINE_MS + SLACK_MS);
    // The held probe was sent once: a call its caller gave up on is not sent again.
    expect(requests).toBe(DEFAULT_AWS.length);
    const probes = (await ctx.aws.inRegion('eu-west-3')).recorder.calls.filter((c) => c.operation === 'DescribeRegions');
    expect(probes).toEqual([expect.objectContaining({ outcome: 'error', error: 'aborted' })]);
  }, 30_000);
});
