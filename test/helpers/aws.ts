/** Builds the product's own AWS layer against the emulator, as the CLI does for --sandbox. */
import { Aws } from '../../src/aws/context.js';
import { getCallerIdentity } from '../../src/aws/sts.js';
import type { StepContext } from '../../src/steps/types.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export async function emulatorAws(sb: Sandbox, opts: { dryRun?: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } } = {}): Promise<Aws> {
  const aws = new Aws({ dryRun: opts.dryRun ?? false, endpoint: sb.endpoint, region: sb.region, credentials: opts.credentials ?? sb.rootCredentials, env: {} });
  await aws.init();
  return aws;
}

export async function emulatorContext(sb: Sandbox, opts: Parameters<typeof emulatorAws>[1] = {}): Promise<StepContext> {
  const aws = await emulatorAws(sb, opts);
  return { aws, identity: await getCallerIdentity(aws), region: aws.region };
}
