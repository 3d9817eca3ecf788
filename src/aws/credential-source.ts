/**
 * How the wizard was started, said on its first screen and line: a console sign-in session (`aws login`),
 * IAM Identity Center (SSO), long-term access keys, the admin profile aws-harden wrote, … — and what
 * that means for the steps. Read from the same places the SDK's credential chain reads, in its order
 * (https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html): explicit keys in the
 * environment, then the profile's settings. It never reads a secret's value.
 */
import { profileInForce, readProfile } from './config-file.js';
import { credentialsFilePath } from './profiles.js';

export type CredentialKind = 'console-session' | 'sso' | 'access-keys' | 'session-keys' | 'admin-profile' | 'role' | 'process' | 'web-identity' | 'sandbox' | 'other';

export interface CredentialSource {
  kind: CredentialKind;
  /** A few words for the first screen, e.g. "console sign-in session (aws login)". */
  label: string;
  /** What it means for the run, in one sentence. */
  meaning: string;
}

const LONG_TERM_ROOT = 'Long-term root access keys: AWS advises against them; the root-access-keys step deletes them once the admin key works. Next time start from `aws login` instead.';

/** What each sandbox shape hands the operator (src/sandbox/shapes.ts). */
function sandboxSource(shape: string): CredentialSource {
  if (shape === 'console-login')
    return {
      kind: 'sandbox',
      label: "the sandbox root's console sign-in session (as aws login gives it)",
      meaning: 'Short-lived root credentials: no root access keys exist, and the root-access-keys step confirms it.',
    };
  if (shape === 'org-member')
    return { kind: 'sandbox', label: "the sandbox's OrganizationAccountAccessRole session", meaning: 'An organization role: root-only steps are checked and explained, not done.' };
  return { kind: 'sandbox', label: "the sandbox's root access key", meaning: 'As a new account started with root keys: the root-access-keys step deletes them once the admin key works.' };
}

/** `isRoot`: the caller, as STS reported it. `sandboxShape`: set for a --sandbox run. */
export function credentialSource(env: NodeJS.ProcessEnv, profile: string | undefined, isRoot: boolean, sandboxShape?: string): CredentialSource {
  if (sandboxShape !== undefined) return sandboxSource(sandboxShape);
  // The SDK skips the environment's keys when a profile is named (--profile or AWS_PROFILE).
  if (!profile && !env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    if (env.AWS_SESSION_TOKEN)
      return {
        kind: 'session-keys',
        label: 'temporary keys from the environment (AWS_SESSION_TOKEN)',
        meaning: 'Short-lived credentials: nothing long-term is left on this machine by how you started.',
      };
    return isRoot
      ? { kind: 'access-keys', label: 'root access keys from the environment', meaning: LONG_TERM_ROOT }
      : { kind: 'access-keys', label: 'access keys from the environment', meaning: 'Long-term keys of an IAM user: root-only steps are checked and explained, not done.' };
  }
  const { name, settings } = profileInForce(env, profile);
  const stored = readProfile(credentialsFilePath(env), name, true) ?? {};
  const p = `profile "${name}"`;
  if (settings.login_session) {
    return {
      kind: 'console-session',
      label: `console sign-in session (aws login, ${p})`,
      meaning: isRoot
        ? 'Short-lived root credentials from your console sign-in (with its MFA): no root access keys were needed, and the root-access-keys step confirms none exist.'
        : 'Short-lived credentials from your console sign-in: nothing long-term is on this machine.',
    };
  }
  if (settings.sso_session || settings.sso_start_url)
    return { kind: 'sso', label: `IAM Identity Center (SSO, ${p})`, meaning: 'Short-lived credentials from IAM Identity Center: root-only steps are checked and explained, not done.' };
  if (settings.role_arn) return { kind: 'role', label: `assumed role (${p})`, meaning: 'Short-lived credentials of a role: root-only steps are checked and explained, not done.' };
  if (settings.web_identity_token_file)
    return { kind: 'web-identity', label: `web identity (${p})`, meaning: 'Short-lived credentials of a role: root-only steps are checked and explained, not done.' };
  if (settings.credential_process) {
    // Ours by its arguments (the install's path need not say aws-harden: a clone, a renamed folder).
    const ours = /\bcredential-process --account \d{12} --user /.test(settings.credential_process);
    const session = /--mfa-serial /.test(settings.credential_process);
    if (!ours) return { kind: 'process', label: `credential_process (${p})`, meaning: 'Credentials from an external process.' };
    return session
      ? {
          kind: 'admin-profile',
          label: `the admin profile aws-harden set up (${p})`,
          meaning: 'The admin user, in an MFA session made with a code you typed (kept in the keychain until it expires): root-only steps are checked and explained, not done.',
        }
      : { kind: 'admin-profile', label: `the admin profile aws-harden set up (${p})`, meaning: 'The admin user, through the keychain: root-only steps are checked and explained, not done.' };
  }
  if (settings.aws_access_key_id || stored.aws_access_key_id) {
    if (settings.aws_session_token || stored.aws_session_token)
      return { kind: 'session-keys', label: `temporary keys (${p})`, meaning: 'Short-lived credentials: nothing long-term is left on this machine by how you started.' };
    return isRoot
      ? { kind: 'access-keys', label: `root access keys (${p})`, meaning: `${LONG_TERM_ROOT} Remove them from ~/.aws/credentials afterwards.` }
      : { kind: 'access-keys', label: `access keys (${p})`, meaning: 'Long-term keys of an IAM user: root-only steps are checked and explained, not done.' };
  }
  return {
    kind: 'other',
    label: 'the SDK credential chain (no profile setting recognised)',
    meaning: isRoot ? 'Root credentials: root-only steps can be done.' : 'Root-only steps are checked and explained, not done.',
  };
}
