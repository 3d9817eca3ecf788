/**
 * How `--yes` answers the runner when nobody is at the keyboard: every prompt with its default (or
 * --config's answer), never waiting for a human. Shared by the headless printer and the plan collector.
 */
import { padId } from '../format/step-id.js';
import { awsDisagrees, awsNow } from '../engine/resume.js';
import type { ReplyTo } from '../engine/runner.js';
import type { Prompt } from '../engine/state.js';
import { GLYPHS } from '../format/glyphs.js';
import { formatWhen } from '../format/when.js';

/** `say` gets the lines worth printing on the way (where AWS disagrees with the journal). */
export function answerAsYes<P extends Prompt>(prompt: P, say: (line: string) => void): Promise<ReplyTo<P>> {
  const reply = (() => {
    switch (prompt.kind) {
      case 'start':
        // Resuming: where AWS now shows otherwise than the journal, say so before the steps run.
        for (const s of prompt.resume?.steps ?? []) {
          if (awsDisagrees(s))
            say(`${GLYPHS.disagrees.symbol} ${padId(s.id)} journal: ${s.status} ${formatWhen(s.at)}; ${awsNow(s) ?? ''}${s.now?.detail ? ` (${s.now.detail.replace(/\.$/, '')})` : ''}`);
        }
        return 'start';
      case 'questions':
        return { answers: prompt.defaults };
      case 'confirm':
        return 'apply';
      case 'failure':
        return 'quit';
      // Steps that need a person are skipped before they ask (needsHuman); this is the safety net.
      case 'wait':
      case 'mfa':
        return 'skip';
      // Never printed: the secret is in the keychain.
      case 'reveal':
        return 'done';
      default: {
        const never: never = prompt;
        throw new Error(`unhandled prompt ${JSON.stringify(never)}`);
      }
    }
  })();
  return Promise.resolve(reply as ReplyTo<P>);
}
