/** The steps, in the order the wizard walks them. Order matters: see DESIGN.md "The steps". */
import { accessAnalyzerStep } from './access-analyzer/index.js';
import { accessKeyStep } from './access-key/index.js';
import { adminGroupStep } from './admin-group.js';
import { adminMfaStep } from './admin-mfa.js';
import { adminUserStep } from './admin-user.js';
import { budgetStep } from './budget/index.js';
import { cloudtrailStep } from './cloudtrail/index.js';
import { guarddutyStep } from './guardduty.js';
import { awsConfigStep } from './aws-config/index.js';
import { securityHubStep } from './security-hub.js';
import { defaultSecurityGroupsStep } from './default-security-groups/index.js';
import { ebsEncryptionStep } from './ebs-encryption/index.js';
import { kmsKeyStep } from './kms-key/index.js';
import { mfaGuardStep } from './mfa-guard/index.js';
import { passwordPolicyStep } from './password-policy.js';
import { rootAccessKeysStep } from './root-access-keys.js';
import { rootMfaStep } from './root-mfa.js';
import { s3PublicAccessStep } from './s3-public-access.js';
import { securityContactStep } from './security-contact/index.js';
import { supportRoleStep } from './support-role.js';
import { trailAlarmsStep } from './trail-alarms/index.js';
import { trailBucketLoggingStep } from './trail-bucket-logging/index.js';
import type { Step } from './types.js';

export const STEPS: readonly Step[] = [
  rootMfaStep,
  adminGroupStep,
  adminUserStep,
  adminMfaStep,
  accessKeyStep,
  passwordPolicyStep,
  kmsKeyStep,
  cloudtrailStep,
  budgetStep,
  securityContactStep,
  s3PublicAccessStep,
  supportRoleStep,
  ebsEncryptionStep,
  accessAnalyzerStep,
  defaultSecurityGroupsStep,
  guarddutyStep,
  awsConfigStep,
  securityHubStep,
  trailBucketLoggingStep,
  trailAlarmsStep,
  // Last, and only once the admin key is proven: it removes the keys the wizard may be running on.
  rootAccessKeysStep,
  // After the root keys: from here on nothing signs with a long-term admin key, which the guard denies.
  mfaGuardStep,
];

export type { Step, StepId, StepContext, Finding, Question, Answers, PlannedCall } from './types.js';
