/** An AWS request as the rules see it: its operation by protocol, its parameters, its signer and region. */
import type { IncomingMessage } from 'node:http';
import type { Signer } from './http.js';
import type { OverlayRequest } from './types.js';

/**
 * The operation name by protocol: query `Action`, JSON target, a REST path that names it (Account
 * Management's `POST /putAlternateContact`; S3 Control's account Block Public Access), or REST method
 * plus sub-resources.
 */
export function actionOf(req: IncomingMessage, url: URL, params: URLSearchParams): string {
  const action = params.get('Action');
  if (action !== null && action !== '') return action;
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target !== '') return target.slice(target.lastIndexOf('.') + 1);
  const named = restOperation(req.method ?? 'GET', url.pathname);
  if (named) return named;
  const sub = [...new Set(url.searchParams.keys())].filter((k) => k !== 'x-id' && !k.toLowerCase().startsWith('x-amz-')).sort();
  const method = req.method ?? 'GET';
  return sub.length === 0 ? method : `${method} ?${sub.join('&')}`;
}

const S3_CONTROL_VERBS: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete' };

/**
 * The operation a REST path names: one camelCase segment is the operation itself (`/getAlternateContact`:
 * no S3 bucket name has a capital), and S3 Control's `/v20180820/configuration/publicAccessBlock` is
 * Get/Put/DeletePublicAccessBlock by method (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html).
 */
export function restOperation(method: string, path: string): string | undefined {
  if (/^\/[a-z]+[A-Z][A-Za-z]*$/.test(path)) return `${path.charAt(1).toUpperCase()}${path.slice(2)}`;
  const verb = S3_CONTROL_VERBS[method.toUpperCase()];
  if (verb && path === '/v20180820/configuration/publicAccessBlock') return `${verb}PublicAccessBlock`;
  return undefined;
}

export function parseRequest(req: IncomingMessage, url: URL, body: Buffer, signer: Signer, asRoot: boolean): OverlayRequest {
  const params = new URLSearchParams(url.searchParams);
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.append(key, value);
  }
  let json: Record<string, unknown> = {};
  if ((req.headers['content-type'] ?? '').includes('json') && body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      // Not JSON after all: rules see an empty body, moto answers as it does.
    }
  }
  const region = /Credential=[^/,\s]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'us-east-1';
  return { method: req.method ?? 'GET', url, headers: req.headers, body, signer, service: signer.service, region, action: actionOf(req, url, params), params, json, asRoot };
}
