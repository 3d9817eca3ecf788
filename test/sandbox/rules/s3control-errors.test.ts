/**
 * S3 Control's refusals: moto answers them in the query protocol's `<Errors>` shape, which the SDK cannot
 * read; the strict sandbox answers in S3 Control's own, so a refusal reads as what it is.
 */
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorContext } from '../../helpers/aws.js';
import { startAuthorizingSandbox } from '../../helpers/emulator.js';
import { isOperatorError } from '../../../src/errors.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { s3PublicAccessStep } from '../../../src/steps/s3-public-access.js';

let sb: Sandbox;
let creds: { accessKeyId: string; secretAccessKey: string };
beforeAll(async () => {
  ({ sandbox: sb, credentials: creds } = await startAuthorizingSandbox({ user: 'auditor', allow: ['sts:GetCallerIdentity'] }));
});
afterAll(async () => {
  await sb?.stop();
});

/** A plain SDK client, sent to `endpoint` as it is (no account label: see src/aws/clients.ts). */
function s3control(endpoint: string): S3ControlClient {
  const client = new S3ControlClient({ region: 'us-east-1', endpoint, credentials: creds, maxAttempts: 1 });
  const resolve = client.config.endpointProvider;
  client.config.endpointProvider = (params, context) => ({ ...resolve({ ...params, Endpoint: undefined }, context), url: new URL(endpoint) });
  return client;
}

async function nameOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: unknown) => (e as { name: string }).name,
  );
}

describe('the S3 Control error shape', () => {
  it('moto alone: the SDK cannot read the refusal', async () => {
    expect(await nameOf(s3control(sb.motoEndpoint).send(new GetPublicAccessBlockCommand({ AccountId: sb.accountId })))).toBe('Unknown');
  });

  it('the strict sandbox: AccessDenied, and the step reports the missing permission', async () => {
    expect(await nameOf(s3control(sb.endpoint).send(new GetPublicAccessBlockCommand({ AccountId: sb.accountId })))).toBe('AccessDenied');
    const ctx = await emulatorContext(sb, { credentials: creds });
    const e = await s3PublicAccessStep.check(ctx).catch((err: unknown) => err);
    expect(isOperatorError(e) && e.code).toBe('access-denied');
  });
});
