/**
 * What an overlay rule sees and returns. A rule enforces one documented AWS behaviour that moto lacks:
 * it may answer a request itself before moto sees it (a refusal, exactly as AWS words it), and it may
 * look at moto's answer afterwards (to remember what was made, or to rewrite the answer).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Buffered, Reply, Signer } from './http.js';

export interface OverlayRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  signer: Signer;
  /** The SigV4 signing name: `iam`, `sts`, `kms`, `cloudtrail`, `budgets`, `s3`, … */
  service: string;
  /** The signing region from the credential scope (`us-east-1`, `cn-north-1`, …). */
  region: string;
  /**
   * The operation: the query protocol's `Action` (IAM, STS), the JSON protocol's target after the
   * dot (`CreateTrail`), or for REST (S3) the method plus sorted sub-resources (`PUT ?policy`).
   */
  action: string;
  /** Query-protocol parameters (query string plus form body); empty for other protocols. */
  params: URLSearchParams;
  /** JSON-protocol body, parsed; `{}` when there is none or it is not JSON. */
  json: Record<string, unknown>;
  /** True when signed with the root user's active access key. */
  asRoot: boolean;
}

/** What every rule may use: the account it stands for, and moto read as that account. */
export interface RuleContext {
  accountId: string;
  /** moto's endpoint, `http://127.0.0.1:PORT`, for rules that read moto's state (as `accountId`). */
  motoEndpoint: string;
  /** Milliseconds; rules that model time (eventual consistency) read it here. */
  now(): number;
  /** The opt-in regions the account has enabled (none in a new account): rules/regions.ts. */
  optInRegions: ReadonlySet<string>;
  /** The root user's keys as root.ts keeps them (read-only), for rules that depend on them. */
  root: { readonly keys: readonly unknown[]; readonly keyDeletedAt: number | undefined };
}

export interface Rule {
  /** A short name for logs and tests, e.g. `cloudtrail-destination`. */
  readonly name: string;
  /** Signing names of the services whose requests this rule wants to see (buffered). */
  readonly services: readonly string[];
  /** Before moto: a reply answers the request (moto never sees it); undefined passes it on. */
  before?(req: OverlayRequest): Reply | undefined | Promise<Reply | undefined>;
  /** After moto answered: observe it, or return a replacement body. */
  after?(req: OverlayRequest, answer: Buffered): Buffer | undefined | Promise<Buffer | undefined>;
  /** Back to a brand-new account (moto was reset). */
  reset?(): void;
}
