/**
 * S3 Control's errors in S3 Control's shape. moto 5.2.1 answers a refused S3 Control call (its IAM
 * authorization's AccessDenied, for one) in the query protocol's shape, `<ErrorResponse><Errors><Error>…`,
 * which the SDK cannot read: the operator would see "UnknownError" instead of "access denied". S3 Control
 * speaks REST-XML with error wrapping, `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>` (https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html,
 * "Error response serialization"; S3 itself is the one service without the wrapper). This rule unwraps
 * the `<Errors>` level of moto's answer to S3 Control paths (`/v20180820/…`, signed as `s3`); nothing else
 * changes.
 */
import type { Buffered } from '../http.js';
import type { OverlayRequest, Rule } from '../types.js';

export class S3ControlErrorShape implements Rule {
  readonly name = 's3control-error-shape';
  readonly services = ['s3'] as const;

  after(req: OverlayRequest, answer: Buffered): Buffer | undefined {
    if (answer.status < 400 || !req.url.pathname.startsWith('/v20180820/')) return undefined;
    const xml = answer.body.toString('utf8');
    const error = /<Errors>\s*(<Error>[\s\S]*?<\/Error>)\s*<\/Errors>/.exec(xml)?.[1];
    if (error === undefined) return undefined;
    const requestId = /<RequestID>([^<]*)<\/RequestID>|<RequestId>([^<]*)<\/RequestId>/.exec(xml);
    const id = requestId?.[1] ?? requestId?.[2] ?? '';
    return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse>${error}<RequestId>${id}</RequestId></ErrorResponse>`, 'utf8');
  }
}
