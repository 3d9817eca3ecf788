/**
 * IAM Access Analyzer, which moto lacks: the strict sandbox answers CreateAnalyzer and ListAnalyzers
 * (src/sandbox/overlay/rules/access-analyzer.ts) with AWS's validation, quota, client-token and wire shapes.
 */
import { AccessAnalyzerClient, CreateAnalyzerCommand, GetAnalyzerCommand, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { describe, expect, it } from 'vitest';
import { recordedRequests, useEmulator } from '../helpers/emulator.js';

const sb = useEmulator();

function analyzer(region: string, endpoint = sb.endpoint): AccessAnalyzerClient {
  return new AccessAnalyzerClient({ endpoint, region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message?: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

describe('IAM Access Analyzer in the strict sandbox', () => {
  it('moto alone has no Access Analyzer; the sandbox makes one, ACTIVE, with the documented ARN, per region', async () => {
    expect((await errorOf(analyzer('eu-west-1', sb.motoEndpoint).send(new ListAnalyzersCommand({})))).status).toBeGreaterThanOrEqual(400);

    const out = await analyzer('eu-west-1').send(new CreateAnalyzerCommand({ analyzerName: 'a1', type: 'ACCOUNT' }));
    expect(out.arn).toBe(`arn:aws:access-analyzer:eu-west-1:${sb.accountId}:analyzer/a1`);
    const listed = await analyzer('eu-west-1').send(new ListAnalyzersCommand({}));
    expect(listed.analyzers).toEqual([{ arn: out.arn, name: 'a1', type: 'ACCOUNT', status: 'ACTIVE', createdAt: expect.any(Date), tags: {} }]);
    expect(Math.abs(listed.analyzers![0]!.createdAt!.getTime() - Date.now())).toBeLessThan(60_000);
    // Another region has its own.
    expect((await analyzer('us-west-2').send(new ListAnalyzersCommand({}))).analyzers).toEqual([]);
    // The wire: REST-JSON on the signing name access-analyzer, PUT /analyzer.
    const put = (await recordedRequests(sb)).find((r) => r.method === 'PUT');
    expect(new URL(put!.url).pathname).toBe('/analyzer');
    expect(put!.headers.Authorization ?? put!.headers.authorization).toMatch(/\/eu-west-1\/access-analyzer\/aws4_request/);
  });

  it('refuses a bad name or type (ValidationException), a taken name (ConflictException) and a second account analyzer (ServiceQuotaExceededException)', async () => {
    const client = analyzer('us-east-1');
    expect(await errorOf(client.send(new CreateAnalyzerCommand({ analyzerName: '1bad', type: 'ACCOUNT' })))).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(await errorOf(client.send(new CreateAnalyzerCommand({ analyzerName: 'x'.repeat(256), type: 'ACCOUNT' })))).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(await errorOf(client.send(new CreateAnalyzerCommand({ analyzerName: 'ok', type: 'EVERYTHING' as never })))).toMatchObject({ name: 'ValidationException', status: 400 });
    await client.send(new CreateAnalyzerCommand({ analyzerName: 'first', type: 'ACCOUNT' }));
    expect(await errorOf(client.send(new CreateAnalyzerCommand({ analyzerName: 'first', type: 'ACCOUNT_UNUSED_ACCESS' })))).toMatchObject({ name: 'ConflictException', status: 409 });
    expect(await errorOf(client.send(new CreateAnalyzerCommand({ analyzerName: 'second', type: 'ACCOUNT' })))).toMatchObject({ name: 'ServiceQuotaExceededException', status: 402 });
    // The quota is per type: an unused-access analyzer may sit next to it.
    await client.send(new CreateAnalyzerCommand({ analyzerName: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }));
    expect((await client.send(new ListAnalyzersCommand({ type: 'ACCOUNT' }))).analyzers?.map((a) => a.name)).toEqual(['first']);
    expect((await client.send(new ListAnalyzersCommand({}))).analyzers?.map((a) => a.name)).toEqual(['first', 'unused']);
  });

  it('a repeat with the same client token answers the first analyzer; the token with other parameters is a conflict', async () => {
    const client = analyzer('us-east-1');
    const first = await client.send(new CreateAnalyzerCommand({ analyzerName: 'a', type: 'ACCOUNT', clientToken: 'tok-1' }));
    const again = await client.send(new CreateAnalyzerCommand({ analyzerName: 'a', type: 'ACCOUNT', clientToken: 'tok-1' }));
    expect(again.arn).toBe(first.arn);
    expect((await client.send(new ListAnalyzersCommand({}))).analyzers).toHaveLength(1);
    expect(await errorOf(client.send(new CreateAnalyzerCommand({ analyzerName: 'b', type: 'ACCOUNT', clientToken: 'tok-1' })))).toMatchObject({ name: 'ConflictException', status: 409 });
    // Without the token the same request is a second create: the name is taken.
    expect(await errorOf(client.send(new CreateAnalyzerCommand({ analyzerName: 'a', type: 'ACCOUNT', clientToken: 'tok-2' })))).toMatchObject({ name: 'ConflictException' });
  });

  it('pages with maxResults / nextToken, refuses what it does not model, and forgets everything on reset', async () => {
    const client = analyzer('us-east-1');
    for (const [name, type] of [
      ['o1', 'ORGANIZATION'],
      ['o2', 'ORGANIZATION'],
      ['o3', 'ORGANIZATION'],
    ] as const)
      await client.send(new CreateAnalyzerCommand({ analyzerName: name, type }));
    const page1 = await client.send(new ListAnalyzersCommand({ maxResults: 2 }));
    expect(page1.analyzers?.map((a) => a.name)).toEqual(['o1', 'o2']);
    const page2 = await client.send(new ListAnalyzersCommand({ maxResults: 2, nextToken: page1.nextToken! }));
    expect(page2.analyzers?.map((a) => a.name)).toEqual(['o3']);
    expect(page2.nextToken).toBeUndefined();

    expect(await errorOf(client.send(new GetAnalyzerCommand({ analyzerName: 'o1' })))).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/models only/) });

    await fetch(`${sb.endpoint}/moto-api/reset`, { method: 'POST' });
    expect((await client.send(new ListAnalyzersCommand({}))).analyzers).toEqual([]);
  });
});
