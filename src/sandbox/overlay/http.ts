/**
 * The overlay's answers in the wire shapes AWS uses (query-protocol XML for IAM/STS, EC2's own XML, JSON 1.1 for KMS/CloudTrail/Budgets,
 * REST XML for S3). Rules build their answers with these, so a refusal looks exactly like AWS's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** What the rules see of moto's answer (the relay lives in ../relay.ts, shared with the crash harness). */
export type { Buffered } from '../relay.js';

export const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const XML_NS: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

export function randomString(length: number, alphabet: string): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Same shape as moto's request ids (52 alphanumerics), so logs look alike. */
export function requestId(): string {
  return randomString(52, ALNUM);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An answer the overlay sends instead of (or in place of) moto's. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function xmlReply(status: number, xml: string, id: string = requestId()): Reply {
  return { status, headers: { 'Content-Type': 'text/xml', server: 'amazon.com', 'x-amzn-requestid': id }, body: Buffer.from(xml, 'utf8') };
}

/**
 * A query-protocol error document (IAM, STS), shaped like AWS's and moto's. IAM's modelled errors
 * repeat the text as `<message>` in moto's answers; `repeatLowercase` keeps that.
 */
export function queryError(service: string, status: number, code: string, message: string, repeatLowercase = false): Reply {
  const id = requestId();
  const msg = escapeXml(message);
  const ns = XML_NS[service] ?? XML_NS.iam;
  return xmlReply(
    status,
    `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${msg}</Message>${repeatLowercase ? `<message>${msg}</message>` : ''}</Error><RequestId>${id}</RequestId></ErrorResponse>`,
    id,
  );
}

/** A query-protocol success document; `result` is the inner XML of `<ActionResult>`, if any. */
export function queryResult(service: string, action: string, result: string | undefined): Reply {
  const id = requestId();
  const inner = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
  const ns = XML_NS[service] ?? XML_NS.iam;
  return xmlReply(200, `<${action}Response xmlns="${ns}">${inner}<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${action}Response>`, id);
}

/**
 * A JSON 1.1 protocol error (KMS, CloudTrail, Budgets): HTTP 400 unless said otherwise, the code in
 * `__type` and in the `x-amzn-ErrorType` header, as AWS sends it
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization).
 */
export function jsonError(code: string, message: string, status = 400): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId(), 'x-amzn-ErrorType': code },
    body: Buffer.from(JSON.stringify({ __type: code, message }), 'utf8'),
  };
}

/** A JSON 1.1 protocol success answer. */
export function jsonResult(value: unknown): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() },
    body: Buffer.from(JSON.stringify(value), 'utf8'),
  };
}

/**
 * An EC2 query-protocol error: EC2's own document (`<Response><Errors>…`), not IAM's `<ErrorResponse>`
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
 */
export function ec2Error(status: number, code: string, message: string): Reply {
  const id = randomUUID();
  return xmlReply(
    status,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
    id,
  );
}

/** An EC2 query-protocol success document: `inner` is what follows `<requestId>` in `<ActionResponse>`. */
export function ec2Result(action: string, inner: string): Reply {
  const id = randomUUID();
  return xmlReply(200, `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${id}</requestId>${inner}</${action}Response>`, id);
}

/** A REST-XML error (S3), as S3 sends it. */
export function s3Error(status: number, code: string, message: string): Reply {
  const id = randomString(16, ALNUM_UPPER);
  return xmlReply(status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${id}</RequestId></Error>`, id);
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.end(reply.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
  res.end(body);
}

export interface Signer {
  accessKeyId: string;
  service: string;
}

/** The access key and service from a SigV4 `Authorization` header or a presigned URL's X-Amz-Credential. */
export function signerOf(headers: IncomingHttpHeaders, url: URL): Signer | undefined {
  const fromHeader = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(headers.authorization ?? '');
  if (fromHeader?.[1] !== undefined && fromHeader[2] !== undefined) {
    return { accessKeyId: fromHeader[1], service: fromHeader[2] };
  }
  const fromQuery = /^([^/]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request$/.exec(url.searchParams.get('X-Amz-Credential') ?? '');
  if (fromQuery?.[1] !== undefined && fromQuery[2] !== undefined) {
    return { accessKeyId: fromQuery[1], service: fromQuery[2] };
  }
  return undefined;
}
