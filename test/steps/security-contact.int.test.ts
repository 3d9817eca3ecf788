import { describe, expect, it } from 'vitest';
import { getAlternateContact, putAlternateContact, type Contact } from '../../src/aws/account.js';
import { createGroup } from '../../src/aws/iam-identity.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { securityContactStep as step } from '../../src/steps/security-contact/index.js';
import { validateContactEmail, validateName, validatePhone, validateTitle } from '../../src/steps/security-contact/rules.js';
import type { Answers, StepContext, StepId } from '../../src/steps/types.js';
import { emulatorContext } from '../helpers/aws.js';
import { describeRecorded, recordedRequests, useEmulator } from '../helpers/emulator.js';
import { noOperator } from '../helpers/operator.js';
import { mutations, resetRecording } from './logging-helpers.js';

const em = useEmulator();

const answers: Answers = { name: 'Ada Lovelace', title: 'CISO', email: 'security@example.com', phone: '+44 20 7946 0000', also: 'no' };
const contact: Contact = { name: 'Ada Lovelace', title: 'CISO', email: 'security@example.com', phone: '+44 20 7946 0000' };

/** The context of a run whose --config (or journal) holds `given`. */
function withAnswers(ctx: StepContext, given: Partial<Record<StepId, Answers>>): StepContext {
  return { ...ctx, answersOf: (id) => given[id] };
}

/** Applies with `a` from `ctx`: exactly the planned calls arrive, verify reads the contacts back, a second run changes nothing. */
async function converge(ctx: StepContext, a: Answers): Promise<string[]> {
  const before = await step.recheck!(ctx, await step.check(ctx), a);
  expect(before.status).toBe('todo');
  const planned = step.plan(ctx, before, a).map((c) => `${c.service}:${c.operation}`);
  await resetRecording(em);
  await step.apply(ctx, before, a, noOperator());
  expect(await mutations(em)).toEqual(planned);
  const verified = await step.verify!(ctx, a);
  expect(verified.status, verified.summary).toBe('done');
  await resetRecording(em);
  const again = await step.check(withAnswers(ctx, { 'security-contact': a }));
  expect(again.status).toBe('done');
  expect(step.plan(ctx, again, a)).toEqual([]);
  await step.apply(ctx, again, a, noOperator());
  expect(await mutations(em)).toEqual([]);
  return planned;
}

