/**
 * The network settings of an AWS CLI user (issue 12, part 6): HTTP(S)_PROXY minus NO_PROXY, and
 * AWS_CA_BUNDLE / ca_bundle. A real forward proxy and a real TLS front (self-signed, made with openssl)
 * in front of the sandbox, both on loopback.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aws } from '../../src/aws/context.js';
import { bypassesProxy } from '../../src/aws/network.js';
import { getCallerIdentity } from '../../src/aws/sts.js';
import { useEmulator } from '../helpers/emulator.js';

const em = useEmulator({ accountId: '210000000081' });

/** Relays one request to the sandbox, keeping its Host header (the signature covers it). */
function relay(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
  const target = new URL(em.endpoint);
  const out = http.request({ host: target.hostname, port: target.port, method: req.method, path, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
}

let proxy: http.Server;
let proxied: string[] = [];
let front: https.Server;
let dir: string;

beforeAll(async () => {
  // A forward proxy that alone knows the made-up host "sandbox.test": a request only gets through it.
  proxy = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/');
    proxied.push(url.host);
    if (url.hostname !== 'sandbox.test') return void res.writeHead(502).end();
    relay(req, res, `${url.pathname}${url.search}`);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  // A TLS front with a certificate no system store trusts.
  dir = mkdtempSync(join(tmpdir(), 'ca-bundle-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: 'ignore' },
  );
  front = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => relay(req, res, req.url ?? '/'));
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  proxy?.closeAllConnections();
  front?.closeAllConnections();
  await Promise.all([proxy && new Promise((r) => proxy.close(r)), front && new Promise((r) => front.close(r))]);
});

async function callerWith(endpoint: string, env: NodeJS.ProcessEnv): Promise<string> {
  const aws = new Aws({ dryRun: false, endpoint, region: 'us-east-1', credentials: em.rootCredentials, env });
  try {
    await aws.init();
    return (await getCallerIdentity(aws)).arn;
  } finally {
    aws.destroy();
  }
}

describe('NO_PROXY, as curl reads it', () => {
  it('loopback always goes direct; names cover their subdomains; ports and * count', () => {
    expect(bypassesProxy('127.0.0.1', 80, undefined)).toBe(true);
    expect(bypassesProxy('localhost', 443, '')).toBe(true);
    expect(bypassesProxy('iam.amazonaws.com', 443, '')).toBe(false);
    expect(bypassesProxy('iam.amazonaws.com', 443, 'example.org, amazonaws.com')).toBe(true);
    expect(bypassesProxy('iam.amazonaws.com', 443, '.amazonaws.com')).toBe(true);
    expect(bypassesProxy('iam.amazonaws.com', 443, 'amazonaws.com:8443')).toBe(false);
    expect(bypassesProxy('notamazonaws.com', 443, 'amazonaws.com')).toBe(false);
    expect(bypassesProxy('anything', 1, '*')).toBe(true);
  });
});

describe('a proxy from the environment', () => {
  it('carries every call when set, and none for a host NO_PROXY names', async () => {
    const { port } = proxy.address() as AddressInfo;
    const endpoint = `http://sandbox.test:${new URL(em.endpoint).port}`;
    proxied = [];
    expect(await callerWith(endpoint, { HTTP_PROXY: `http://127.0.0.1:${port}` })).toBe(`arn:aws:iam::${em.accountId}:root`);
    expect(proxied.length).toBeGreaterThan(0);
    expect(new Set(proxied)).toEqual(new Set([`sandbox.test:${new URL(em.endpoint).port}`]));
    proxied = [];
    // Named in NO_PROXY: straight to "sandbox.test", which no resolver knows.
    await expect(callerWith(endpoint, { HTTP_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: 'example.org,sandbox.test' })).rejects.toMatchObject({ code: 'endpoint-unreachable' });
    expect(proxied).toEqual([]);
    // The sandbox itself (loopback) never goes through it.
    expect(await callerWith(em.endpoint, { HTTP_PROXY: `http://127.0.0.1:${port}` })).toMatch(/:root$/);
    expect(proxied).toEqual([]);
  });

  it('a proxy that is not a URL is refused by name', async () => {
    await expect(callerWith(em.endpoint, { HTTPS_PROXY: 'proxy:3128' })).rejects.toThrow(/HTTPS_PROXY is "proxy:3128", which is not an http\(s\) proxy URL/);
  });
});

describe('a CA bundle', () => {
  it('AWS_CA_BUNDLE or the profile’s ca_bundle lets a private certificate authority through; without it the call is refused', async () => {
    const { port } = front.address() as AddressInfo;
    const endpoint = `https://127.0.0.1:${port}`;
    await expect(callerWith(endpoint, {})).rejects.toMatchObject({
      code: 'endpoint-unreachable',
      message: expect.stringMatching(/TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT/),
      remedy: expect.stringMatching(/AWS_CA_BUNDLE/),
    });
    expect(await callerWith(endpoint, { AWS_CA_BUNDLE: join(dir, 'cert.pem') })).toMatch(/:root$/);
    writeFileSync(join(dir, 'config'), `[default]\nca_bundle = ${join(dir, 'cert.pem')}\n`);
    expect(await callerWith(endpoint, { AWS_CONFIG_FILE: join(dir, 'config') })).toMatch(/:root$/);
    await expect(callerWith(endpoint, { AWS_CA_BUNDLE: join(dir, 'missing.pem') })).rejects.toThrow(/AWS_CA_BUNDLE names .*missing\.pem, which cannot be read \(ENOENT\)/);
    await expect(callerWith(endpoint, { AWS_CA_BUNDLE: join(dir, 'key.pem') })).rejects.toThrow(/holds no PEM certificate/);
  });
});
