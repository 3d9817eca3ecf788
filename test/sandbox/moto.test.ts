/**
 * The emulator process: found, started on a free port, stopped, and never left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot, SandboxError, startMoto, type MotoServer } from '../../src/sandbox/moto.js';

const started: MotoServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((m) => m.stop()));
});

async function start(env?: Record<string, string>): Promise<MotoServer> {
  const moto = await startMoto(env === undefined ? {} : { env });
  started.push(moto);
  return moto;
}

/** True if something answers HTTP on the port. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await (await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(cond: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

describe('startMoto', () => {
  it('serves on a loopback port with the AWS managed policies loaded', async () => {
    const moto = await start();
    expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
    // Unsigned query call: moto routes it by the form body. AdministratorAccess only exists with
    // MOTO_IAM_LOAD_MANAGED_POLICIES=true.
    const res = await fetch(moto.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: 'Action=GetPolicy&Version=2010-05-08&PolicyArn=arn:aws:iam::aws:policy/AdministratorAccess',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<PolicyName>AdministratorAccess</PolicyName>');
  });

  it('stop() ends the process and frees the port; calling it again is harmless', async () => {
    const moto = await startMoto();
    expect(await answers(moto.endpoint)).toBe(true);
    await moto.stop();
    expect(await answers(moto.endpoint)).toBe(false);
    await moto.stop();
  });

  it('two servers run side by side on different ports', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    expect(await answers(a.endpoint)).toBe(true);
    expect(await answers(b.endpoint)).toBe(true);
  });

  it('a moto that cannot start fails with its last output and the setup remedy', async () => {
    // A Python that cannot find its standard library dies at once, like a broken install would.
    const err = await startMoto({ env: { PYTHONHOME: '/nonexistent-python-home' } }).then(
      (m) => {
        started.push(m);
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SandboxError);
    const e = err as SandboxError;
    expect(e.message).toMatch(/exited/);
    expect(e.message).toMatch(/encodings|Python/);
    expect(e.remedy).toContain('bash scripts/setup.sh');
  });

  it.skipIf(existsSync(join(projectRoot(), '.venv', 'bin', 'moto_server')))('without moto anywhere it says to run the setup script', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent-bin';
    try {
      const err = await startMoto().then(
        (m) => {
          started.push(m);
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SandboxError);
      expect(err).toMatchObject({ code: 'sandbox', remedy: expect.stringContaining('bash scripts/setup.sh') });
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('moto dies with the process that started it, even when that process is SIGKILLed', async () => {
    const parent = await startInChild(`
      const { startMoto } = await import(${JSON.stringify(join(projectRoot(), 'src/sandbox/moto.ts'))});
      const moto = await startMoto();
      console.log(moto.endpoint);
      setInterval(() => {}, 1000);
    `);
    expect(await answers(parent.endpoint)).toBe(true);

    parent.child.kill('SIGKILL');
    expect(await waitUntil(async () => !(await answers(parent.endpoint)), 5_000)).toBe(true);
  });

  it('a process that forgets stop() still exits on its own, and takes moto with it', async () => {
    const parent = await startInChild(`
      const { startSandbox } = await import(${JSON.stringify(join(projectRoot(), 'src/sandbox/index.ts'))});
      const sb = await startSandbox();
      console.log(sb.motoEndpoint);
    `);
    const code = await Promise.race([parent.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
    if (code === 'still running') parent.child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(await waitUntil(async () => !(await answers(parent.endpoint)), 5_000)).toBe(true);
  });
});

/** Runs an ES module snippet in a separate Node process (TypeScript via tsx); resolves once it prints an endpoint. */
async function startInChild(script: string): Promise<{ child: ChildProcess; endpoint: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: projectRoot(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    let errOut = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.stderr?.on('data', (c: Buffer) => (errOut += c.toString()));
    void exited.then((code) => reject(new Error(`child exited (${code}) before printing an endpoint: ${errOut}`)));
  });
  return { child, endpoint, exited };
}
