import { MINUTE_MS } from '../core/duration.ts';
import { isNinesError, type Problem } from '../core/errors.ts';
import type { Slo } from '../specs/index.ts';
import { catastrophicFallbackMs } from './burn-alerts.ts';
import { isKnownTimeZone } from './calendar.ts';
import { parseRecurrence } from './exclusions.ts';
import { ringForWindow } from './series-layout.ts';

function checkExclusions(slo: Slo): Problem[] {
  return slo.exclusions.flatMap((exclusion, i): Problem[] => {
    const path = `exclusions.${i}`;
    if (exclusion.kind === 'once') {
      return exclusion.endMs > exclusion.startMs ? [] : [{ path, message: 'end must be after start' }];
    }
    const problems: Problem[] = [];
    if (!(exclusion.durationMs > 0))
      problems.push({ path: `${path}.durationMs`, message: 'must be positive' });
    if (!isKnownTimeZone(exclusion.timeZone)) {
      problems.push({ path: `${path}.timeZone`, message: `unknown time zone "${exclusion.timeZone}"` });
    }
    try {
      parseRecurrence(exclusion.rrule);
    } catch (error) {
      if (!isNinesError(error)) throw error;
      problems.push({ path: `${path}.rrule`, message: error.message });
    }
    return problems;
  });
}

function checkBurnWindows(slo: Slo): Problem[] {
  const message = 'burn windows must be whole minutes up to 6h, or whole multiples of 10 minutes up to 3d';
  return (['page', 'ticket', 'catastrophic'] as const).flatMap((tier) =>
    slo.alerting[tier].conditions.flatMap((condition, i): Problem[] => {
      const path = `alerting.${tier}.conditions.${i}`;
      const problems: Problem[] = [];
      if (!ringForWindow(condition.longWindowMs)) problems.push({ path: `${path}.longWindowMs`, message });
      if (!ringForWindow(condition.shortWindowMs)) problems.push({ path: `${path}.shortWindowMs`, message });
      if (!(condition.burnRate > 0)) problems.push({ path: `${path}.burnRate`, message: 'must be positive' });
      if (tier === 'catastrophic' && !ringForWindow(catastrophicFallbackMs(condition))) {
        problems.push({ path: `${path}.shortWindowMs`, message: 'must leave room for one more minute' });
      }
      return problems;
    }),
  );
}

/** What the SLO engine cannot evaluate in an otherwise valid SLO, with the path of each problem. */
export function checkSloForEngine(slo: Slo): Problem[] {
  const problems: Problem[] = [];
  if (!(slo.objective > 0 && slo.objective < 100)) {
    problems.push({ path: 'objective', message: 'must be above 0 and below 100 (percent)' });
  }
  if (slo.window.kind === 'rolling' && !(slo.window.durationMs >= MINUTE_MS)) {
    problems.push({ path: 'window.durationMs', message: 'must be at least one minute' });
  }
  if (slo.window.kind === 'calendar' && !isKnownTimeZone(slo.window.timeZone)) {
    problems.push({ path: 'window.timeZone', message: `unknown time zone "${slo.window.timeZone}"` });
  }
  if (slo.budgeting.method === 'timeslices') {
    const { sliceMs, sliceTarget } = slo.budgeting;
    if (!(sliceMs > 0 && sliceMs % MINUTE_MS === 0)) {
      problems.push({ path: 'budgeting.sliceMs', message: 'must be a whole number of minutes' });
    }
    if (!(sliceTarget > 0 && sliceTarget <= 1)) {
      problems.push({ path: 'budgeting.sliceTarget', message: 'must be above 0 and at most 1' });
    }
  }
  return [...problems, ...checkBurnWindows(slo), ...checkExclusions(slo)];
}
