/**
 * IAM Access Analyzer, seen through the calls the access-analyzer step makes: a region's analyzers
 * (one ListAnalyzers, every type), and an analyzer made with a client token.
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html
 */
import { randomUUID } from 'node:crypto';
import type { Aws } from './context.js';

export interface Analyzer {
  name: string;
  /** ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, … */
  type: string;
  /** ACTIVE, CREATING, DISABLED or FAILED. */
  status: string;
}

/** Every analyzer in the layer's region. */
export async function listAnalyzers(aws: Aws): Promise<Analyzer[]> {
  const { ListAnalyzersCommand } = await import('@aws-sdk/client-accessanalyzer');
  const client = await aws.client('accessanalyzer');
  const out: Analyzer[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListAnalyzersCommand(token ? { nextToken: token } : {}));
    for (const a of page.analyzers ?? []) out.push({ name: a.name ?? '', type: a.type ?? '', status: a.status ?? '' });
    token = page.nextToken;
  } while (token);
  return out;
}

export interface CreateAnalyzerInput {
  analyzerName: string;
  type: 'ACCOUNT';
}

/**
 * Makes the analyzer with a client token of its own, the same for every try of this call: AWS answers
 * a repeat of it with the analyzer the first try made instead of a second one or a conflict
 * (the idempotency token of the API; https://docs.aws.amazon.com/AWSEC2/latest/devguide/ec2-api-idempotency.html
 * describes AWS's contract). So a lost answer is sent again (retry.ts RESENDABLE) and settles itself.
 */
export async function createAnalyzer(aws: Aws, input: CreateAnalyzerInput): Promise<void> {
  const { CreateAnalyzerCommand } = await import('@aws-sdk/client-accessanalyzer');
  await (await aws.client('accessanalyzer')).send(new CreateAnalyzerCommand({ ...input, clientToken: randomUUID() }));
}
