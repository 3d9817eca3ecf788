/**
 * What must hold after any finished matrix run, whatever the baseline: admin has exactly one access key,
 * the keychain holds it and STS accepts it; one journal, valid JSON, with no secret in it; and none of
 * the things a retried or re-run create could make twice is there twice (duplicates()).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseAccessKey, type Keychain } from '../../../src/keychain/index.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { ADMIN_USER } from './matrix.js';
import type { CisSnapshot } from './snapshot-cis.js';

/** The keychain entries a matrix run fills: the admin's access key first, then its console password. */
export type MatrixEntries = readonly [accessKey: string, consolePassword: string];

/** The broken invariants of the run whose HOME is `home`, as operator-readable lines (none: all hold). */
export async function brokenInvariants(sb: Sandbox, keychain: Keychain, entries: MatrixEntries, home: string): Promise<string[]> {
  const problems: string[] = [];
  const stored = parseAccessKey(await keychain.get(entries[0]));
  const iam = new IAMClient({ endpoint: sb.motoEndpoint, region: sb.region, credentials: { accessKeyId: 'AKIASNAPSHOT0000000', secretAccessKey: 'x' } });
  try {
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: ADMIN_USER }))).AccessKeyMetadata ?? [];
    if (keys.length !== 1) problems.push(`admin has ${keys.length} access keys, not 1`);
    if (!stored) problems.push('no access key for admin in the keychain');
    else if (!keys.some((k) => k.AccessKeyId === stored.AccessKeyId)) problems.push(`keychain key ${stored.AccessKeyId} is not admin's key in IAM`);
    else {
      const sts = new STSClient({ endpoint: sb.endpoint, region: sb.region, credentials: { accessKeyId: stored.AccessKeyId, secretAccessKey: stored.SecretAccessKey } });
      try {
        const who = await sts.send(new GetCallerIdentityCommand({}));
        if (!who.Arn?.endsWith(`:user/${ADMIN_USER}`)) problems.push(`STS with the keychain key says ${who.Arn}`);
      } catch (e) {
        problems.push(`STS refused the keychain key: ${(e as Error).message}`);
      } finally {
        sts.destroy();
      }
    }
  } finally {
    iam.destroy();
  }
  // The journal: valid JSON, and no secret the keychain holds.
  const secrets: string[] = [];
  for (const e of entries) {
    const v = await keychain.get(e);
    if (v === undefined) continue;
    const key = parseAccessKey(v);
    secrets.push(key ? key.SecretAccessKey : v);
  }
  secrets.push(sb.rootCredentials.secretAccessKey);
  const dir = join(home, 'state', 'aws-harden');
  const journals = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (journals.length !== 1) problems.push(`${journals.length} journal files in ${dir}`);
  for (const f of journals) {
    const text = readFileSync(join(dir, f), 'utf8');
    try {
      JSON.parse(text);
    } catch {
      problems.push(`journal ${f} is not valid JSON`);
    }
    for (const s of secrets) if (s && text.includes(s)) problems.push(`journal ${f} contains a secret`);
  }
  return problems;
}

/** Made by aws-harden: its names all start so (analyzer, roles, topic, log group). */
const OURS = 'aws-harden';

/**
 * What a create sent twice would leave twice, where AWS would let it: more than one analyzer, GuardDuty
 * detector or Config recorder in a region, Security Hub standard subscribed twice, more than one role
 * holding AWSSupportAccess, more than one aws-harden log group or SNS topic, or the same subscription
 * twice. One line per duplicate.
 */
export function duplicates(cis: CisSnapshot): string[] {
  const problems: string[] = [];
  const many = (what: string, xs: readonly string[]) => {
    if (xs.length > 1) problems.push(`${xs.length} ${what}: ${xs.join(', ')}`);
  };
  const twice = (what: string, xs: readonly string[]) => {
    for (const x of new Set(xs)) if (xs.filter((y) => y === x).length > 1) problems.push(`${what} ${x} twice`);
  };
  for (const r of cis.regions) {
    many(
      `${OURS} analyzers in ${r.region}`,
      r.analyzers.filter((a) => a.startsWith(OURS)),
    );
    many(`GuardDuty detectors in ${r.region}`, r.detectors);
    many(`Config recorders in ${r.region}`, r.recorders);
    twice(`Security Hub standard in ${r.region}:`, r.standards);
  }
  many(
    'roles holding AWSSupportAccess',
    cis.roles.filter((r) => r.managed.some((p) => p.endsWith(':policy/AWSSupportAccess'))).map((r) => r.name),
  );
  many(
    `${OURS} log groups`,
    cis.logGroups.map((g) => g.name).filter((n) => n.startsWith(OURS)),
  );
  many(
    `${OURS} SNS topics`,
    cis.topics.map((t) => t.name).filter((n) => n.startsWith(OURS)),
  );
  for (const t of cis.topics) twice(`subscription of ${t.name}:`, t.subscriptions);
  return problems;
}
