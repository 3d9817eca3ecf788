/**
 * The strict sandbox's login-profile rule against a real moto: moto alone takes any console password
 * and forgets PasswordResetRequired; the strict sandbox checks the password against the account's
 * password policy (or AWS's default one) with PasswordPolicyViolation (HTTP 400), as AWS does, and
 * keeps PasswordResetRequired.
 */
import { CreateLoginProfileCommand, CreateUserCommand, GetLoginProfileCommand, IAMClient, UpdateAccountPasswordPolicyCommand, UpdateLoginProfileCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { refusal } from '../../helpers/refusal.js';

const sb = useEmulator();

function iam(endpoint: string): IAMClient {
  return new IAMClient({ endpoint, region: sb.region, credentials: sb.rootCredentials, maxAttempts: 1 });
}

/** Made in moto directly: the strict sandbox's eventual consistency would hide a new user for a moment. */
async function user(name: string): Promise<void> {
  await iam(sb.motoEndpoint).send(new CreateUserCommand({ UserName: name }));
}

const CIS = { MinimumPasswordLength: 14, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true };

describe('CreateLoginProfile / UpdateLoginProfile and the password policy', () => {
  it('moto alone takes a password that breaks the policy', async () => {
    const moto = iam(sb.motoEndpoint);
    await moto.send(new UpdateAccountPasswordPolicyCommand(CIS));
    await moto.send(new CreateUserCommand({ UserName: 'weak' }));
    await moto.send(new CreateLoginProfileCommand({ UserName: 'weak', Password: 'a' }));
    await moto.send(new UpdateLoginProfileCommand({ UserName: 'weak', Password: 'b' }));
  });

  it('the strict sandbox refuses each kind of violation with PasswordPolicyViolation (400), for create and update', async () => {
    const strict = iam(sb.endpoint);
    await strict.send(new UpdateAccountPasswordPolicyCommand(CIS));
    await user('alice');
    const cases: Array<[string, string]> = [
      ['Short-pass-1!', 'Password should have a minimum length of 14'],
      ['lower-case-only-1!', 'Password should have at least one uppercase letter'],
      ['UPPER-CASE-ONLY-1!', 'Password should have at least one lowercase letter'],
      ['No-Numbers-Here-!', 'Password should have at least one number'],
      ['NoSymbolsHere123', 'Password should have at least one symbol'],
    ];
    for (const [password, message] of cases) {
      expect(await refusal(strict.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: password })))).toEqual({ name: 'PasswordPolicyViolation', status: 400, message });
    }
    await expect(strict.send(new GetLoginProfileCommand({ UserName: 'alice' }))).rejects.toThrow(/not found/);
    await strict.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Good-Password-14!' }));
    expect(await refusal(strict.send(new UpdateLoginProfileCommand({ UserName: 'alice', Password: 'weak' })))).toMatchObject({ name: 'PasswordPolicyViolation', status: 400 });
    await strict.send(new UpdateLoginProfileCommand({ UserName: 'alice', Password: 'Another-Good-1!' }));
  });

  it('without a custom policy, AWS’s default applies: 8 characters, three of four character classes', async () => {
    const strict = iam(sb.endpoint);
    await user('bob');
    expect(await refusal(strict.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Ab1!' })))).toEqual({
      name: 'PasswordPolicyViolation',
      status: 400,
      message: 'Password should have a minimum length of 8',
    });
    expect(await refusal(strict.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'onlylowercase99' })))).toMatchObject({ name: 'PasswordPolicyViolation', status: 400 });
    await strict.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'lowercase99!' }));
  });

  it('a longer minimum (30) is enforced to the character', async () => {
    const strict = iam(sb.endpoint);
    await strict.send(new UpdateAccountPasswordPolicyCommand({ ...CIS, MinimumPasswordLength: 30 }));
    await user('carol');
    const p29 = `Aa1!${'x'.repeat(25)}`;
    expect((await refusal(strict.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: p29 })))).message).toBe('Password should have a minimum length of 30');
    await strict.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: `${p29}x` }));
  });
});

describe('PasswordResetRequired', () => {
  it('moto alone forgets it; the strict sandbox keeps it, and an update without it leaves it', async () => {
    const moto = iam(sb.motoEndpoint);
    await moto.send(new CreateUserCommand({ UserName: 'm' }));
    const made = await moto.send(new CreateLoginProfileCommand({ UserName: 'm', Password: 'Good-Password-14!', PasswordResetRequired: true }));
    expect(made.LoginProfile?.PasswordResetRequired).toBe(false);
    expect((await moto.send(new GetLoginProfileCommand({ UserName: 'm' }))).LoginProfile?.PasswordResetRequired).toBe(false);

    const strict = iam(sb.endpoint);
    await user('s');
    const kept = await strict.send(new CreateLoginProfileCommand({ UserName: 's', Password: 'Good-Password-14!', PasswordResetRequired: true }));
    expect(kept.LoginProfile?.PasswordResetRequired).toBe(true);
    expect((await strict.send(new GetLoginProfileCommand({ UserName: 's' }))).LoginProfile?.PasswordResetRequired).toBe(true);
    await strict.send(new UpdateLoginProfileCommand({ UserName: 's', Password: 'Other-Password-14!' }));
    expect((await strict.send(new GetLoginProfileCommand({ UserName: 's' }))).LoginProfile?.PasswordResetRequired).toBe(true);
    await strict.send(new UpdateLoginProfileCommand({ UserName: 's', Password: 'Third-Password-14!', PasswordResetRequired: false }));
    expect((await strict.send(new GetLoginProfileCommand({ UserName: 's' }))).LoginProfile?.PasswordResetRequired).toBe(false);
  });
});
