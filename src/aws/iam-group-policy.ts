/**
 * A group's inline policies (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html):
 * the MFA guard is one, so that it goes with the group and is read back by name. PutGroupPolicy sets
 * the document (sending it twice is sending it once); "not found" is undefined, not an exception.
 */
import type { Aws } from './context.js';
import { isAwsError } from './error-map.js';
import { bornWithout } from './implied.js';

/**
 * The group's inline policy document, parsed; undefined when the group or the policy does not exist.
 * IAM returns the document URL-encoded (RFC 3986), as GetGroupPolicy's reference says.
 */
export async function getGroupPolicy(aws: Aws, group: string, name: string): Promise<unknown> {
  if (bornWithout(aws, 'group', group, 'group-policy')) return undefined;
  const { GetGroupPolicyCommand } = await import('@aws-sdk/client-iam');
  try {
    const out = await (await aws.client('iam')).send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: name }));
    return parseDocument(out.PolicyDocument);
  } catch (e) {
    if (isAwsError(e, 'NoSuchEntity')) return undefined;
    throw e;
  }
}

export async function putGroupPolicy(aws: Aws, group: string, name: string, document: unknown): Promise<void> {
  const { PutGroupPolicyCommand } = await import('@aws-sdk/client-iam');
  await (await aws.client('iam')).send(new PutGroupPolicyCommand({ GroupName: group, PolicyName: name, PolicyDocument: JSON.stringify(document) }));
}

/** The document as JSON: URL-encoded as IAM sends it, or plain (an SDK or emulator that decoded it). */
export function parseDocument(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const attempt = (s: string) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return undefined;
    }
  };
  if (text.trimStart().startsWith('{')) return attempt(text);
  try {
    return attempt(decodeURIComponent(text));
  } catch {
    return undefined;
  }
}
