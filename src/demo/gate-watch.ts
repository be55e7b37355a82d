import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { utcClockTime } from '../core/time-format.ts';
import { type Every, every } from './fleet.ts';
import type { PushTarget } from './push.ts';

/** What the demo reads of `GET /api/v1/deploy-gates/{service}/verdict`. */
export interface ObservedVerdict {
  decision: 'allow' | 'warn' | 'block';
  /** The worst budget state; `no_data` before the first evaluation has read any SLI. */
  state?: string | null;
  budgetRemaining: number | null;
  reasons: Array<{ source: string; decision: string; message: string }>;
}

/** What changed, as one line: a decision or the set of sources behind it; nothing when neither did. */
export function describeGateChange(input: {
  service: string;
  change: string;
  previous: ObservedVerdict | undefined;
  next: ObservedVerdict;
}): string | undefined {
  const { previous, next } = input;
  const sources = (v: ObservedVerdict) =>
    v.reasons
      .filter((r) => r.decision === v.decision)
      .map((r) => r.source)
      .sort()
      .join(' ');
  if (previous && previous.decision === next.decision && sources(previous) === sources(next))
    return undefined;
  const why = next.reasons.filter((r) => r.decision === next.decision).map((r) => r.message);
  const budget =
    next.budgetRemaining === null ? '' : `, least budget left ${(next.budgetRemaining * 100).toFixed(1)} %`;
  return `deploy gate, ${input.service} (${input.change} change): ${next.decision.toUpperCase()}${budget}${why.length > 0 ? ` — ${why.join('; ')}` : ''}`;
}

export interface GateWatchOptions extends PushTarget {
  service: string;
  /** @default 'feature' */
  change?: string;
  clock: Clock;
  say: (line: string) => void;
  log: Logger;
  /** @default 5_000 */
  pollMs?: number;
  every?: Every;
}

/**
 * The demo's release manager: asks the deploy gate what it would answer a feature change to `service`,
 * as a pipeline would, and says so whenever the answer (or what it rests on) changes.
 */
export function watchGate(options: GateWatchOptions): { stop(): Promise<void> } {
  const change = options.change ?? 'feature';
  const url = `${options.baseUrl}/api/v1/deploy-gates/${encodeURIComponent(options.service)}/verdict?change=${change}`;
  let previous: ObservedVerdict | undefined;
  const poll = async () => {
    try {
      const response = await (options.fetch ?? fetch)(url, {
        headers: { authorization: `Bearer ${options.token}` },
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
      const { data } = (await response.json()) as { data: ObservedVerdict };
      // Right after the start no SLO has been evaluated yet: that answer says nothing about the budget.
      if (previous === undefined && data.state === 'no_data') return;
      const line = describeGateChange({ service: options.service, change, previous, next: data });
      previous = data;
      if (line) options.say(`${utcClockTime(options.clock.now())}  ${line}`);
    } catch (error) {
      options.log.warn({ err: error }, 'demo gate check failed');
    }
  };
  void poll();
  return { stop: (options.every ?? every)(options.pollMs ?? 5_000, poll) };
}
