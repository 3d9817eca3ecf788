/**
 * s3-public-access: the account-level S3 Block Public Access has all four settings on (the CIS control
 * "S3 Block Public Access is enabled at the account level"), so no bucket in the account can be made
 * public by an ACL or a bucket policy, whatever its own settings say.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * Read with s3control:GetPublicAccessBlock (none set yet: NoSuchPublicAccessBlockConfiguration, todo),
 * set with s3control:PutPublicAccessBlock, verified by reading it back.
 */
import { plannedCalls, runActions, type S3ControlAction } from '../aws/actions/index.js';
import { accountPublicAccessBlock, PUBLIC_ACCESS_SETTINGS, type PublicAccessBlock } from '../aws/s3control.js';
import { defineStep, type ComparisonTable, type Finding, type StepContext } from './types.js';

interface Data {
  /** What AWS has; undefined when the account has no configuration at all. */
  current: PublicAccessBlock | undefined;
}

const ALL_ON: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** What each setting does, in the words of the S3 User Guide's "Block public access settings". */
const MEANING: Record<keyof PublicAccessBlock, string> = {
  BlockPublicAcls: 'refuse new public ACLs',
  IgnorePublicAcls: 'ignore existing public ACLs',
  BlockPublicPolicy: 'refuse new public bucket policies',
  RestrictPublicBuckets: 'existing public policies grant nothing',
};

/** The confirmation's promise: what it blocks, what it leaves as it is. */
export const EFFECT =
  'It applies to every bucket and access point in the account, now and later: public ACLs are refused or ignored, and a public bucket policy is refused; a bucket policy that is public today stops granting public and cross-account access (it becomes ineffective, it is not deleted). Nothing else changes: no object, ACL or policy is removed, and access through IAM, from this account or through CloudFront with origin access control keeps working. A public website served straight from S3 stops being reachable.';

const allOn = (c: PublicAccessBlock | undefined): boolean => c !== undefined && PUBLIC_ACCESS_SETTINGS.every((k) => c[k]);

function tableFor(current: PublicAccessBlock | undefined): ComparisonTable {
  return {
    columns: ['', 'current', 'proposed'],
    rows: PUBLIC_ACCESS_SETTINGS.map((k) => {
      const now = current ? (current[k] ? 'on' : 'off') : 'not set';
      return { label: `${k} (${MEANING[k]})`, current: now, proposed: 'on', changes: now !== 'on' };
    }),
  };
}

function findingFor(current: PublicAccessBlock | undefined): Finding<Data> {
  const data = { current };
  const table = tableFor(current);
  if (allOn(current)) return { status: 'done', summary: 'S3 Block Public Access is on for the whole account (all four settings).', table, data };
  const off = current ? PUBLIC_ACCESS_SETTINGS.filter((k) => !current[k]) : [];
  const now = current ? `Account-level S3 Block Public Access has ${off.join(', ')} off.` : 'The account has no account-level S3 Block Public Access: each bucket decides for itself.';
  return { status: 'todo', summary: `${now} Turning all four on: ${EFFECT}`, table, data };
}

/** Plan and apply both come from here. */
function actionsFor(ctx: StepContext, d: Data): S3ControlAction[] {
  if (allOn(d.current)) return [];
  return [
    {
      service: 's3control',
      op: 'PutPublicAccessBlock',
      input: { AccountId: ctx.identity.account, PublicAccessBlockConfiguration: { ...ALL_ON } },
      note: 'all four settings on for every bucket of the account; existing public bucket policies become ineffective, nothing is deleted',
    },
  ];
}

export const s3PublicAccessStep = defineStep<Data>({
  id: 's3-public-access',
  title: 'S3 public access',
  why: 'One account-wide switch keeps any bucket from being made public by mistake, whatever its own ACLs and policies say.',

  async check(ctx) {
    return findingFor(await accountPublicAccessBlock(ctx.aws, ctx.identity.account));
  },

  plan(ctx, finding) {
    return plannedCalls(actionsFor(ctx, finding.data ?? { current: undefined }));
  },

  async apply(ctx) {
    // Read again: the plan may be minutes old. One read, one call: nothing to order.
    await runActions(ctx.aws, actionsFor(ctx, { current: await accountPublicAccessBlock(ctx.aws, ctx.identity.account) }));
  },
});
