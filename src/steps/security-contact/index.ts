/**
 * security-contact: the account's SECURITY alternate contact is registered (the CIS control "security
 * contact information is registered"), and, only when the operator says so, the same person is the
 * BILLING and OPERATIONS contact too. AWS keeps one contact of each kind: PutAlternateContact replaces
 * it, so an existing contact that differs from the answers is shown, current against proposed, and said
 * to be replaced before anything is applied. Verified by GetAlternateContact of each kind.
 *
 * The Account Management API is global: the SDK sends it to us-east-1 in `aws` and to cn-northwest-1 in
 * `aws-cn`, where AWS offers it too (https://docs.amazonaws.cn/en_us/aws/latest/userguide/account-management.html).
 */
import { plannedCalls, runActions, type AccountAction } from '../../aws/actions/index.js';
import { answerOf } from '../answers.js';
import { validateEmail } from '../budget/rules.js';
import { defineStep, type Answers, type Question, type StepContext } from '../types.js';
import { inspect, typesFor, type ContactInspection } from './inspect.js';
import { findingFor, toSet } from './report.js';
import { DEFAULT_TITLE, contactOf, validateAlso, validateContactEmail, validateName, validatePhone, validateTitle } from './rules.js';

/** The earlier answers (--config, then the journal) of this step. */
function earlier(ctx: StepContext): Answers {
  const out: Answers = {};
  for (const [field, validate] of [
    ['name', validateName],
    ['title', validateTitle],
    ['email', validateContactEmail],
    ['phone', validatePhone],
    ['also', validateAlso],
  ] as const) {
    const v = answerOf(ctx, 'security-contact', field, validate);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

/** Plan and apply both come from here: one PutAlternateContact per kind whose contact is not the answered one. */
function actionsFor(ins: ContactInspection): AccountAction[] {
  const c = ins.wanted;
  if (!c) return [];
  return toSet(ins).map((type) => ({
    service: 'account',
    op: 'PutAlternateContact',
    input: { AlternateContactType: type, Name: c.name, Title: c.title, EmailAddress: c.email, PhoneNumber: c.phone },
    note: ins.current[type] ? `replaces the ${type.toLowerCase()} contact ${ins.current[type]?.name ?? ''} <${ins.current[type]?.email ?? ''}>` : `registers the ${type.toLowerCase()} contact`,
  }));
}

export const securityContactStep = defineStep<ContactInspection>({
  id: 'security-contact',
  title: 'Security contact',
  why: 'AWS sends abuse reports and security notices to the security contact: a person who reads them, not only the root mailbox.',

  configKeys: { name: validateName, title: validateTitle, email: validateContactEmail, phone: validatePhone, also: validateAlso },

  async check(ctx) {
    const a = earlier(ctx);
    return findingFor(await inspect(ctx, typesFor(a.also), contactOf(a)));
  },

  questions(ctx, finding): Question[] {
    const now = finding.data?.current.SECURITY;
    return [
      { kind: 'text', id: 'name', prompt: 'Security contact: name', default: now?.name ?? '', help: 'A person or a team, up to 64 characters.', validate: validateName },
      { kind: 'text', id: 'title', prompt: 'Title', default: now?.title ?? DEFAULT_TITLE, help: 'Up to 50 characters, e.g. Security, CISO.', validate: validateTitle },
      {
        kind: 'text',
        id: 'email',
        prompt: 'E-mail address',
        // The budget's address is a mailbox this operator reads; a better one for security notices is theirs to give.
        default: now?.email ?? answerOf(ctx, 'budget', 'email', validateEmail) ?? '',
        help: 'AWS writes here about abuse reports and security notices.',
        validate: validateContactEmail,
      },
      { kind: 'text', id: 'phone', prompt: 'Phone number', default: now?.phone ?? '', help: 'Digits, spaces and + - ( ), up to 25 characters, e.g. +1 206 555 0100.', validate: validatePhone },
      {
        kind: 'choice',
        id: 'also',
        prompt: 'Also make this the billing and operations contact?',
        default: 'no',
        help: 'Only on yes are those two set; an existing billing or operations contact would be replaced.',
        options: [
          { value: 'no', label: 'no — security contact only' },
          { value: 'yes', label: 'yes — also billing and operations' },
        ],
      },
    ];
  },

  /** The contacts the answers name, read again when they add kinds the check did not read. */
  async recheck(ctx, finding, answers) {
    const types = typesFor(answers.also);
    const wanted = contactOf(answers);
    const same = finding.data && finding.data.types.length === types.length;
    return findingFor(same && finding.data ? { ...finding.data, wanted } : await inspect(ctx, types, wanted));
  },

  plan(_ctx, finding, answers) {
    const types = typesFor(answers.also);
    const read = finding.data?.types.length === types.length ? finding.data.current : {};
    return plannedCalls(actionsFor({ types, current: read, wanted: contactOf(answers) }));
  },

  async apply(ctx, _finding, answers) {
    // Read again: the plan may be minutes old, and someone may have set a contact in the console since.
    await runActions(ctx.aws, actionsFor(await inspect(ctx, typesFor(answers.also), contactOf(answers))));
  },

  /** Done only when every kind set reads back as the answered contact. */
  async verify(ctx, answers) {
    return findingFor(await inspect(ctx, typesFor(answers.also), contactOf(answers)));
  },
});
