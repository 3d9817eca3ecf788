/**
 * The REST-JSON protocol's answers (GuardDuty, Security Hub), and moto read as the sandbox's account
 * over it. An error is the HTTP status, the code in `x-amzn-ErrorType`, and a JSON body with the
 * service's own members (https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization).
 */
import { requestId, type Reply } from './http.js';
import type { RuleContext } from './types.js';

export function restJsonError(status: number, code: string, body: Record<string, unknown>): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-requestid': requestId(), 'x-amzn-ErrorType': code },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

export function restJsonResult(value: unknown): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/json', 'x-amzn-requestid': requestId() }, body: Buffer.from(JSON.stringify(value), 'utf8') };
}

/** One REST-JSON call to moto as the sandbox's account, in `region` (moto routes by the credential scope and does not check signatures). */
export async function motoRestJson(ctx: RuleContext, service: string, region: string, method: string, path: string): Promise<{ status: number; value: Record<string, unknown> }> {
  const res = await fetch(`${ctx.motoEndpoint}${path}`, {
    method,
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOXOVERLAY00/20200101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      'x-moto-account-id': ctx.accountId,
      'content-type': 'application/json',
    },
  });
  const text = await res.text();
  let value: Record<string, unknown> = {};
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // moto answers some errors as XML (MACHINE-NOTES): no value.
  }
  return { status: res.status, value };
}
