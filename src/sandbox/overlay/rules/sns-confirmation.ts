/**
 * SNS e-mail subscriptions wait for the recipient to confirm: "If the subscription requires
 * confirmation, the response is `pending confirmation`" to Subscribe (unless ReturnSubscriptionArn is
 * true), and ListSubscriptionsByTopic / ListSubscriptions give `PendingConfirmation` as the
 * SubscriptionArn until the link in the e-mail is clicked
 * (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html). moto 5.2.1 confirms every
 * subscription at once (moto/sns/models.py `subscribe`: `PendingConfirmation: False`). In the sandbox
 * nobody reads the e-mail, so an `email` / `email-json` subscription stays pending; the rule rewrites
 * moto's answers to say so (its ARN stays moto's, so deleting it still works).
 */
import type { Buffered } from '../http.js';
import type { OverlayRequest, Rule } from '../types.js';

const CONFIRMED_BY_EMAIL = new Set(['email', 'email-json']);

export class SnsEmailConfirmation implements Rule {
  readonly name = 'sns-email-confirmation';
  readonly services = ['sns'] as const;
  /** ARNs of the e-mail subscriptions moto made; all pending, since no one clicks in the sandbox. */
  private pending = new Set<string>();

  reset(): void {
    this.pending.clear();
  }

  after(req: OverlayRequest, answer: Buffered): Buffer | undefined {
    if (answer.status !== 200) return undefined;
    const xml = answer.body.toString('utf8');
    switch (req.action) {
      case 'Subscribe': {
        if (!CONFIRMED_BY_EMAIL.has(req.params.get('Protocol') ?? '')) return undefined;
        const arn = /<SubscriptionArn>([^<]*)<\/SubscriptionArn>/.exec(xml)?.[1];
        if (!arn) return undefined;
        this.pending.add(arn);
        if (req.params.get('ReturnSubscriptionArn') === 'true') return undefined;
        return Buffer.from(xml.replace(`<SubscriptionArn>${arn}</SubscriptionArn>`, '<SubscriptionArn>pending confirmation</SubscriptionArn>'), 'utf8');
      }
      case 'ListSubscriptionsByTopic':
      case 'ListSubscriptions': {
        const out = xml.replace(/<SubscriptionArn>([^<]*)<\/SubscriptionArn>/g, (whole, arn: string) => (this.pending.has(arn) ? '<SubscriptionArn>PendingConfirmation</SubscriptionArn>' : whole));
        return out === xml ? undefined : Buffer.from(out, 'utf8');
      }
      case 'Unsubscribe':
        this.pending.delete(req.params.get('SubscriptionArn') ?? '');
        return undefined;
      default:
        return undefined;
    }
  }
}
