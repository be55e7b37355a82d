/**
 * DORA's four delivery metrics and their performance bands, pure. Bands follow seed 003 §11's table; where
 * its ranges leave gaps (lead time between 1 h and 1 day; deploy frequency between daily and weekly), the
 * gap goes to the better band, so every value has exactly one band:
 *
 * | metric | elite | high | medium | low |
 * | --- | --- | --- | --- | --- |
 * | deployment frequency | ≥ 1 a day | ≥ 12 a year | ≥ 2 a year | less |
 * | lead time (median) | < 1 h | < 1 week | < 1 month (30 d) | longer |
 * | change failure rate | ≤ 5 % | ≤ 10 % | ≤ 15 % | more |
 * | time to restore (median) | < 1 h | < 1 day | < 1 week | longer |
 */

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

const HOUR_S = 3_600;
const DAY_S = 24 * HOUR_S;

/** One deploy as the report counts it. */
export interface DeliveryDeploy {
  id: number;
  startedMs: number;
  outcome: 'succeeded' | 'failed' | 'rolled_back' | null;
  /** Oldest commit → finished, for a deploy that succeeded with commits. */
  leadTimeSeconds: number | null;
  /** Incidents that name it as their cause: [started, resolved] (resolved null while open). */
  causedIncidents: Array<{ id: number; startedMs: number; resolvedMs: number | null }>;
}

export interface DeliveryFigures {
  deploys: number;
  deploymentFrequency: { succeeded: number; perDay: number; band: DoraBand | null };
  leadTime: { count: number; medianSeconds: number | null; p90Seconds: number | null; band: DoraBand | null };
  changeFailureRate: { failed: number; total: number; rate: number | null; band: DoraBand | null };
  timeToRestore: { count: number; medianSeconds: number | null; band: DoraBand | null };
}

/** The q-quantile of `values` by linear interpolation between closest ranks (R's type 7); null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lower = sorted[low] as number;
  return lower + ((sorted[high] as number) - lower) * (position - low);
}

export function frequencyBand(perDay: number): DoraBand {
  if (perDay >= 1) return 'elite';
  if (perDay >= 12 / 365) return 'high';
  if (perDay >= 2 / 365) return 'medium';
  return 'low';
}

export function leadTimeBand(seconds: number): DoraBand {
  if (seconds < HOUR_S) return 'elite';
  if (seconds < 7 * DAY_S) return 'high';
  if (seconds < 30 * DAY_S) return 'medium';
  return 'low';
}

export function failureRateBand(rate: number): DoraBand {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export function restoreBand(seconds: number): DoraBand {
  if (seconds < HOUR_S) return 'elite';
  if (seconds < DAY_S) return 'high';
  if (seconds < 7 * DAY_S) return 'medium';
  return 'low';
}

/**
 * The four figures over deploys started in a range of `rangeDays` days. A deploy counts as a change failure
 * when it was rolled back or an incident names it as its cause (once per deploy, however many incidents);
 * the rate is over deploys that ended. Time to restore is from an incident's onset to its resolution, for
 * resolved incidents caused by these deploys.
 */
export function deliveryFigures(deploys: readonly DeliveryDeploy[], rangeDays: number): DeliveryFigures {
  const succeeded = deploys.filter((d) => d.outcome === 'succeeded').length;
  const perDay = rangeDays > 0 ? succeeded / rangeDays : 0;
  const leadTimes = deploys.flatMap((d) => (d.leadTimeSeconds === null ? [] : [d.leadTimeSeconds]));
  const ended = deploys.filter((d) => d.outcome !== null);
  const failed = ended.filter((d) => d.outcome === 'rolled_back' || d.causedIncidents.length > 0).length;
  const rate = ended.length === 0 ? null : failed / ended.length;
  const seen = new Set<number>();
  const restores: number[] = [];
  for (const deploy of deploys) {
    for (const incident of deploy.causedIncidents) {
      if (incident.resolvedMs === null || seen.has(incident.id)) continue;
      seen.add(incident.id);
      restores.push((incident.resolvedMs - incident.startedMs) / 1000);
    }
  }
  const medianLead = quantile(leadTimes, 0.5);
  const medianRestore = quantile(restores, 0.5);
  return {
    deploys: deploys.length,
    deploymentFrequency: { succeeded, perDay, band: deploys.length === 0 ? null : frequencyBand(perDay) },
    leadTime: {
      count: leadTimes.length,
      medianSeconds: medianLead,
      p90Seconds: quantile(leadTimes, 0.9),
      band: medianLead === null ? null : leadTimeBand(medianLead),
    },
    changeFailureRate: {
      failed,
      total: ended.length,
      rate,
      band: rate === null ? null : failureRateBand(rate),
    },
    timeToRestore: {
      count: restores.length,
      medianSeconds: medianRestore,
      band: medianRestore === null ? null : restoreBand(medianRestore),
    },
  };
}
