import type { IncidentSeverity, PostmortemCriteria } from '../specs/index.ts';
import type { BudgetFigures } from './budget-math.ts';

/** What the requirement looks at: the incident's severity and data loss, and each SLO's budget figures. */
export interface RequirementInput {
  severity: IncidentSeverity;
  dataLoss: boolean;
}

/** Whether policy requires a postmortem, and every criterion that held (`severity:SEV2`, `budget:api:42.0%`). */
export interface PostmortemRequirement {
  required: boolean;
  reasons: string[];
}

/** Seed 003 §05: any one criterion suffices; all that hold are listed, so reviewers see why. */
export function postmortemRequirement(
  incident: RequirementInput,
  impacts: ReadonlyArray<Pick<BudgetFigures, 'consumedPercent' | 'breached'> & { slo: string }>,
  policy: PostmortemCriteria,
): PostmortemRequirement {
  const reasons: string[] = [];
  if (policy.severities.includes(incident.severity)) reasons.push(`severity:${incident.severity}`);
  for (const impact of impacts) {
    if (policy.sloBreach && impact.breached) reasons.push(`slo_breach:${impact.slo}`);
  }
  const limit = policy.budgetConsumedPercent;
  if (limit !== null) {
    for (const impact of impacts) {
      if (impact.consumedPercent !== null && impact.consumedPercent > limit) {
        reasons.push(`budget:${impact.slo}:${impact.consumedPercent.toFixed(1)}%`);
      }
    }
  }
  if (policy.dataLoss && incident.dataLoss) reasons.push('data_loss');
  return { required: reasons.length > 0, reasons };
}
