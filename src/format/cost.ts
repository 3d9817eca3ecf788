/** What a paid step costs, in the words every screen uses (the confirmation, --yes, the dry-run plan). */
import type { StepCost } from '../steps/types.js';

export function costLine(cost: StepCost): string {
  return `Costs money: ${cost.summary} Pricing: ${cost.pricing}`;
}
