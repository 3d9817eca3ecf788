/**
 * Account Management: moto stores any alternate contact; the strict sandbox refuses what
 * PutAlternateContact documents as invalid, with AWS's ValidationException.
 */
import { AccountClient, GetAlternateContactCommand, PutAlternateContactCommand, type PutAlternateContactCommandInput } from '@aws-sdk/client-account';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';

const sb = useEmulator();

const valid: PutAlternateContactCommandInput = { AlternateContactType: 'SECURITY', Name: 'Ada Lovelace', Title: 'CISO', EmailAddress: 'security@example.com', PhoneNumber: '+44 20 7946 0000' };

function account(endpoint: string): AccountClient {
  return new AccountClient({ endpoint, region: sb.region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; reason?: string; fieldList?: Array<{ name: string; message: string }> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; reason?: string; fieldList?: Array<{ name: string; message: string }>; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, ...(err.reason ? { reason: err.reason } : {}), ...(err.fieldList ? { fieldList: err.fieldList } : {}) };
  }
  throw new Error('expected the call to fail');
}

describe('the alternate-contact rule', () => {
  it('moto alone stores a contact AWS refuses', async () => {
    await account(sb.motoEndpoint).send(new PutAlternateContactCommand({ ...valid, EmailAddress: 'not-an-address', PhoneNumber: 'call me' }));
    const got = await account(sb.motoEndpoint).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
    expect(got.AlternateContact?.EmailAddress).toBe('not-an-address');
  });

  it('the strict sandbox refuses it with a ValidationException naming each field, and stores nothing', async () => {
    const client = account(sb.endpoint);
    const e = await errorOf(client.send(new PutAlternateContactCommand({ ...valid, Name: 'x'.repeat(65), EmailAddress: 'not-an-address', PhoneNumber: 'call me' })));
    expect(e).toMatchObject({ name: 'ValidationException', status: 400, reason: 'fieldValidationFailed' });
    expect(e.fieldList?.map((f) => f.name)).toEqual(['name', 'emailAddress', 'phoneNumber']);
    expect(e.fieldList?.[0]?.message).toBe('Member must have length between 1 and 64');
    expect(await errorOf(client.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await errorOf(client.send(new PutAlternateContactCommand({ ...valid, Title: 'x'.repeat(51) })))).toMatchObject({ fieldList: [{ name: 'title' }] });
  });

  it('accepts what the reference allows, surrounding spaces in the address included', async () => {
    const client = account(sb.endpoint);
    await client.send(new PutAlternateContactCommand({ ...valid, EmailAddress: ' security@example.com ', PhoneNumber: '+1 (206) 555-0100' }));
    expect((await client.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))).AlternateContact?.PhoneNumber).toBe('+1 (206) 555-0100');
  });
});
