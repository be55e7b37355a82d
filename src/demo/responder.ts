import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { utcClockTime } from '../core/time-format.ts';
import { type Every, every } from './fleet.ts';
import type { PushTarget } from './push.ts';
import {
  nextResponderAction,
  type ObservedIncident,
  type ResponderAction,
  type ResponderMemory,
} from './responder-plan.ts';

interface ApiIncident {
  id: number;
  title: string;
  severity: string;
  status: ObservedIncident['status'];
  declaredAt: string;
  roles: { commander?: string };
  services: string[];
  blastRadius: string[];
  pages: Array<{ status: string }>;
}

export interface ResponderOptions extends PushTarget {
  clock: Clock;
  /** Who plays the commander and the communications lead: the on-call people of these schedules. */
  schedules: { commander: string; communications: string };
  /** One line per step, for the demo's console. */
  say: (line: string) => void;
  log: Logger;
  /** @default 60_000 */
  identifyAfterMs?: number;
  /** @default 30_000 */
  resolveAfterMs?: number;
  /** @default 3_000 */
  pollMs?: number;
  every?: Every;
}

/**
 * The demo's incident team: it answers incidents the way seed 003 asks (roles, public updates at each
 * phase, an all-clear) through the public API, so the demo shows the whole respond-and-learn loop.
 */
export function startResponder(options: ResponderOptions): { stop(): Promise<void> } {
  const memory = new Map<number, ResponderMemory>();
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await (options.fetch ?? fetch)(`${options.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const at = () => utcClockTime(options.clock.now());

  const act = async (incident: ApiIncident, action: ResponderAction) => {
    const base = `/api/v1/incidents/${incident.id}`;
    const update = (status: string, message: string) => api('POST', `${base}/updates`, { status, message });
    switch (action.kind) {
      case 'engage': {
        memory.set(incident.id, { engaged: true });
        const { oncall } = await api<{ oncall: Array<{ schedule: string; person: string | null }> }>(
          'GET',
          '/api/v1/oncall',
        );
        const who = (schedule: string) => oncall.find((o) => o.schedule === schedule)?.person;
        const commander = who(options.schedules.commander);
        const communications = who(options.schedules.communications);
        if (commander) await api('POST', `${base}/roles`, { role: 'commander', person: commander });
        if (communications)
          await api('POST', `${base}/roles`, { role: 'communications', person: communications });
        await update('investigating', 'We are investigating failed payments when placing orders.');
        options.say(
          `${at()}  incident #${incident.id} [${incident.severity}] ${incident.title}: commander ${commander ?? '-'}, comms ${communications ?? '-'}; blast radius ${incident.blastRadius.join(', ') || '-'}; ${options.baseUrl}/incidents/${incident.id}; status page ${options.baseUrl}/status`,
        );
        return;
      }
      case 'identify':
        await api('POST', `${base}/notes`, {
          text: 'payment DB connection pool at 100 %; connections leak on an exception path',
        });
        await update(
          'identified',
          'The cause is identified: the payment service exhausts its database connections. Restarting it.',
        );
        options.say(`${at()}  incident #${incident.id}: cause identified, public update posted`);
        return;
      case 'monitor':
        await update('monitoring', 'Payments succeed again. We are monitoring the fix.');
        memory.set(incident.id, { engaged: true, monitoringSinceMs: options.clock.now() });
        options.say(`${at()}  incident #${incident.id}: alerts resolved, monitoring`);
        return;
      case 'resolve': {
        await update(
          'resolved',
          'All clear: payments have worked normally since the restart. A postmortem will follow.',
        );
        const { postmortem: draft } = await api<{ postmortem: { id: number; required: boolean } | null }>(
          'GET',
          base,
        );
        options.say(
          `${at()}  incident #${incident.id} resolved; ${draft ? `postmortem #${draft.id} drafted (${draft.required ? 'required' : 'optional'}): ${options.baseUrl}/postmortems/${draft.id}` : 'no postmortem drafted'}`,
        );
        return;
      }
    }
  };

  const poll = async () => {
    try {
      const { incidents } = await api<{ incidents: ApiIncident[] }>('GET', '/api/v1/incidents?status=open');
      for (const listed of incidents) {
        const incident = await api<ApiIncident>('GET', `/api/v1/incidents/${listed.id}`);
        const observed: ObservedIncident = {
          id: incident.id,
          status: incident.status,
          declaredAtMs: Date.parse(incident.declaredAt),
          pagesResolved: incident.pages.length > 0 && incident.pages.every((p) => p.status === 'resolved'),
          hasCommander: Boolean(incident.roles.commander),
        };
        const step = nextResponderAction(observed, memory.get(incident.id) ?? {}, {
          nowMs: options.clock.now(),
          identifyAfterMs: options.identifyAfterMs ?? 60_000,
          resolveAfterMs: options.resolveAfterMs ?? 30_000,
        });
        if (step) await act(incident, step);
      }
    } catch (error) {
      options.log.warn({ err: error }, 'demo responder step failed');
    }
  };
  return { stop: (options.every ?? every)(options.pollMs ?? 3_000, poll) };
}
