/**
 * The strict sandbox's MFA rule against a real moto: moto alone enables a virtual MFA device with any
 * two codes; the strict sandbox wants two consecutive TOTP codes of that device's seed, as AWS does
 * (InvalidAuthenticationCode, HTTP 403). Codes come from an independent TOTP (test/helpers/totp.ts).
 */
import { CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient, ListMFADevicesCommand, ListMFADeviceTagsCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { refusal } from '../../helpers/refusal.js';
import { totp } from '../../helpers/totp.js';

const sb = useEmulator();

function iam(endpoint: string): IAMClient {
  return new IAMClient({ endpoint, region: sb.region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

/** A user and a virtual device for it, made through `client`; the seed as base32 text. */
async function userWithDevice(client: IAMClient, name: string): Promise<{ serial: string; seed: string }> {
  // Made in moto directly: the strict sandbox's eventual consistency would hide a new user for a moment.
  await iam(sb.motoEndpoint).send(new CreateUserCommand({ UserName: name }));
  const out = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, Tags: [{ Key: 'created-by', Value: 'test' }] }));
  return { serial: out.VirtualMFADevice!.SerialNumber!, seed: new TextDecoder().decode(out.VirtualMFADevice!.Base32StringSeed) };
}

const now = () => Date.now() / 1000;

describe('EnableMFADevice codes', () => {
  it('moto alone enables a device with any two codes', async () => {
    const moto = iam(sb.motoEndpoint);
    const { serial } = await userWithDevice(moto, 'anycodes');
    await moto.send(new EnableMFADeviceCommand({ UserName: 'anycodes', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '123456' }));
    expect((await moto.send(new ListMFADevicesCommand({ UserName: 'anycodes' }))).MFADevices).toHaveLength(1);
  });

  it('the strict sandbox refuses codes that are not two consecutive codes of the seed, as AWS does', async () => {
    const strict = iam(sb.endpoint);
    const { serial, seed } = await userWithDevice(strict, 'alice');
    const t = now();
    const tries: Array<[string, string, string]> = [
      ['arbitrary', '123456', '654321'],
      ['the same code twice', totp(seed, t), totp(seed, t)],
      ['in the wrong order', totp(seed, t), totp(seed, t - 30)],
      ['not consecutive', totp(seed, t - 60), totp(seed, t)],
      ['expired (five minutes old)', totp(seed, t - 330), totp(seed, t - 300)],
      ['of another seed', totp('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', t - 30), totp('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', t)],
    ];
    for (const [why, code1, code2] of tries) {
      const r = await refusal(strict.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2 })));
      expect(r, why).toEqual({ name: 'InvalidAuthenticationCode', status: 403, message: 'Authentication code for device is not valid.' });
    }
    expect((await strict.send(new ListMFADevicesCommand({ UserName: 'alice' }))).MFADevices).toEqual([]);
  });

  it('accepts two consecutive current codes, and a pair one step off (clock skew)', async () => {
    const strict = iam(sb.endpoint);
    const a = await userWithDevice(strict, 'alice');
    await strict.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: a.serial, AuthenticationCode1: totp(a.seed, now() - 30), AuthenticationCode2: totp(a.seed, now()) }));
    expect((await strict.send(new ListMFADevicesCommand({ UserName: 'alice' }))).MFADevices).toHaveLength(1);
    const b = await userWithDevice(strict, 'bob');
    // A phone clock 30 s ahead: its current code is the server's next one.
    await strict.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: b.serial, AuthenticationCode1: totp(b.seed, now()), AuthenticationCode2: totp(b.seed, now() + 30) }));
    expect((await strict.send(new ListMFADevicesCommand({ UserName: 'bob' }))).MFADevices).toHaveLength(1);
  });

  it('a device made again under the same name has a new seed: the old seed no longer works', async () => {
    const strict = iam(sb.endpoint);
    const old = await userWithDevice(strict, 'carol');
    const { DeleteVirtualMFADeviceCommand } = await import('@aws-sdk/client-iam');
    await strict.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: old.serial }));
    const again = await strict.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol' }));
    expect(again.VirtualMFADevice?.SerialNumber).toBe(old.serial);
    const r = await refusal(
      strict.send(new EnableMFADeviceCommand({ UserName: 'carol', SerialNumber: old.serial, AuthenticationCode1: totp(old.seed, now() - 30), AuthenticationCode2: totp(old.seed, now()) })),
    );
    expect(r.name).toBe('InvalidAuthenticationCode');
  });
});

describe('virtual MFA device names and tags', () => {
  it('a name already taken in the account is EntityAlreadyExists (409), on moto and on the strict sandbox', async () => {
    const strict = iam(sb.endpoint);
    await strict.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'shared' }));
    for (const client of [strict, iam(sb.motoEndpoint)]) {
      const r = await refusal(client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'shared' })));
      expect(r).toMatchObject({ name: 'EntityAlreadyExists', status: 409 });
    }
  });

  it('keeps the tags given at creation (moto drops them and has no ListMFADeviceTags)', async () => {
    const strict = iam(sb.endpoint);
    const { serial } = await userWithDevice(strict, 'dave');
    expect((await strict.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([{ Key: 'created-by', Value: 'test' }]);
    const r = await refusal(strict.send(new ListMFADeviceTagsCommand({ SerialNumber: `${serial}-none` })));
    expect(r).toMatchObject({ name: 'NoSuchEntity', status: 404 });
  });
});
