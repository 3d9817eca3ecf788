/** The read families of the regional steps' reads (src/aws/read-families.ts): what a change forgets, and what it keeps. */
import { describe, expect, it } from 'vitest';
import { listAnalyzers, createAnalyzer } from '../../src/aws/access-analyzer.js';
import { ebsEncryptionByDefault, enableEbsEncryptionByDefault } from '../../src/aws/ec2.js';
import { defaultSecurityGroups } from '../../src/aws/ec2-security-groups.js';
import { emulatorAws } from '../helpers/aws.js';
import { describeRecorded, recordedRequests, resetRecording, useEmulator } from '../helpers/emulator.js';

const em = useEmulator();

describe('regional reads in the run read cache', () => {
  it('turning on EBS default encryption forgets that read only: the default groups and analyzers read before are not read again', async () => {
    const aws = await emulatorAws(em);
    await defaultSecurityGroups(aws);
    await listAnalyzers(aws);
    expect(await ebsEncryptionByDefault(aws)).toBe(false);
    await enableEbsEncryptionByDefault(aws);
    await resetRecording(em);
    await defaultSecurityGroups(aws);
    await listAnalyzers(aws);
    expect(await ebsEncryptionByDefault(aws)).toBe(true);
    expect((await recordedRequests(em)).map(describeRecorded)).toEqual(['ec2:GetEbsEncryptionByDefault']);
  });

  it('a new analyzer forgets the analyzers read before', async () => {
    const aws = await emulatorAws(em);
    expect(await listAnalyzers(aws)).toEqual([]);
    await createAnalyzer(aws, { analyzerName: 'a', type: 'ACCOUNT' });
    expect(await listAnalyzers(aws)).toEqual([{ name: 'a', type: 'ACCOUNT', status: 'ACTIVE' }]);
  });
});
