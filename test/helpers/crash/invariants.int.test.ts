/**
 * The matrices' duplicate check (invariants.ts duplicates()) on accounts read by snapshot-cis.ts: a
 * duplicate made straight in the emulator is named, and a fresh account has none.
 */
import { AccessAnalyzerClient, CreateAnalyzerCommand } from '@aws-sdk/client-accessanalyzer';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { duplicates } from './invariants.js';
import { snapshotCis } from './snapshot-cis.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ accountId: '555566667777' });
});
afterAll(async () => {
  await sb.stop();
});
beforeEach(async () => {
  await (await fetch(`${sb.endpoint}/moto-api/reset`, { method: 'POST' })).arrayBuffer();
});

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::555566667777:root' }, Action: 'sts:AssumeRole' }] });

describe('duplicates', () => {
  it('a fresh account has none', async () => {
    const cis = await snapshotCis(sb);
    expect(cis.regions.length).toBeGreaterThan(1);
    expect(duplicates(cis)).toEqual([]);
  });

  it('names a second analyzer, detector, support role and topic', async () => {
    const region = 'eu-west-1';
    const motoCfg = { endpoint: sb.motoEndpoint, region, credentials: { accessKeyId: 'AKIADUPLICATE000000', secretAccessKey: 'x' } };
    // moto keeps two detectors (the strict overlay refuses the second, as AWS does); the overlay keeps analyzers.
    const gd = new GuardDutyClient(motoCfg);
    const aa = new AccessAnalyzerClient({ ...motoCfg, endpoint: sb.endpoint });
    const iam = new IAMClient(motoCfg);
    const sns = new SNSClient({ ...motoCfg, region: sb.region }); // the snapshot reads SNS in the run's region, where trail-alarms makes its topic
    try {
      for (let i = 0; i < 2; i += 1) await gd.send(new CreateDetectorCommand({ Enable: true }));
      await aa.send(new CreateAnalyzerCommand({ analyzerName: 'aws-harden-account', type: 'ACCOUNT' }));
      await aa.send(new CreateAnalyzerCommand({ analyzerName: 'aws-harden-unused', type: 'ACCOUNT_UNUSED_ACCESS' }));
      for (const name of ['aws-harden-support', 'aws-harden-support-2']) {
        await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
        await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }));
      }
      for (const name of ['aws-harden-security-alarms', 'aws-harden-security-alarms-2']) await sns.send(new CreateTopicCommand({ Name: name }));
    } finally {
      for (const c of [gd, aa, iam, sns]) c.destroy();
    }
    expect(duplicates(await snapshotCis(sb))).toEqual([
      `2 aws-harden analyzers in ${region}: aws-harden-account ACCOUNT ACTIVE, aws-harden-unused ACCOUNT_UNUSED_ACCESS ACTIVE`,
      `2 GuardDuty detectors in ${region}: ENABLED, ENABLED`,
      '2 roles holding AWSSupportAccess: aws-harden-support, aws-harden-support-2',
      '2 aws-harden SNS topics: aws-harden-security-alarms, aws-harden-security-alarms-2',
    ]);
  });
});
