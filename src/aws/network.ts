/**
 * The network settings an AWS CLI user has, honoured by every client: a proxy from `HTTPS_PROXY` /
 * `HTTP_PROXY` (and their lower-case forms) minus `NO_PROXY`, and a CA bundle from `AWS_CA_BUNDLE` or
 * the profile's `ca_bundle`, which — as in the AWS CLI — replaces the default certificate authorities
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html). The SDK for JavaScript
 * reads neither by itself, so the agents are made here.
 *
 * Loopback (localhost, 127.0.0.0/8, ::1) never goes through a proxy: the sandbox runs there.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { ExitCode, OperatorError } from '../errors.js';
import { profileInForce } from './config-file.js';

function first(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

/**
 * Whether `host:port` bypasses the proxy: loopback always; otherwise NO_PROXY entries as curl reads
 * them — `*`, a host name (which also covers its subdomains), `.suffix`, an IP, each with an optional `:port`.
 */
export function bypassesProxy(host: string, port: number, noProxy: string | undefined): boolean {
  if (isLoopback(host)) return true;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of (noProxy ?? '').split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? '').replace(/^\*?\./, '');
    if (m?.[2] !== undefined && Number(m[2]) !== port) continue;
    if (h === name || h.endsWith(`.${name}`)) return true;
  }
  return false;
}

function checkedProxy(proxy: string, name: string): URL {
  try {
    const u = new URL(proxy);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u;
  } catch {
    // refused below
  }
  throw new OperatorError('usage', `${name} is "${proxy}", which is not an http(s) proxy URL.`, `Give it as http://host:port (or unset it).`, ExitCode.Usage);
}

interface RequestOpts {
  host?: string | null;
  port?: number | null;
  secureEndpoint?: boolean;
}

type AddRequest = (req: http.ClientRequest, opts: RequestOpts) => void;

/**
 * A proxy agent that sends a request straight to its host when the host bypasses the proxy, decided per
 * request before the proxy agent rewrites anything (`addRequest` is where Node's http hands a request to
 * its agent).
 */
function withBypass<A extends http.Agent>(agent: A, direct: http.Agent, noProxy: string | undefined): A {
  const viaProxy = (agent as unknown as { addRequest: AddRequest }).addRequest.bind(agent);
  const straight = (direct as unknown as { addRequest: AddRequest }).addRequest.bind(direct);
  (agent as unknown as { addRequest: AddRequest }).addRequest = (req, opts) =>
    bypassesProxy(opts.host ?? '', opts.port ?? (opts.secureEndpoint ? 443 : 80), noProxy) ? straight(req, opts) : viaProxy(req, opts);
  return agent;
}

export interface NetworkAgents {
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
  /** For --debug: what is in force. */
  summary: string[];
}

/**
 * The agents for every client: proxies and CA bundle as the environment and the profile set them. The
 * proxy agents load only when a proxy is set.
 */
export async function networkAgents(env: NodeJS.ProcessEnv, profile: string | undefined): Promise<NetworkAgents> {
  const summary: string[] = [];
  const bundleFrom = first(env, 'AWS_CA_BUNDLE') !== undefined ? 'AWS_CA_BUNDLE' : undefined;
  const inForce = bundleFrom ? undefined : profileInForce(env, profile);
  const bundlePath = bundleFrom ? first(env, 'AWS_CA_BUNDLE') : inForce?.settings.ca_bundle;
  let ca: string | undefined;
  if (bundlePath) {
    const from = bundleFrom ?? `ca_bundle of profile "${inForce?.name ?? ''}"`;
    try {
      ca = readFileSync(bundlePath, 'utf8');
    } catch (e) {
      throw new OperatorError(
        'usage',
        `${from} names ${bundlePath}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
        "Point it at a PEM file of certificate authorities, or unset it to use the system's.",
        ExitCode.Usage,
        { cause: e },
      );
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new OperatorError('usage', `${from} names ${bundlePath}, which holds no PEM certificate.`, 'Point it at a PEM file of certificate authorities.', ExitCode.Usage);
    }
    summary.push(`certificate authorities from ${bundlePath} (${from})`);
  }
  const tls = ca === undefined ? {} : { ca };
  const httpsProxy = first(env, 'HTTPS_PROXY', 'https_proxy');
  const httpProxy = first(env, 'HTTP_PROXY', 'http_proxy');
  const noProxy = first(env, 'NO_PROXY', 'no_proxy');
  const agents: NetworkAgents = { summary };
  if (httpsProxy) {
    const url = checkedProxy(httpsProxy, 'HTTPS_PROXY');
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    agents.httpsAgent = withBypass(new HttpsProxyAgent(url.href, { ...tls, keepAlive: true }) as unknown as https.Agent, new https.Agent({ ...tls, keepAlive: true }), noProxy);
    summary.push(`https through the proxy ${url.host}${noProxy ? ` (not for: ${noProxy})` : ''}`);
  } else if (ca !== undefined) {
    agents.httpsAgent = new https.Agent({ ...tls, keepAlive: true });
  }
  if (httpProxy) {
    const url = checkedProxy(httpProxy, 'HTTP_PROXY');
    const { HttpProxyAgent } = await import('http-proxy-agent');
    agents.httpAgent = withBypass(new HttpProxyAgent(url.href, { keepAlive: true }) as unknown as http.Agent, new http.Agent({ keepAlive: true }), noProxy);
    summary.push(`http through the proxy ${url.host}${noProxy ? ` (not for: ${noProxy})` : ''}`);
  }
  return agents;
}
