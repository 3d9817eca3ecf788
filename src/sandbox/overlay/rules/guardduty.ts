/**
 * GuardDuty allows one detector per account per Region ("You can have only one detector per account
 * per Region", https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html);
 * moto 5.2.1 makes a second one (moto/guardduty/models.py `create_detector`). AWS refuses it with
 * HTTP 400 BadRequestException, "The request is rejected because a detector already exists for the
 * current account." (the text operators quote, e.g. hashicorp/terraform-provider-aws#11780), whose
 * `__type` member is InvalidInputException.
 */
import type { Reply } from '../http.js';
import { motoRestJson, restJsonError } from '../rest-json.js';
import type { OverlayRequest, Rule, RuleContext } from '../types.js';

export class GuardDutyOneDetector implements Rule {
  readonly name = 'guardduty-one-detector';
  readonly services = ['guardduty'] as const;

  constructor(private readonly ctx: RuleContext) {}

  async before(req: OverlayRequest): Promise<Reply | undefined> {
    if (req.method !== 'POST' || req.url.pathname !== '/detector') return undefined;
    const listed = await motoRestJson(this.ctx, 'guardduty', req.region, 'GET', '/detector');
    const ids = Array.isArray(listed.value.detectorIds) ? listed.value.detectorIds : [];
    if (ids.length === 0) return undefined;
    return restJsonError(400, 'BadRequestException', { message: 'The request is rejected because a detector already exists for the current account.', __type: 'InvalidInputException' });
  }
}
