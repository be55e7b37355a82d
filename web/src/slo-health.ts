/** Summaries of SLO and page lists the views compute in memory (one request per panel). Pure. */
import type { Schemas } from './api.ts';

type Slo = Schemas['SloStatus'];
type SloState = Slo['status'];
type Page = Schemas['Page'];

/** Worst first: what needs a person's attention comes first in every list. */
const ORDER: readonly SloState[] = ['exhausted', 'critical', 'warning', 'caution', 'no_data', 'healthy'];

/** 0 for the worst status; unknown statuses sort with healthy. */
export function statusRank(status: string): number {
  const i = ORDER.indexOf(status as SloState);
  return i === -1 ? ORDER.length - 1 : i;
}

/** The worst of `statuses`, or null for none. */
export function worstStatus(statuses: Iterable<string>): string | null {
  let worst: string | null = null;
  for (const s of statuses) if (worst === null || statusRank(s) < statusRank(worst)) worst = s;
  return worst;
}

/** Whether the SLO needs attention: burning too fast, out of budget, or without data. */
export function inTrouble(status: string): boolean {
  return status !== 'healthy';
}

/** Whether the status calls for action now (warning, critical, exhausted), not just a look (caution). */
export function needsAction(status: string): boolean {
  return statusRank(status) <= statusRank('warning');
}

/** Its firing burn-rate alerts (page, ticket): the budget going too fast. No-data alerts show as no_data. */
export function burnAlerts(slo: Pick<Slo, 'alerts'>): Slo['alerts'] {
  return slo.alerts.filter((a) => a.severity === 'page' || a.severity === 'ticket');
}

/** Whether the SLO needs attention now: not healthy, or a burn-rate alert firing. */
export function sloInTrouble(slo: Pick<Slo, 'status' | 'alerts'>): boolean {
  return inTrouble(slo.status) || burnAlerts(slo).length > 0;
}

/**
 * How urgent an SLO is: its status, raised by a firing alert (a page alert counts as critical, a ticket as
 * warning: the budget is burning too fast even while plenty remains).
 */
export function riskRank(
  slo: Pick<Slo, 'status'> & { alerts?: ReadonlyArray<{ severity: string }> },
): number {
  let rank = statusRank(slo.status);
  for (const alert of slo.alerts ?? []) {
    if (alert.severity === 'page') rank = Math.min(rank, statusRank('critical'));
    else if (alert.severity === 'ticket') rank = Math.min(rank, statusRank('warning'));
  }
  return rank;
}

/** SLOs most urgent first (status and firing alerts), then lowest budget remaining (unknown budgets last). */
export function byRisk<T extends Pick<Slo, 'status' | 'errorBudget' | 'name'> & { alerts?: Slo['alerts'] }>(
  slos: readonly T[],
): T[] {
  const budget = (s: T) => s.errorBudget.remaining ?? Number.POSITIVE_INFINITY;
  return [...slos].sort(
    (a, b) => riskRank(a) - riskRank(b) || budget(a) - budget(b) || a.name.localeCompare(b.name),
  );
}

/** An SLO meets its objective while its SLI is at or above it (it has budget left). */
export function meetsObjective(slo: Pick<Slo, 'sli' | 'objective'>): boolean | null {
  return slo.sli.ratio === null ? null : slo.sli.ratio * 100 >= slo.objective;
}

export interface ServiceHealth {
  service: string;
  slos: number;
  /** SLOs meeting their objective now. */
  meeting: number;
  /** SLOs not healthy or alerting. */
  troubled: number;
  /** SLOs with a burn-rate alert firing. */
  alerting: number;
  worst: string | null;
  lowestBudget: number | null;
}

/** One line per service: how many SLOs, how many meet their objective, the worst status and budget. */
export function healthByService(slos: readonly Slo[]): Map<string, ServiceHealth> {
  const out = new Map<string, ServiceHealth>();
  for (const slo of slos) {
    let h = out.get(slo.service);
    if (!h) {
      h = {
        service: slo.service,
        slos: 0,
        meeting: 0,
        troubled: 0,
        alerting: 0,
        worst: null,
        lowestBudget: null,
      };
      out.set(slo.service, h);
    }
    h.slos += 1;
    if (meetsObjective(slo)) h.meeting += 1;
    if (sloInTrouble(slo)) h.troubled += 1;
    if (burnAlerts(slo).length > 0) h.alerting += 1;
    if (h.worst === null || statusRank(slo.status) < statusRank(h.worst)) h.worst = slo.status;
    const remaining = slo.errorBudget.remaining;
    if (remaining !== null && (h.lowestBudget === null || remaining < h.lowestBudget))
      h.lowestBudget = remaining;
  }
  return out;
}

/** Services worst first (status, then lowest budget, then name). */
export function servicesByRisk(health: Iterable<ServiceHealth>): ServiceHealth[] {
  const budget = (h: ServiceHealth) => h.lowestBudget ?? Number.POSITIVE_INFINITY;
  return [...health].sort(
    (a, b) =>
      serviceRiskRank(a) - serviceRiskRank(b) || budget(a) - budget(b) || a.service.localeCompare(b.service),
  );
}

/** A service's urgency: its worst SLO status, raised to critical while one of its SLOs alerts. */
export function serviceRiskRank(health: Pick<ServiceHealth, 'worst' | 'alerting'> | undefined): number {
  const status = statusRank(health?.worst ?? 'healthy');
  return health?.alerting ? Math.min(status, statusRank('critical')) : status;
}

/** The burn rate of the fast page alert's long window (1 h), the first sign of a fast burn. */
export const HEADLINE_BURN_WINDOW = '1h';

export interface PagesWindow {
  /** Pages created in the last `hours`. */
  recent: Page[];
  bySeverity: Record<Page['severity'], number>;
  /** Pages created in the `hours` before that: the baseline to compare with. */
  previous: number;
  open: number;
}

/** Pages of the last `hours` (newest first as given), counted by severity, and the period before as a baseline. */
export function pagesInLast(pages: readonly Page[], nowMs: number, hours = 24): PagesWindow {
  const spanMs = hours * 3_600_000;
  const bySeverity: PagesWindow['bySeverity'] = { P0: 0, P1: 0, P2: 0, P3: 0, P4: 0 };
  const recent: Page[] = [];
  let previous = 0;
  let open = 0;
  for (const page of pages) {
    const age = nowMs - Date.parse(page.createdAt);
    if (age <= spanMs) {
      recent.push(page);
      bySeverity[page.severity] += 1;
      if (page.status !== 'resolved') open += 1;
    } else if (age <= 2 * spanMs) previous += 1;
  }
  return { recent, bySeverity, previous, open };
}

/** "3 more than the 24 h before", "as many as…", for a count against its baseline. */
export function changeText(now: number, before: number, period: string): string {
  if (now === before) return `as many as the ${period} before`;
  const diff = Math.abs(now - before);
  return `${diff} ${now > before ? 'more' : 'fewer'} than the ${period} before (${before})`;
}
