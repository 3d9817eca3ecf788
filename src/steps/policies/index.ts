/**
 * Pure builders for the two resource policies the logging steps write: the KMS key policy and the
 * trail bucket's policy. Both are *merged* into what is there: statements aws-harden does not own are
 * kept (never lock the account out, never drop someone's grant), statements it owns are recognised by
 * Sid and rewritten. A policy is "done" when merging changes nothing (a fixed point), so re-running a
 * finished step proposes no write.
 *
 * Statement texts follow AWS's documentation:
 * - key: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * - bucket: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export { DEFAULT_TRAIL_NAME, canonical, parsePolicy, partitionOf, policyText, samePolicy, trailArn, type PolicyDocument, type PolicyScope, type PolicyStatement } from './document.js';
export * from './key.js';
export * from './bucket.js';
export * from './access-logs.js';