describe('security-contact against the emulator', () => {
  it('none registered (GetAlternateContact: ResourceNotFoundException) is todo; registers the SECURITY contact with one call and reads it back', async () => {
    const ctx = withAnswers(await emulatorContext(em), { budget: { email: 'ops@example.com' } });
    const before = await step.check(ctx);
    expect(before.status).toBe('todo');
    expect(before.summary).toMatch(/No security contact is registered/);
    const questions = step.questions!(ctx, before);
    expect(questions.map((q) => q.id)).toEqual(['name', 'title', 'email', 'phone', 'also']);
    // The budget's answered address is offered; billing and operations stay untouched unless asked.
    expect(questions.find((q) => q.id === 'email')?.default).toBe('ops@example.com');
    expect(questions.find((q) => q.id === 'also')?.default).toBe('no');

    const plan = step.plan(ctx, await step.recheck!(ctx, before, answers), answers);
    expect(plan).toEqual([
      {
        service: 'account',
        operation: 'PutAlternateContact',
        params: { AlternateContactType: 'SECURITY', Name: 'Ada Lovelace', Title: 'CISO', EmailAddress: 'security@example.com', PhoneNumber: '+44 20 7946 0000' },
        note: 'registers the security contact',
      },
    ]);
    expect(await converge(ctx, answers)).toEqual(['account:PutAlternateContact']);
    expect(await getAlternateContact(ctx.aws, 'SECURITY')).toEqual(contact);
    expect(await getAlternateContact(ctx.aws, 'BILLING')).toBeUndefined();
  });

  it('an existing security contact passes as it is when nothing else was asked for', async () => {
    const ctx = await emulatorContext(em);
    await putAlternateContact(ctx.aws, 'SECURITY', { ...contact, name: 'Grace Hopper' });
    await resetRecording(em);
    const found = await step.check(ctx);
    expect(found.status).toBe('done');
    expect(found.summary).toContain('Grace Hopper <security@example.com>');
    expect(step.plan(ctx, found, {})).toEqual([]);
    expect(await mutations(em)).toEqual([]);
  });

  it('an existing security contact that differs from the answers is shown current against proposed and replaced', async () => {
    const ctx = await emulatorContext(em);
    const old: Contact = { name: 'Grace Hopper', title: 'Security', email: 'grace@example.com', phone: '+1 555 0100' };
    await putAlternateContact(ctx.aws, 'SECURITY', old);
    const given = withAnswers(ctx, { 'security-contact': answers });
    const found = await step.check(given);
    expect(found.status).toBe('todo');
    expect(found.summary).toMatch(/security contact shown as current differs from your answers and will be replaced/);
    expect(found.table?.rows).toEqual([
      { label: 'security', current: 'Grace Hopper (Security) <grace@example.com> +1 555 0100', proposed: 'Ada Lovelace (CISO) <security@example.com> +44 20 7946 0000', changes: true },
    ]);
    // The questions start from what is registered.
    expect(step.questions!(given, found).find((q) => q.id === 'name')?.default).toBe('Grace Hopper');
    expect(step.plan(given, found, answers)[0]?.note).toBe('replaces the security contact Grace Hopper <grace@example.com>');
    expect(await converge(given, answers)).toEqual(['account:PutAlternateContact']);
    expect(await getAlternateContact(ctx.aws, 'SECURITY')).toEqual(contact);
  });

  it('"also billing and operations": sets the three kinds, each read back; an existing billing contact is said to be replaced', async () => {
    const ctx = await emulatorContext(em);
    await putAlternateContact(ctx.aws, 'BILLING', { name: 'Accounts', title: 'Billing', email: 'billing@example.com', phone: '+1 555 0199' });
    const also = { ...answers, also: 'yes' };
    const found = await step.recheck!(ctx, await step.check(ctx), also);
    expect(found.table?.rows.map((r) => [r.label, r.changes])).toEqual([
      ['security', true],
      ['billing', true],
      ['operations', true],
    ]);
    expect(found.summary).toMatch(/No security, operations contact is registered.*The billing contact shown as current differs/);
    expect(await converge(ctx, also)).toEqual(['account:PutAlternateContact', 'account:PutAlternateContact', 'account:PutAlternateContact']);
    for (const type of ['SECURITY', 'BILLING', 'OPERATIONS'] as const) expect(await getAlternateContact(ctx.aws, type)).toEqual(contact);
  });

  it("the run's read cache: a change elsewhere (IAM) keeps the contact read, a contact change forgets it", async () => {
    const ctx = await emulatorContext(em);
    const reads = async () => (await recordedRequests(em)).map(describeRecorded).filter((c) => c === 'account:GetAlternateContact').length;
    await resetRecording(em);
    await step.check(ctx);
    expect(await reads()).toBe(1);
    await createGroup(ctx.aws, 'Auditors');
    await step.check(ctx);
    expect(await reads()).toBe(1);
    await putAlternateContact(ctx.aws, 'SECURITY', contact);
    expect((await step.check(ctx)).status).toBe('done');
    expect(await reads()).toBe(2);
  });

  it('refuses, before any call, what PutAlternateContact documents as invalid', () => {
    expect(validateName('x'.repeat(65))).toMatch(/at most 64 characters/);
    expect(validateTitle('')).toMatch(/Enter the contact's title/);
    expect(validateTitle('x'.repeat(51))).toMatch(/at most 50/);
    expect(validateContactEmail('security@example')).toMatch(/not an e-mail address AWS accepts/);
    expect(validateContactEmail('sec urity@example.com')).toMatch(/not an e-mail address/);
    expect(validateContactEmail(`${'a'.repeat(250)}@example.com`)).toMatch(/at most 254/);
    expect(validateContactEmail(' security@example.com ')).toBeUndefined();
    expect(validatePhone('+1 (206) 555-0100')).toBeUndefined();
    expect(validatePhone('call me')).toMatch(/not a phone number AWS accepts/);
    expect(validatePhone('+'.repeat(3))).toMatch(/not a phone number/);
    expect(validatePhone('1'.repeat(26))).toMatch(/at most 25/);
  });

  it('works in the aws-cn partition too (the Account Management API is offered in the China regions)', async () => {
    const sb = await startSandbox({ shape: 'aws-cn' });
    try {
      const ctx = await emulatorContext(sb);
      expect(ctx.identity.arn).toMatch(/^arn:aws-cn:/);
      const before = await step.check(ctx);
      expect(before.status).toBe('todo');
      await step.apply(ctx, before, answers, noOperator());
      expect((await step.verify!(ctx, answers)).status).toBe('done');
      expect(sb.received()['account:PutAlternateContact']).toBe(1);
    } finally {
      await sb.stop();
    }
  });
});
